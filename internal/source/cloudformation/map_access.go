package cloudformation

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// resourcePolicyTypes are the policy resources that set the resource
// policy of a bucket, topic or queue, with the property naming their
// targets. https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queuepolicy.html
var resourcePolicyTypes = [][2]string{
	{"AWS::S3::BucketPolicy", "Bucket"},
	{"AWS::SNS::TopicPolicy", "Topics"},
	{"AWS::SQS::QueuePolicy", "Queues"},
}

// access reads who may write to the buckets, topics and queues of the
// estate: bucket, topic and queue policies, and each bucket's Block Public
// Access settings and ACL. It runs after others.
func (m *mapper) access(byType map[string][]*resource) {
	others := map[string]*inventory.Other{}
	for _, o := range m.e.Others {
		others[o.ID] = o
	}
	for _, res := range byType[inventory.TypeBucket] {
		if o := others[res.id]; o != nil {
			m.bucketAccess(res, o)
		}
	}
	for _, pt := range resourcePolicyTypes {
		for _, res := range byType[pt[0]] {
			for _, target := range res.props.get(pt[1]).strings() {
				o := others[refOrValue(target)]
				if o == nil {
					for _, c := range m.e.Others {
						if c.ARN == target || (c.Name != "" && (c.Name == target || strings.HasSuffix(target, "/"+c.Name))) {
							o = c
						}
					}
				}
				if o == nil {
					continue
				}
				o.Policy = m.policyOf(res, "resource policy", res.props.get("PolicyDocument"), &o.Resource, inventory.FieldPermissions)
				if o.Policy != nil {
					o.Policy.Source = m.src(res, nil)
				}
			}
		}
	}
}

// bucketAccess reads a bucket's PublicAccessBlockConfiguration (AWS's
// default, all four on, when it is left out), AccessControl and Object
// Ownership (BucketOwnerEnforced, ACLs off, when left out).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-publicaccessblockconfiguration.html
func (m *mapper) bucketAccess(res *resource, o *inventory.Other) {
	p := res.props
	if c := p.get("PublicAccessBlockConfiguration"); c != nil {
		b := &inventory.PublicAccessBlock{Source: m.src(res, c)}
		for _, f := range []struct {
			key string
			to  *bool
		}{{"BlockPublicAcls", &b.BlockPublicAcls}, {"IgnorePublicAcls", &b.IgnorePublicAcls},
			{"BlockPublicPolicy", &b.BlockPublicPolicy}, {"RestrictPublicBuckets", &b.RestrictPublicBuckets}} {
			v := c.get(f.key)
			if s, why := text(v); why != "" {
				o.AddGap(inventory.FieldPublicAccessBlock, "PublicAccessBlockConfiguration."+f.key+": "+why, "")
			} else {
				*f.to = strings.EqualFold(s, "true")
			}
		}
		o.PublicAccessBlock = b
	} else {
		o.PublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true,
			BlockPublicPolicy: true, RestrictPublicBuckets: true, Default: true, Source: o.Source}
	}
	acl := &inventory.BucketACL{Disabled: true, Source: o.Source}
	for _, r := range p.get("OwnershipControls").get("Rules").items() {
		own, why := text(r.get("ObjectOwnership"))
		if why != "" {
			o.AddGap(inventory.FieldACL, "OwnershipControls: "+why, "")
		}
		acl.Disabled = own == "BucketOwnerEnforced"
	}
	if v := p.get("AccessControl"); v != nil {
		canned, why := text(v)
		if why != "" {
			o.AddGap(inventory.FieldACL, "AccessControl: "+why, "")
		}
		acl.Canned, acl.PublicWrite, acl.Source = canned, inventory.CannedPublicWrite(canned), m.src(res, v)
	}
	o.ACL = acl
}
