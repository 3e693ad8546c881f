package exposure

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// writeActions are the actions that put an event into a source of each
// type: uploading an object (which fires the bucket's notifications),
// publishing to a topic, sending to a queue.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html
// https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html
var writeActions = map[string]string{
	inventory.TypeBucket: "s3:PutObject",
	inventory.TypeTopic:  "sns:Publish",
	inventory.TypeQueue:  "sqs:SendMessage",
}

// SourceAccess says whether anyone can write to an event source.
type SourceAccess struct {
	// Public is true when anyone, anonymous callers included, can write
	// to the source: a policy statement for Principal "*" whose
	// conditions do not bound the caller, or a bucket ACL granting
	// AllUsers or AuthenticatedUsers WRITE, that Block Public Access does
	// not stop.
	Public bool
	// Unknown says why that cannot be told ("" when it can).
	Unknown string
	// Why says what makes the source public, or what keeps it from being.
	Why string
	// At is the statement or setting Why rests on.
	At inventory.Source
}

// Writable reports whether anyone can write to o, a bucket, topic or queue
// of the estate, by its resource policy (judged as AWS reads it, with
// iampolicy.Analyze over all statements: a Deny with a bound, a condition
// on aws:SourceIp or aws:PrincipalOrgID, make it not public), a bucket's
// ACL, and a bucket's Block Public Access settings. Types other than
// buckets, topics and queues are never writable by anyone here.
func (a *Analysis) Writable(o *inventory.Other) SourceAccess {
	action, ok := writeActions[o.Type]
	if !ok {
		return SourceAccess{Why: "not a bucket, topic or queue"}
	}
	if g, ok := o.Gap(inventory.FieldPermissions); ok {
		return SourceAccess{Unknown: "the resource policy of " + o.Label() + " could not be read: " + g.Reason, At: o.Source}
	}
	var acc SourceAccess
	if o.Policy != nil {
		acc = a.policyAccess(o, action)
		if acc.Unknown != "" {
			return acc
		}
	}
	if o.Type != inventory.TypeBucket {
		if !acc.Public && acc.Why == "" {
			acc.Why = "no statement lets anyone " + verbOf(action) + " " + o.Label()
			acc.At = o.Source
		}
		return acc
	}
	if o.PublicAccessBlock == nil {
		if u := notRead(o, acc); u != "" {
			return SourceAccess{Unknown: u, At: o.Source}
		}
	}
	b := o.PublicAccessBlock
	if g, ok := o.Gap(inventory.FieldPublicAccessBlock); ok && (acc.Public || o.ACL != nil && o.ACL.PublicWrite) {
		return SourceAccess{Unknown: "the Block Public Access settings of " + o.Label() + " could not be read: " + g.Reason, At: o.Source}
	}
	if acc.Public && b.StopsPublicPolicy() {
		acc = SourceAccess{Why: fmt.Sprintf("%s, but Block Public Access (%s) stops it", acc.Why, bpaText(b)), At: b.Source}
	}
	if acc.Public {
		return acc
	}
	if g, ok := o.Gap(inventory.FieldACL); ok && o.ACL == nil && !b.StopsPublicACL() {
		// The ACL could not be read (GetBucketAcl denied): it may grant
		// public write, and nothing read stops that.
		return SourceAccess{Unknown: "the ACL of " + o.Label() + " could not be read: " + g.Reason, At: o.Source}
	}
	if acl := o.ACL; acl != nil && acl.PublicWrite {
		if g, ok := o.Gap(inventory.FieldACL); ok {
			return SourceAccess{Unknown: "the ACL of " + o.Label() + " could not be read: " + g.Reason, At: acl.Source}
		}
		var why string
		switch {
		case acl.Disabled:
			why = "the ACL grants public write, but Object Ownership BucketOwnerEnforced turns ACLs off"
		case b.StopsPublicACL():
			why = fmt.Sprintf("the ACL grants public write, but Block Public Access (%s) stops it", bpaText(b))
		default:
			return SourceAccess{Public: true, Why: "its ACL (" + aclText(acl) + ") lets everyone write objects", At: acl.Source}
		}
		if acc.Why != "" {
			acc.Why += "; " + why
		} else {
			acc.Why, acc.At = why, acl.Source
		}
	}
	if acc.Why == "" {
		acc.Why, acc.At = "no statement or ACL lets anyone upload to "+o.Label(), o.Source
	}
	return acc
}

