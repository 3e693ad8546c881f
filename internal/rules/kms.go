package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// KindKMSKey is the kind of a result about a KMS key; its Resource is the
// key's ID (a logical ID in a template, the key ARN live).
const KindKMSKey Kind = "kms-key"

var envKeyNoRotation = &Rule{
	ID:       "LS307",
	Name:     "env-key-no-rotation",
	Severity: Low,
	Title:    "Customer managed KMS key that encrypts functions' environment variables does not rotate",
	Description: "A customer managed KMS key that functions encrypt their environment variables with (KmsKeyArn) has " +
		"automatic key rotation off: the same key material protects the variables for as long as the key lives, so " +
		"material that leaks (or a key policy that was once too open) stays useful. With rotation on, KMS makes new " +
		"key material every year (or the period set, 90 to 2560 days) and keeps the old material to decrypt what it " +
		"encrypted. AWS managed keys (aws/lambda) rotate every year and are not judged, nor are keys whose material is " +
		"imported or held in a custom key store (Origin EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE), which KMS cannot " +
		"rotate automatically. Live, DescribeKey says who " +
		"manages the key and GetKeyRotationStatus whether it rotates; a key whose rotation could not be read, or " +
		"that the estate does not hold (a template that names a key by ARN), is UNKNOWN.",
	Remediation: Remediation{
		Text:           "Turn automatic rotation on for the key.",
		CLI:            "aws kms enable-key-rotation --key-id KEY_ID --rotation-period-in-days 365",
		CloudFormation: "AWS::KMS::Key: EnableKeyRotation: true (RotationPeriodInDays: 365)",
		Terraform:      "aws_kms_key: enable_key_rotation = true (rotation_period_in_days = 365)",
	},
	References: []string{
		"https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html",
		"https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html",
		"https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html",
	},
	Compliance: []Compliance{{"AWS FSBP", "KMS.4"}, {"CIS AWS Foundations v3.0.0", "3.6"}, {"OWASP Serverless Top 10", "SAS-7"}},
	Check:      checkEnvKeyRotation,
}

func checkEnvKeyRotation(in *Input) []Result {
	// The keys the functions' environments are encrypted with, in the
	// order of the functions, with the functions that use each.
	var refs []string
	users := map[string][]*inventory.Function{}
	for _, f := range in.Estate.Functions {
		if f.KMSKey == "" || len(f.Environment) == 0 {
			continue
		}
		k := f.KMSKey
		if key := in.Index.KMSKey(k); key != nil {
			k = key.ID
		}
		if users[k] == nil {
			refs = append(refs, k)
		}
		users[k] = append(users[k], f)
	}
	var out []Result
	for _, ref := range refs {
		fns := users[ref]
		var names, ids []string
		for _, f := range fns {
			names = append(names, f.Label())
			if !slices.Contains(ids, f.ID) {
				ids = append(ids, f.ID)
			}
		}
		used := "used by " + strings.Join(names, ", ")
		key := in.Index.KMSKey(ref)
		if key == nil {
			res := Result{Resource: ref, Kind: KindKMSKey, Label: inventory.Describe(ref), Source: fns[0].Source, Skips: fns[0].Skips, Functions: ids}
			if r, bad := inventory.UnresolvedReason(ref); bad {
				res.unknown("the key of " + fns[0].Label() + "'s environment cannot be resolved: " + r)
			} else {
				res.unknown(fmt.Sprintf("key %s (%s) is not in the estate: whether it rotates cannot be seen", inventory.Describe(ref), used))
			}
			out = append(out, res)
			continue
		}
		if key.Manager == inventory.KeyManagerAWS {
			continue // AWS rotates its managed keys every year
		}
		if key.Origin != "" && key.Origin != "AWS_KMS" && !inventory.IsUnresolved(key.Origin) {
			continue // imported or custom-key-store material: KMS cannot rotate it automatically
		}
		res := resultFor(&key.Resource, KindKMSKey)
		res.Functions = ids
		switch {
		case gapUnknown(key, inventory.FieldRotation, &res):
			res.Message = "the rotation of key " + key.Label() + " cannot be read: " + res.Message
		case key.RotationEnabled:
			res.pass(fmt.Sprintf("key %s rotates automatically (%s)", key.Label(), used))
		default:
			res.fail(fmt.Sprintf("customer managed key %s encrypts environment variables (%s) and automatic rotation is off", key.Label(), used))
		}
		out = append(out, res)
	}
	return out
}
