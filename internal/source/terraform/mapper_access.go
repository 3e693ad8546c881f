package terraform

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// access reads each bucket's Block Public Access settings, ACL and Object
// Ownership: AWS's defaults for a new bucket (all four Block Public Access
// settings on, ACLs disabled by BucketOwnerEnforced) unless an
// aws_s3_bucket_public_access_block, aws_s3_bucket_acl (or the bucket's
// acl argument) or aws_s3_bucket_ownership_controls says otherwise. It
// runs after others.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html
func (m *mapper) access(byType map[string][]*Resource) {
	buckets := map[string]*inventory.Other{}
	for _, o := range m.e.Others {
		if o.Type != inventory.TypeBucket {
			continue
		}
		o.PublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true,
			BlockPublicPolicy: true, RestrictPublicBuckets: true, Default: true, Source: o.Source}
		o.ACL = &inventory.BucketACL{Disabled: true, Source: o.Source}
		buckets[o.ID] = o
		if o.Name != "" {
			buckets[o.Name] = o
		}
	}
	for _, r := range byType["aws_s3_bucket"] {
		if o := buckets[r.Address]; o != nil {
			m.cannedACL(o, r.Attrs.Get("acl"), r.Source)
			if p := r.Attrs.Get("policy"); present(p) && p.Text() != "" && o.Policy == nil {
				// The bucket's own policy argument (provider v3, deprecated since v4).
				o.Policy = m.policyOf("resource policy", p, &o.Resource, inventory.FieldPermissions)
			}
		}
	}
	target := func(r *Resource) *inventory.Other {
		return buckets[refOrValue(r.Attrs.Get("bucket").Text())]
	}
	for _, r := range byType["aws_s3_bucket_public_access_block"] {
		o := target(r)
		if o == nil {
			continue
		}
		b := &inventory.PublicAccessBlock{Source: r.Source}
		for _, f := range []struct {
			key string
			to  *bool
		}{{"block_public_acls", &b.BlockPublicAcls}, {"ignore_public_acls", &b.IgnorePublicAcls},
			{"block_public_policy", &b.BlockPublicPolicy}, {"restrict_public_buckets", &b.RestrictPublicBuckets}} {
			s, why := text(r.Attrs.Get(f.key))
			if why != "" {
				o.AddGap(inventory.FieldPublicAccessBlock, r.Address+"."+f.key+": "+why, "")
			}
			*f.to = s == "true"
		}
		o.PublicAccessBlock = b
	}
	for _, r := range byType["aws_s3_bucket_ownership_controls"] {
		if o := target(r); o != nil {
			own, why := text(r.Attrs.Get("rule").Get("object_ownership"))
			if why != "" {
				o.AddGap(inventory.FieldACL, r.Address+".rule.object_ownership: "+why, "")
			}
			o.ACL.Disabled = own == "BucketOwnerEnforced"
		}
	}
	for _, r := range byType["aws_s3_bucket_acl"] {
		o := target(r)
		if o == nil {
			continue
		}
		m.cannedACL(o, r.Attrs.Get("acl"), r.Source)
		for _, g := range r.Attrs.Get("access_control_policy").Get("grant").Items() {
			uri := g.Get("grantee").Get("uri").Text()
			perm := g.Get("permission").Text()
			if (strings.HasSuffix(uri, "/global/AllUsers") || strings.HasSuffix(uri, "/global/AuthenticatedUsers")) && (perm == "WRITE" || perm == "FULL_CONTROL") {
				o.ACL.PublicWrite, o.ACL.Source = true, r.Source
			}
		}
	}
}

// cannedACL records a canned ACL argument on bucket o.
func (m *mapper) cannedACL(o *inventory.Other, v *Value, at inventory.Source) {
	if !present(v) {
		return
	}
	canned, why := text(v)
	if why != "" {
		o.AddGap(inventory.FieldACL, "acl: "+why, "")
	}
	o.ACL.Canned, o.ACL.Source = canned, at
	o.ACL.PublicWrite = o.ACL.PublicWrite || inventory.CannedPublicWrite(canned)
}
