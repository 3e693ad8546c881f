package live

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// What lambdasec reads of the S3 buckets that feed the region's functions:
// who may upload to them (bucket policy, Block Public Access, ACL) and
// which functions their event notifications invoke. The IAM actions are
// those each operation's API reference names.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAcl.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotificationConfiguration.html
var (
	opGetBucketPolicy = op(s3.ServiceID, "GetBucketPolicy", "s3:GetBucketPolicy",
		"the bucket policy of each bucket that triggers a function: who may upload to it, which execution roles it grants", "LS110", "LS112", "LS213")
	opGetBucketPublicAccessBlock = op(s3.ServiceID, "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock",
		"the bucket's Block Public Access settings (whether a public policy or ACL takes effect)", "LS110", "LS112")
	opGetBucketACL = op(s3.ServiceID, "GetBucketAcl", "s3:GetBucketAcl",
		"the bucket's ACL grants (WRITE to AllUsers or AuthenticatedUsers)", "LS110", "LS112")
	opGetBucketNotification = op(s3.ServiceID, "GetBucketNotificationConfiguration", "s3:GetBucketNotification",
		"which functions the bucket's event notifications invoke", "LS110", "LS112")
)

// BucketS3 paces the bucket configuration reads. S3 publishes request
// rates per prefix for object requests (5,500 GET per second) and none
// for reading a bucket's configuration, so lambdasec stays far below
// them; adaptive retry handles a SlowDown.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html
var BucketS3 = Bucket{Name: "s3:bucket-configuration", Rate: 20, Burst: 20, Source: "S3 performance guidelines: 5,500 GET per second per prefix for objects; none published for bucket configuration reads, so a conservative 20 per second"}

// S3's error codes for a bucket without the configuration asked for, and
// for a bucket that does not exist.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
const (
	codeNoBucketPolicy = "NoSuchBucketPolicy"
	codeNoPublicBlock  = "NoSuchPublicAccessBlockConfiguration"
	codeNoSuchBucket   = "NoSuchBucket"
)