// policyAccess judges o's resource policy for action.
func (a *Analysis) policyAccess(o *inventory.Other, action string) SourceAccess {
	pol, err := a.Policy(o.Policy)
	if err != nil {
		return SourceAccess{Unknown: "the resource policy of " + o.Label() + " does not parse: " + err.Error(), At: o.Policy.Source}
	}
	res := iampolicy.Analyze(pol, iampolicy.Query{Actions: []string{action}})
	var limited string
	var limitedAt inventory.Source
	for _, g := range res.Grants {
		reach, _ := g.Reach(a.Estate.Account)
		at := o.Policy.StatementSource(g.Statement)
		switch {
		case reach == iampolicy.ReachPublic:
			why := fmt.Sprintf("statement %s of its policy lets anyone (Principal \"*\") %s", sid(g), action)
			if len(g.Ignored) > 0 {
				why += " (its conditions do not bound the caller)"
			}
			return SourceAccess{Public: true, Why: why, At: at}
		case reach == iampolicy.ReachUnknown && (g.PrincipalType == "*" || g.NotPrincipal):
			return SourceAccess{Unknown: fmt.Sprintf("statement %s of the policy of %s has a condition that cannot be judged: %s", sid(g), o.Label(), strings.Join(g.Uncertain, "; ")), At: at}
		case reach == iampolicy.ReachPublicLimited || reach == iampolicy.ReachOrganization || reach == iampolicy.ReachServiceSource:
			if limited == "" && (g.PrincipalType == "*" || g.NotPrincipal) {
				var rs []string
				for _, r := range g.Restrictions {
					rs = append(rs, r.Key+" "+strings.Join(r.Values, ","))
				}
				limited, limitedAt = fmt.Sprintf("statement %s allows %s to Principal \"*\" only with %s", sid(g), action, strings.Join(rs, " and ")), at
			}
		}
	}
	if limited != "" {
		return SourceAccess{Why: limited, At: limitedAt}
	}
	return SourceAccess{}
}

// sid names a grant's statement by Sid or 1-based position.
func sid(g iampolicy.Grant) string {
	if g.Sid != "" {
		return g.Sid
	}
	return fmt.Sprintf("#%d", g.Statement+1)
}

func verbOf(action string) string {
	switch action {
	case "s3:PutObject":
		return "upload to"
	case "sns:Publish":
		return "publish to"
	}
	return "send messages to"
}

func bpaText(b *inventory.PublicAccessBlock) string {
	var on []string
	for _, s := range []struct {
		set  bool
		name string
	}{{b.BlockPublicAcls, "BlockPublicAcls"}, {b.IgnorePublicAcls, "IgnorePublicAcls"}, {b.BlockPublicPolicy, "BlockPublicPolicy"}, {b.RestrictPublicBuckets, "RestrictPublicBuckets"}} {
		if s.set {
			on = append(on, s.name)
		}
	}
	t := strings.Join(on, ", ")
	if b.Default {
		t += "; AWS's default for new buckets"
	}
	return t
}

func aclText(acl *inventory.BucketACL) string {
	if acl.Canned != "" {
		return acl.Canned
	}
	return "a WRITE grant to AllUsers or AuthenticatedUsers"
}

// TriggerSource returns the bucket, topic or queue of the estate that
// feeds trigger tr, or nil when its source is not one the estate holds.
// The source is matched by the trigger's resource (a bucket whose
// notification names the function), its source ARN, a Ref or GetAtt token
// naming it, or the name at the end of the ARN.
func (a *Analysis) TriggerSource(tr *inventory.Trigger) *inventory.Other {
	if _, ok := writeActions[typeOfTrigger(tr.Type)]; !ok {
		return nil
	}
	want := typeOfTrigger(tr.Type)
	ref, _ := inventory.RefTarget(tr.SourceARN)
	name := ""
	if p, err := arn.Parse(tr.SourceARN); err == nil {
		name = p.Resource
	}
	for _, o := range a.Estate.Others {
		if o.Type != want {
			continue
		}
		switch {
		case tr.SourceARN != "" && (o.ARN == tr.SourceARN || o.ID == tr.SourceARN || o.Name == tr.SourceARN),
			ref != "" && o.ID == ref,
			o.ID == tr.ID && tr.Type == inventory.TriggerS3,
			name != "" && o.Name == name:
			return o
		}
	}
	return nil
}

