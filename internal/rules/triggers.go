package rules

import (
	"fmt"
	"slices"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// KindTriggerSource is the kind of an LS112 result: a bucket, topic or
// queue that feeds functions (Resource is its ID, or the source ARN when
// the estate does not hold it).
const KindTriggerSource Kind = "trigger-source"

var publicTriggerSource = &Rule{
	ID:       "LS112",
	Name:     "trigger-source-public",
	Severity: High,
	Title:    "Event source that triggers a function is writable by anyone",
	Description: "An S3 bucket whose uploads trigger a function, an SNS topic a function subscribes to, or an SQS " +
		"queue a function polls lets anyone write to it: a bucket policy statement granting s3:PutObject (a topic's " +
		"sns:Publish, a queue's sqs:SendMessage) to Principal \"*\" with no condition that bounds the caller, or a " +
		"bucket ACL granting WRITE to AllUsers or AuthenticatedUsers. Strangers then choose the events the function " +
		"runs on — object keys, message bodies — which is how injection reaches code that trusts its trigger. " +
		"Statements are read together, as AWS reads them (a Deny unless aws:SourceIp, or an aws:PrincipalOrgID " +
		"condition, bounds the grant). A bucket's Block Public Access stops a public policy when BlockPublicPolicy " +
		"or RestrictPublicBuckets is on, and a public ACL when BlockPublicAcls or IgnorePublicAcls is on; a bucket " +
		"in a template or Terraform that does not configure it gets AWS's default for new buckets (all four on, " +
		"and ACLs disabled by Object Ownership BucketOwnerEnforced). The account-level Block Public Access " +
		"setting is not read. A source defined outside the estate is UNKNOWN.",
	Remediation: Remediation{
		Text:           "Remove the public statement (or bound it to your accounts with aws:SourceAccount/aws:PrincipalOrgID), and turn on Block Public Access for the bucket.",
		CLI:            "aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
		CloudFormation: "AWS::S3::Bucket PublicAccessBlockConfiguration with all four settings true; remove the Principal: '*' statement from AWS::S3::BucketPolicy / AWS::SNS::TopicPolicy / AWS::SQS::QueuePolicy.",
		Terraform:      "aws_s3_bucket_public_access_block with all four arguments true; remove the \"*\" principal from aws_s3_bucket_policy / aws_sns_topic_policy / aws_sqs_queue_policy.",
	},
	References: []string{
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",
		"https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html",
		"https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-1"}, {"AWS FSBP", "S3.8"}},
	Check:      checkPublicTriggerSource,
}

func checkPublicTriggerSource(in *Input) []Result {
	var out []Result
	seen := map[string]int{} // source ID -> index in out
	for _, tr := range in.Analysis.Feeds() {
		o := in.Analysis.TriggerSource(tr)
		key := tr.SourceARN
		if o != nil {
			key = o.ID
		}
		if i, ok := seen[key]; ok {
			if !slices.Contains(out[i].Functions, tr.Function) {
				out[i].Functions = append(out[i].Functions, tr.Function)
			}
			continue
		}
		var res Result
		if o == nil {
			res = Result{Resource: key, Kind: KindTriggerSource, Label: inventory.Describe(key), Source: tr.Source, Skips: tr.Skips}
			res.unknown(fmt.Sprintf("the %s source %s is not in this estate (defined elsewhere, or, in a live account, one that does not exist or that lambdasec did not find: in another region, or named only by another account), so who can write to it cannot be seen", tr.Type, inventory.Describe(key)))
		} else {
			res = resultFor(&o.Resource, KindTriggerSource)
			acc := in.Analysis.Writable(o)
			switch {
			case acc.Unknown != "":
				res.unknown(acc.Unknown)
			case acc.Public:
				fn := inventory.Describe(tr.Function)
				if f := in.Index.Function(tr.Function); f != nil {
					fn = f.Label()
				}
				res.fail(fmt.Sprintf("anyone can write to %s, which triggers %s: %s", o.Label(), fn, acc.Why),
					Evidence{Label: "public write", Value: acc.Why, Source: acc.At},
					Evidence{Label: "trigger", Value: tr.Type + " → " + fn, Source: tr.Source})
				res.atEvidence()
			default:
				res.pass(acc.Why)
			}
		}
		res.Functions = []string{tr.Function}
		seen[key] = len(out)
		out = append(out, res)
	}
	// The buckets and topics that invoke a function show in its resource
	// policy; when that could not be read, whether a public one feeds it
	// cannot be told.
	for _, f := range in.Estate.InvocableFunctions() {
		if g, ok := f.Gap(inventory.FieldPermissions); ok {
			res := functionResult(f)
			res.unknown("which buckets and topics invoke " + f.Label() + " cannot be seen: " + g.Reason)
			out = append(out, res)
		}
	}
	return out
}
