package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// KMS is asked only about the keys the region's functions encrypt their
// environment with: whether each is customer managed (KMSKey.Manager),
// and, for a customer managed key, whether it rotates and its key policy.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
var (
	opDescribeKey = op(kms.ServiceID, "DescribeKey", "kms:DescribeKey",
		"whether each key the functions' environments use is customer managed", "LS301", "LS307")
	opGetKeyRotationStatus = op(kms.ServiceID, "GetKeyRotationStatus", "kms:GetKeyRotationStatus",
		"whether automatic rotation is on for the functions' customer managed keys", "LS307")
	opGetKeyPolicy = op(kms.ServiceID, "GetKeyPolicy", "kms:GetKeyPolicy",
		"the key policy of the functions' customer managed keys (keys of the account only)", "LS213")
)

// collectKeys reads the customer managed keys of the region's functions.
func (r *region) collectKeys(ctx context.Context) {
	seen := map[string]bool{}
	for _, f := range r.regionFunctions() {
		if f.KMSKey != "" {
			seen[f.KMSKey] = true
		}
	}
	refs := setKeys(seen)
	if len(refs) == 0 {
		return
	}
	client := kms.NewFromConfig(r.cfg)
	keys := make([]*inventory.KMSKey, len(refs))
	r.each(ctx, len(refs), func(i int) { keys[i] = r.kmsKey(ctx, client, refs[i]) })
	var out []*inventory.KMSKey
	for _, k := range keys {
		if k != nil {
			out = append(out, k)
		}
	}
	r.add(func(e *inventory.Estate) { e.KMSKeys = append(e.KMSKeys, out...) })
}

// kmsKey reads one key ref (an ARN) names. It returns nil for a key that
// does not exist. A key DescribeKey cannot read is
// kept with a Gap for everything: whether it is customer managed is not
// known.
func (r *region) kmsKey(ctx context.Context, client *kms.Client, ref string) *inventory.KMSKey {
	d, err := client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(ref)})
	switch {
	case isNotFound(err):
		return nil
	case err != nil:
		k := &inventory.KMSKey{Resource: inventory.Resource{ID: ref, ARN: ref, Name: keyIDOf(ref), Region: r.name, Source: inventory.Source{ARN: ref}}}
		gap(&k.Resource, call(opDescribeKey), err, inventory.FieldAll)
		return k
	case d.KeyMetadata == nil:
		return nil
	}
	return r.customerKey(ctx, client, *d.KeyMetadata)
}

// customerKey maps a key DescribeKey returned, reading its rotation and
// policy when it is customer managed; an AWS managed key is kept with
// Manager KeyManagerAWS and nothing more read (AWS rotates those keys
// every year).
func (r *region) customerKey(ctx context.Context, client *kms.Client, md kmstypes.KeyMetadata) *inventory.KMSKey {
	arn := aws.ToString(md.Arn)
	k := &inventory.KMSKey{Resource: inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(md.KeyId), Region: r.name, Source: inventory.Source{ARN: arn}},
		Manager: string(md.KeyManager), Origin: string(md.Origin)}
	if md.KeyManager != kmstypes.KeyManagerTypeCustomer {
		return k
	}
	rot, err := client.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(arn)})
	if err != nil {
		gap(&k.Resource, call(opGetKeyRotationStatus), err, inventory.FieldRotation)
	} else {
		k.RotationEnabled = rot.KeyRotationEnabled
	}
	if owner := aws.ToString(md.AWSAccountId); owner != "" && owner != r.id {
		// GetKeyPolicy does not work across accounts.
		k.AddGap(inventory.FieldPermissions, "the key belongs to account "+owner+", whose key policy this account cannot read", "")
		return k
	}
	pol, err := client.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(arn), PolicyName: aws.String("default")})
	if err != nil {
		gap(&k.Resource, call(opGetKeyPolicy), err, inventory.FieldPermissions)
		return k
	}
	k.Policy = &inventory.Policy{Name: "key policy", Document: []byte(aws.ToString(pol.Policy)), Source: k.Source}
	return k
}

// keyIDOf returns the key ID of a key ARN (arn:aws:kms:r:a:key/ID), or
// ref as it is.
func keyIDOf(ref string) string {
	if i := strings.LastIndex(ref, ":key/"); i >= 0 {
		return ref[i+len(":key/"):]
	}
	return ref
}