func typeOfTrigger(t string) string {
	switch t {
	case inventory.TriggerS3:
		return inventory.TypeBucket
	case inventory.TriggerSNS:
		return inventory.TypeTopic
	case inventory.TriggerSQS:
		return inventory.TypeQueue
	}
	return ""
}

// pushInvokers are the service principals whose grants name the source
// that feeds a function: a bucket's notifications, a topic's
// subscriptions. https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html
// https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
var pushInvokers = map[string]string{"s3.amazonaws.com": inventory.TriggerS3, "sns.amazonaws.com": inventory.TriggerSNS}

// Feeds returns the estate's S3, SNS and SQS triggers, and those its
// functions' resource policies show: a grant of lambda:InvokeFunction to
// s3.amazonaws.com or sns.amazonaws.com bounded by aws:SourceArn names
// the bucket or topic that invokes the function, even when the estate
// does not hold the notification (a live bucket or topic that could not
// be read, or another stack's bucket). A
// source the policies show that an estate trigger already names is not
// repeated. Each inferred trigger's ID is "FUNCTION statement SID" and its
// Source the statement.
func (a *Analysis) Feeds() []*inventory.Trigger {
	var out []*inventory.Trigger
	seen := map[[2]string]bool{}
	for _, tr := range a.Estate.Triggers {
		if typeOfTrigger(tr.Type) == "" {
			continue
		}
		out = append(out, tr)
		if o := a.TriggerSource(tr); o != nil {
			seen[[2]string{tr.Function, o.ID}] = true
		}
		seen[[2]string{tr.Function, tr.SourceARN}] = true
	}
	for _, f := range a.Estate.InvocableFunctions() {
		if _, ok := f.Gap(inventory.FieldPermissions); ok {
			continue
		}
		for i := range f.Permissions {
			rp := &f.Permissions[i]
			pol, err := a.Policy(&rp.Policy)
			if err != nil {
				continue
			}
			for _, g := range iampolicy.Analyze(pol, iampolicy.Query{Actions: []string{"lambda:InvokeFunction"}, Context: directInvoke}).Grants {
				typ, ok := pushInvokers[g.Principal]
				if g.PrincipalType != "Service" || !ok {
					continue
				}
				for _, r := range g.Restrictions {
					if r.Kind != iampolicy.RestrictSourceARN {
						continue
					}
					for _, src := range r.Values {
						if strings.ContainsAny(src, "*?") {
							continue
						}
						tr := &inventory.Trigger{Resource: inventory.Resource{ID: f.ID + " statement " + sid(g), Source: rp.Policy.StatementSource(g.Statement)},
							Type: typ, Function: f.ID, Qualifier: rp.Qualifier, SourceARN: src, Async: true, Enabled: true}
						k := [2]string{f.ID, src}
						if o := a.TriggerSource(tr); o != nil {
							k[1] = o.ID
						}
						if seen[k] {
							continue
						}
						seen[k] = true
						out = append(out, tr)
					}
				}
			}
		}
	}
	return out
}

// notRead says why whether anyone can write to bucket o cannot be told
// when the source did not read its S3 configuration: both template
// readers always set a bucket's Block Public Access (AWS's default when
// the template leaves it out), so a bucket without it comes from a source
// that does not read S3 (a live account, today), whose missing policy and
// ACL are unread, not absent. A policy acc shows to be public then cannot
// be confirmed (Block Public Access may stop it); one that is not public,
// with an ACL read and not public, rules the bucket out. "" when the
// bucket is known not to be writable by anyone.
func notRead(o *inventory.Other, acc SourceAccess) string {
	switch {
	case acc.Public:
		return acc.Why + ", but the Block Public Access settings of " + o.Label() + " were not read, so whether they stop it cannot be seen"
	case o.Policy == nil:
		return "the bucket policy, ACL and Block Public Access settings of " + o.Label() + " were not read (a live account's S3 configuration is not collected), so who can upload to it cannot be seen"
	case o.ACL == nil:
		return "the ACL and Block Public Access settings of " + o.Label() + " were not read, so whether its ACL lets everyone upload cannot be seen"
	case o.ACL.PublicWrite:
		return "the ACL of " + o.Label() + " grants public write, and its Block Public Access settings were not read"
	}
	return ""
}
