package inventory

// Types of the resources that can feed a function events and have a
// resource policy of their own, as Other.Type names them.
const (
	TypeBucket = "AWS::S3::Bucket"
	TypeTopic  = "AWS::SNS::Topic"
	TypeQueue  = "AWS::SQS::Queue"
	// Event sources whose resource policies the exposure graph reads too.
	TypeEventBus = "AWS::Events::EventBus"
	TypeStream   = "AWS::Kinesis::Stream"
	TypeTable    = "AWS::DynamoDB::Table"
)

// FieldPublicAccessBlock and FieldACL name a bucket's Block Public Access
// settings and its ACL in Gap.Field.
const (
	FieldPublicAccessBlock = "publicAccessBlock"
	FieldACL               = "acl"
)

// PublicAccessBlock is an S3 bucket's Block Public Access configuration.
// BlockPublicPolicy makes S3 refuse a bucket policy that grants public
// access, and RestrictPublicBuckets makes S3 ignore the public grants of
// one already there (only AWS service principals and the owner's account
// are then allowed); BlockPublicAcls and IgnorePublicAcls do the same for
// ACLs. https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
type PublicAccessBlock struct {
	BlockPublicAcls       bool `json:"blockPublicAcls"`
	IgnorePublicAcls      bool `json:"ignorePublicAcls"`
	BlockPublicPolicy     bool `json:"blockPublicPolicy"`
	RestrictPublicBuckets bool `json:"restrictPublicBuckets"`
	// Default is true when the source does not configure it and the
	// value is AWS's default: since April 2023 S3 turns all four settings
	// on for every new bucket.
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html
	Default bool   `json:"default,omitempty"`
	Source  Source `json:"source"`
}

// StopsPublicPolicy reports whether the settings keep a public bucket
// policy from taking effect: S3 refuses to store one (BlockPublicPolicy) or
// ignores its public grants (RestrictPublicBuckets). A nil block stops
// nothing.
func (b *PublicAccessBlock) StopsPublicPolicy() bool {
	return b != nil && (b.BlockPublicPolicy || b.RestrictPublicBuckets)
}

// StopsPublicACL reports whether the settings keep a public ACL from
// taking effect (BlockPublicAcls refuses it, IgnorePublicAcls ignores it).
func (b *PublicAccessBlock) StopsPublicACL() bool {
	return b != nil && (b.BlockPublicAcls || b.IgnorePublicAcls)
}

// BucketACL is what a bucket's ACL grants: the canned ACL a source names,
// or the grants a live bucket reported, summarised.
type BucketACL struct {
	// Canned is the canned ACL ("private", "public-read-write"), when the
	// source names one.
	Canned string `json:"canned,omitempty"`
	// PublicWrite is true when the ACL lets everyone (the AllUsers group)
	// or every AWS account (AuthenticatedUsers) write objects: the canned
	// public-read-write, or a WRITE or FULL_CONTROL grant to either group.
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups
	PublicWrite bool `json:"publicWrite,omitempty"`
	// Disabled is true when Object Ownership is BucketOwnerEnforced: S3
	// then ignores ACLs altogether.
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
	Disabled bool   `json:"disabled,omitempty"`
	Source   Source `json:"source"`
}

// CannedPublicWrite reports whether a canned ACL lets everyone write
// objects. CloudFormation writes canned ACLs in PascalCase
// ("PublicReadWrite"), S3 and Terraform in kebab-case.
func CannedPublicWrite(canned string) bool {
	return canned == "public-read-write" || canned == "PublicReadWrite"
}
