package cloudformation

import "github.com/lambdasec/lambdasec/internal/inventory"

// resourcePolicyTargets are the policy resources of buckets, queues and
// topics, with the property naming what each applies to.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucketpolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queuepolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sns-topicpolicy.html
var resourcePolicyTargets = map[string]string{
	"AWS::S3::BucketPolicy": "Bucket",
	"AWS::SQS::QueuePolicy": "Queues",
	"AWS::SNS::TopicPolicy": "Topics",
}

// resourcePolicies attaches bucket, queue and topic policies to the
// Others of the template they name (by Ref); a policy naming a resource
// outside the template is left out, as there is nothing to attach it to.
func (m *mapper) resourcePolicies(byType map[string][]*resource) {
	byID := map[string]*inventory.Other{} // logical ID and ARN (Ref to a topic is its ARN)
	for _, o := range m.e.Others {
		byID[o.ID] = o
		if o.ARN != "" {
			byID[o.ARN] = o
		}
	}
	for typ, prop := range resourcePolicyTargets {
		for _, res := range byType[typ] {
			doc := res.props.get("PolicyDocument")
			for _, t := range res.props.get(prop).items() {
				o := byID[t.text()]
				if id, ok := inventory.RefTarget(t.text()); ok && o == nil {
					o = byID[id]
				}
				if o == nil || doc == nil {
					continue
				}
				o.Policy = m.policyOf(res, typ, doc, &o.Resource, inventory.FieldPermissions)
			}
		}
	}
}