// The ACL grantee groups that stand for everyone and for every AWS
// account.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups
const (
	groupAllUsers           = "http://acs.amazonaws.com/groups/global/AllUsers"
	groupAuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

// feedingBuckets returns the names of the buckets the region's functions
// show as event sources, sorted: the aws:SourceArn of a resource-policy
// grant of lambda:InvokeFunction to s3.amazonaws.com (the permission S3
// needs to invoke a function for a bucket's notifications; Lambda and the
// console add it with the bucket's ARN) — the only place a live account
// names the bucket from the function's side.
// https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html
func feedingBuckets(fns []*inventory.Function) []string {
	seen := map[string]bool{}
	for _, f := range fns {
		for _, rp := range f.Permissions {
			pol, err := iampolicy.Parse(rp.Policy.Document)
			if err != nil {
				continue
			}
			for _, st := range pol.Statements {
				if st.Effect != iampolicy.Allow || st.Principal == nil || !containsFold(st.Principal.Service, "s3.amazonaws.com") {
					continue
				}
				for _, c := range st.Conditions {
					if !strings.EqualFold(c.Key, "aws:SourceArn") {
						continue
					}
					for _, v := range c.Values {
						if name, ok := bucketOfARN(v); ok {
							seen[name] = true
						}
					}
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// bucketOfARN returns the bucket an S3 bucket ARN names
// ("arn:aws:s3:::name"); a pattern or an object ARN is not one.
func bucketOfARN(s string) (string, bool) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "s3" || a.Resource == "" || strings.ContainsAny(a.Resource, "*?/") {
		return "", false
	}
	return a.Resource, true
}

// collectBuckets reads, for each bucket that feeds a function of the
// region (feedingBuckets), its policy, Block Public Access settings, ACL
// and notifications, into an Other of type inventory.TypeBucket and the
// S3 triggers its notifications define. A call that fails is a gap of the
// bucket on the field it fills (denied → the rules that need it say
// UNKNOWN); a bucket S3 says does not exist is left out.
func (r *region) collectBuckets(ctx context.Context) {
	names := feedingBuckets(r.regionFunctions())
	if len(names) == 0 {
		return
	}
	client := s3.NewFromConfig(r.cfg, func(o *s3.Options) {
		// The fake endpoint of the tests (and most AWS-compatible
		// endpoints) serve path-style requests only.
		o.UsePathStyle = o.BaseEndpoint != nil
	})
	buckets := make([]*inventory.Other, len(names))
	triggers := make([][]*inventory.Trigger, len(names))
	r.each(ctx, len(names), func(i int) {
		buckets[i], triggers[i] = r.bucket(ctx, client, names[i])
	})
	r.add(func(e *inventory.Estate) {
		for i, b := range buckets {
			if b != nil {
				e.Others = append(e.Others, b)
				e.Triggers = append(e.Triggers, triggers[i]...)
			}
		}
	})
}

// bucket reads one bucket; it returns nil when the bucket does not exist.
func (r *region) bucket(ctx context.Context, client *s3.Client, name string) (*inventory.Other, []*inventory.Trigger) {
	id := arn.ARN{Partition: r.partition, Service: "s3", Resource: name}.String()
	src := inventory.Source{ARN: id}
	o := &inventory.Other{Resource: inventory.Resource{ID: id, ARN: id, Name: name, Region: r.name, Source: src}, Type: inventory.TypeBucket}
	b := aws.String(name)

	pol, err := client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
	switch {
	case errorCode(err) == codeNoSuchBucket:
		return nil, nil
	case errorCode(err) == codeNoBucketPolicy:
	case err != nil:
		gap(&o.Resource, call(opGetBucketPolicy), err, inventory.FieldPermissions)
	default:
		if doc := aws.ToString(pol.Policy); doc != "" {
			o.Policy = &inventory.Policy{Name: "bucket policy", Document: json.RawMessage(doc), Source: src}
		}
	}

	pab, err := client.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	switch {
	case errorCode(err) == codeNoPublicBlock:
		// None set on the bucket: every setting is off.
		o.PublicAccessBlock = &inventory.PublicAccessBlock{Source: src}
	case err != nil:
		gap(&o.Resource, call(opGetBucketPublicAccessBlock), err, inventory.FieldPublicAccessBlock)
	default:
		c := pab.PublicAccessBlockConfiguration
		if c == nil {
			c = &s3types.PublicAccessBlockConfiguration{}
		}
		o.PublicAccessBlock = &inventory.PublicAccessBlock{
			BlockPublicAcls: aws.ToBool(c.BlockPublicAcls), IgnorePublicAcls: aws.ToBool(c.IgnorePublicAcls),
			BlockPublicPolicy: aws.ToBool(c.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(c.RestrictPublicBuckets),
			Source: src,
		}
	}

	acl, err := client.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: b})
	if err != nil {
		gap(&o.Resource, call(opGetBucketACL), err, inventory.FieldACL)
	} else {
		o.ACL = &inventory.BucketACL{PublicWrite: publicWrite(acl.Grants), Source: src}
	}

	var out []*inventory.Trigger
	nc, err := client.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: b})
	if err != nil {
		gap(&o.Resource, call(opGetBucketNotification), err, inventory.FieldTargets)
	} else {
		for i, c := range nc.LambdaFunctionConfigurations {
			fn := aws.ToString(c.LambdaFunctionArn)
			nid := aws.ToString(c.Id)
			if nid == "" {
				nid = strconv.Itoa(i + 1)
			}
			out = append(out, &inventory.Trigger{
				Resource: inventory.Resource{ID: id + " notification " + nid, Name: nid, Region: r.name, Source: src},
				Type:     inventory.TriggerS3, Function: unqualified(fn), Qualifier: qualifierOf(fn),
				SourceARN: id, Async: true, Enabled: true,
			})
		}
	}
	return o, out
}

// publicWrite reports whether ACL grants let everyone (AllUsers) or every
// AWS account (AuthenticatedUsers) write objects: WRITE or FULL_CONTROL.
func publicWrite(grants []s3types.Grant) bool {
	for _, g := range grants {
		if g.Grantee == nil || g.Grantee.Type != s3types.TypeGroup {
			continue
		}
		if u := aws.ToString(g.Grantee.URI); u != groupAllUsers && u != groupAuthenticatedUsers {
			continue
		}
		if g.Permission == s3types.PermissionWrite || g.Permission == s3types.PermissionFullControl {
			return true
		}
	}
	return false
}

// orderRegionCopies orders the copies of a bucket, and of the triggers its
// notifications define, that several regions read (functions of two
// regions may name one bucket; S3 answers only in the bucket's own
// region), so that normalize keeps the same copy every run: the one read
// with the fewest gaps, then the first region by name.
func orderRegionCopies(e *inventory.Estate) {
	sort.SliceStable(e.Others, func(i, j int) bool {
		a, b := e.Others[i], e.Others[j]
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		if len(a.Gaps) != len(b.Gaps) {
			return len(a.Gaps) < len(b.Gaps)
		}
		return a.Region < b.Region
	})
	sort.SliceStable(e.Triggers, func(i, j int) bool {
		a, b := e.Triggers[i], e.Triggers[j]
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Region < b.Region
	})
}
