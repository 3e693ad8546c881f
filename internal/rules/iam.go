package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// roleView is an execution role with its policies parsed and the managed
// ones looked up, ready for the IAM checks.
type roleView struct {
	role      *inventory.Role
	functions []*inventory.Function
	identity  []iampolicy.NamedPolicy
	boundary  *iampolicy.NamedPolicy
	// sources finds the estate policy behind a policy name, for positions.
	sources map[string]*inventory.Policy
	// unknown lists the policies that could not be read; boundaryUnknown
	// says why the boundary could not be.
	unknown         []string
	boundaryUnknown string
	// external is true for a role the estate does not hold: nothing of it
	// can be judged.
	external bool
	// awsManaged names the identity policies that are AWS managed
	// policies, which AWS writes and the role's owner cannot change.
	awsManaged map[string]bool
}

// executionRoles returns the roles functions run with, in estate order,
// with their policies resolved. A function whose role is not in the estate
// (another stack's role, an unresolved parameter) gets a view with no
// policies and the reason, so every IAM rule says UNKNOWN for it rather
// than nothing.
func (in *Input) executionRoles() []*roleView {
	var out []*roleView
	for _, r := range in.Estate.Roles {
		fns := in.Index.FunctionsOfRole(r)
		if len(fns) == 0 {
			continue
		}
		out = append(out, in.roleView(r, fns))
	}
	for _, f := range in.Estate.Functions {
		if in.Index.Role(f.Role) != nil {
			continue
		}
		why := "execution role " + inventory.Describe(f.Role) + " is defined outside this estate"
		if g, ok := f.Gap(inventory.FieldRole); ok {
			why = "execution role is not known: " + g.Reason
		}
		ref := f.Role
		if ref == "" {
			ref = f.ID + " (role)"
		}
		phantom := &inventory.Role{Resource: inventory.Resource{ID: ref, Source: f.Source, Skips: f.Skips}}
		out = append(out, &roleView{role: phantom, functions: []*inventory.Function{f}, unknown: []string{why}, external: true})
	}
	return out
}

func (in *Input) roleView(r *inventory.Role, fns []*inventory.Function) *roleView {
	v := &roleView{role: r, functions: fns, sources: map[string]*inventory.Policy{}}
	if g, ok := r.Gap(inventory.FieldPolicies); ok {
		v.unknown = append(v.unknown, g.Reason)
	}
	for i := range r.InlinePolicies {
		p := &r.InlinePolicies[i]
		name := "inline policy " + p.Name
		pol, err := in.Policy(p)
		if err != nil {
			v.unknown = append(v.unknown, fmt.Sprintf("%s does not parse: %v", name, err))
			continue
		}
		v.identity = append(v.identity, iampolicy.NamedPolicy{Name: name, Policy: pol})
		v.sources[name] = p
	}
	for _, ref := range r.ManagedPolicies {
		np, src, why := in.managedPolicy(ref)
		if why != "" {
			v.unknown = append(v.unknown, why)
			continue
		}
		if strings.Contains(ref, ":iam::aws:policy/") {
			if v.awsManaged == nil {
				v.awsManaged = map[string]bool{}
			}
			v.awsManaged[np.Name] = true
		}
		v.identity = append(v.identity, np)
		if src != nil {
			v.sources[np.Name] = src
		}
	}
	if r.PermissionsBoundary != "" {
		np, _, why := in.managedPolicy(r.PermissionsBoundary)
		if why != "" {
			v.boundaryUnknown = "permissions boundary: " + why
		} else {
			np.Name = "permissions boundary " + strings.TrimPrefix(np.Name, "managed policy ")
			v.boundary = &np
		}
	}
	if g, ok := r.Gap(inventory.FieldBoundary); ok {
		v.boundaryUnknown = "permissions boundary: " + g.Reason
	}
	return v
}

// managedPolicy finds a managed policy by reference: in the estate first
// (customer managed, or AWS managed as a live account reported it), then
// in the configured source (the synced cache or the built-in table).
func (in *Input) managedPolicy(ref string) (iampolicy.NamedPolicy, *inventory.Policy, string) {
	if mp := in.Index.ManagedPolicy(ref); mp != nil {
		name := "managed policy " + mp.Label()
		if g, ok := mp.Gap(inventory.FieldPolicies); ok {
			return iampolicy.NamedPolicy{}, nil, name + ": " + g.Reason
		}
		pol, err := in.Policy(&mp.Policy)
		if err != nil {
			return iampolicy.NamedPolicy{}, nil, fmt.Sprintf("%s does not parse: %v", name, err)
		}
		return iampolicy.NamedPolicy{Name: name, Policy: pol}, &mp.Policy, ""
	}
	if in.Config.ManagedPolicies != nil {
		if pol, ok := in.Config.ManagedPolicies.ManagedPolicy(ref); ok {
			return iampolicy.NamedPolicy{Name: "managed policy " + policyName(ref), Policy: pol}, nil, ""
		}
	}
	if reason, ok := inventory.UnresolvedReason(ref); ok {
		return iampolicy.NamedPolicy{}, nil, "a managed policy is unresolved: " + reason
	}
	return iampolicy.NamedPolicy{}, nil, "managed policy " + inventory.Describe(ref) + " is not known (run `lambdasec managed-policies sync`, or it is defined outside this estate)"
}

// policyName shortens a managed policy ARN to its name.
func policyName(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// roleResult starts a result for a role.
func roleResult(v *roleView) Result {
	res := Result{Resource: v.role.ID, Kind: "role", Label: v.role.Label(), Source: v.role.Source, Skips: v.role.Skips}
	for _, f := range v.functions {
		res.Functions = append(res.Functions, f.ID)
	}
	return res
}

// usedBy names the functions of a role for messages.
func (v *roleView) usedBy() string {
	names := make([]string, len(v.functions))
	for i, f := range v.functions {
		names[i] = f.Label()
	}
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}

// permitEvidence turns permits into evidence naming the policy and
// statement, with its position when the policy is in the estate.
func (v *roleView) permitEvidence(label string, ps []iampolicy.Permit) []Evidence {
	var out []Evidence
	seen := map[string]bool{}
	for _, p := range ps {
		key := p.StatementRef.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		val := key
		if len(p.Conditions) > 0 {
			var cs []string
			for _, c := range p.Conditions {
				cs = append(cs, fmt.Sprintf("%s %s %s", c.Operator, c.Key, strings.Join(describeAll(c.Values), ",")))
			}
			val += " when " + strings.Join(cs, " and ")
		}
		ev := Evidence{Label: label, Value: val, Source: v.role.Source}
		if src := v.sources[p.Policy]; src != nil {
			ev.Source = src.StatementSource(p.Index)
		}
		out = append(out, ev)
	}
	return out
}

// regionOf returns the region to write probe ARNs with for an estate's
// role: the first function's region, or the template token.
func (v *roleView) region() string {
	for _, f := range v.functions {
		if f.Region != "" {
			return f.Region
		}
	}
	return inventory.RegionToken
}

// risks checks a catalogue against the role: every risk whose steps are
// all may-allowed, each in the request context its method implies (a
// PassRole step names the service the role is passed to), with the
// permits that allow them.
func (in *Input) risks(v *roleView, catalogue []iampolicy.Risk) (found []iampolicy.Risk, ev []Evidence) {
	for _, risk := range catalogue {
		var all []iampolicy.Permit
		ok := true
		for _, st := range risk.Steps {
			resource, ctx := st.Request(in.Estate.Account, v.region())
			ps := iampolicy.MayAllowIn(v.identity, v.boundary, st.Action, resource, ctx)
			if len(ps) == 0 {
				ok = false
				break
			}
			all = append(all, ps...)
		}
		if ok {
			found = append(found, risk)
			ev = append(ev, v.permitEvidence(risk.Title, all)...)
		}
	}
	return found, ev
}

// verdict turns a may-allow finding into a result: FAIL when something
// was found; UNKNOWN when nothing was found but some policy (or the
// boundary) could not be read; PASS otherwise. A FAIL under an unknown
// boundary becomes UNKNOWN, since the boundary may take the grant away.
func (v *roleView) verdict(res *Result, failed bool, failMsg, passMsg string) {
	switch {
	case failed && v.boundaryUnknown != "":
		res.Status = Unknown
		res.Message = failMsg + " — unless the " + v.boundaryUnknown
	case failed:
		res.Status, res.Message = Fail, failMsg
		if len(v.unknown) > 0 {
			res.Message += fmt.Sprintf(" (%d attached policies could not be read, so there may be more)", len(v.unknown))
		}
	case len(v.unknown) > 0:
		res.Status = Unknown
		res.Message = "cannot judge the role: " + v.unknown[0]
		if len(v.unknown) > 1 {
			res.Message += fmt.Sprintf(" (and %d more)", len(v.unknown)-1)
		}
	default:
		res.Status, res.Message = Pass, passMsg
	}
}

var roleAdmin = &Rule{
	ID:       "LS201",
	Name:     "role-full-admin",
	Severity: Critical,
	Title:    "Execution role has full administrator access",
	Description: "The function's execution role may perform every action on every resource (Action \"*\" " +
		"on Resource \"*\", AdministratorAccess, or an equivalent NotAction statement), and no permissions " +
		"boundary takes it away. Anyone who gets code to run in the function — through an injection, a " +
		"vulnerable dependency or a leaked deployment credential — owns the account.",
	Remediation: Remediation{
		Text:           "Replace the role's policies with the few actions and resources the function uses (see `lambdasec` least-privilege output), or at least add a permissions boundary.",
		CLI:            "aws iam detach-role-policy --role-name ROLE --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
		CloudFormation: "Remove AdministratorAccess from ManagedPolicyArns and any Action: '*' statement; list the actions and resources the function needs (SAM: policy templates such as DynamoDBReadPolicy).",
		Terraform:      "Remove the AdministratorAccess attachment and any \"*\" action statement from the role's policies.",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
	},
	Compliance: []Compliance{{"AWS FSBP", "IAM.1"}, {"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkRoleAdmin,
}

func checkRoleAdmin(in *Input) []Result {
	var out []Result
	for _, v := range in.executionRoles() {
		res := roleResult(v)
		acct, region := in.Estate.Account, v.region()
		var all []iampolicy.Permit
		admin := true
		for _, probe := range []struct{ action, kind string }{
			{"lambdasecprobe:AnyAction", "any"},
			{"iam:PutRolePolicy", "role"},
			{"iam:CreateUser", "user"},
			{"ec2:RunInstances", "instance"},
		} {
			ps := iampolicy.MayAllow(v.identity, v.boundary, probe.action, iampolicy.ProbeARN(probe.kind, acct, region))
			if len(ps) == 0 {
				admin = false
				break
			}
			all = append(all, ps...)
		}
		if admin {
			res.Evidence = v.permitEvidence("all actions on all resources", all)
			if src := res.Evidence[0].Source; src.Line > 0 {
				res.Source = src
			}
		}
		v.verdict(&res, admin,
			fmt.Sprintf("role %s (used by %s) may do anything on any resource: %s", v.role.Label(), v.usedBy(), firstValue(res.Evidence)),
			"the role does not have full administrator access")
		out = append(out, res)
	}
	return out
}

func firstValue(ev []Evidence) string {
	if len(ev) == 0 {
		return ""
	}
	return ev[0].Value
}

// sensitiveServices are the services whose "service:*" grant is judged:
// identity, keys, secrets, data stores, compute and the control plane.
var sensitiveServices = []string{"iam", "sts", "organizations", "kms", "secretsmanager", "ssm", "s3", "dynamodb", "rds", "lambda", "ec2", "ecs", "cloudformation", "sqs", "sns", "kinesis", "logs", "cloudtrail", "events", "states", "apigateway", "cognito-idp", "route53", "glue", "athena", "elasticfilesystem"}

var roleWildcard = &Rule{
	ID:       "LS202",
	Name:     "role-service-wildcard",
	Severity: High,
	Title:    "Execution role grants every action of a sensitive service",
	Description: "A statement of the execution role allows every action of a sensitive service (\"s3:*\", " +
		"\"dynamodb:*\", \"kms:*\", \"iam:*\"...) or uses an Allow with NotAction, which grants everything " +
		"not listed. Functions need a handful of actions; wildcards hand out deletion, permission and " +
		"configuration changes along with them.",
	Remediation: Remediation{
		Text:           "List the specific actions the function calls instead of service:* (SAM policy templates do this for the common cases).",
		CLI:            "aws iam put-role-policy --role-name ROLE --policy-name least-privilege --policy-document file://policy.json",
		CloudFormation: "Replace Action: 's3:*' with e.g. [s3:GetObject, s3:PutObject] on the bucket's objects.",
		Terraform:      "Replace actions = [\"s3:*\"] with the specific actions.",
	},
	References: []string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkRoleWildcard,
}

func checkRoleWildcard(in *Input) []Result {
	var out []Result
	for _, v := range in.executionRoles() {
		res := roleResult(v)
		var found []string
		for _, np := range v.identity {
			for i := range np.Policy.Statements {
				st := &np.Policy.Statements[i]
				if st.Effect != iampolicy.Allow {
					continue
				}
				var what []string
				if st.NotAction != nil {
					acts, _ := iampolicy.Actions().GrantedActions(st)
					what = append(what, fmt.Sprintf("NotAction %s (every other action: %s)", strings.Join(st.NotAction, ","), levelCounts(acts)))
				}
				for _, a := range st.Action {
					svc, act, _ := strings.Cut(strings.ToLower(a), ":")
					if act == "*" && contains(sensitiveServices, svc) {
						acts, _ := iampolicy.Actions().Expand(a)
						what = append(what, fmt.Sprintf("%s (%s)", a, levelCounts(acts)))
					}
				}
				if len(what) == 0 {
					continue
				}
				ref := iampolicy.StatementRef{Policy: np.Name, Index: st.Index, Sid: st.Sid}
				ev := v.permitEvidence(strings.Join(what, ", "), []iampolicy.Permit{{StatementRef: ref, Conditions: st.Conditions}})
				res.Evidence = append(res.Evidence, ev...)
				found = append(found, what...)
			}
		}
		sort.Strings(found)
		found = dedupe(found)
		if len(found) > 0 {
			if src := res.Evidence[0].Source; src.Line > 0 {
				res.Source = src
			}
		}
		v.verdict(&res, len(found) > 0,
			fmt.Sprintf("role %s (used by %s) grants %s", v.role.Label(), v.usedBy(), strings.Join(found, ", ")),
			"no statement grants every action of a sensitive service")
		out = append(out, res)
	}
	return out
}

// riskRule builds a rule that checks a role against a risk catalogue.
// extra, when set, adds findings of its own (paths through other
// functions of the estate) as titles and evidence.
func riskRule(id, name string, sevr Severity, title, desc string, rem Remediation, refs []string, catalogue []iampolicy.Risk, what string, extra func(in *Input, v *roleView) ([]string, []Evidence)) *Rule {
	r := &Rule{ID: id, Name: name, Severity: sevr, Title: title, Description: desc, Remediation: rem, References: refs,
		Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}}}
	r.Check = func(in *Input) []Result {
		var out []Result
		for _, v := range in.executionRoles() {
			res := roleResult(v)
			found, ev := in.risks(v, catalogue)
			res.Evidence = ev
			var titles []string
			for _, f := range found {
				titles = append(titles, f.Title)
			}
			if extra != nil {
				t, e := extra(in, v)
				titles = append(titles, t...)
				res.Evidence = append(res.Evidence, e...)
			}
			if len(ev) > 0 {
				if src := ev[0].Source; src.Line > 0 {
					res.Source = src
				}
			}
			v.verdict(&res, len(titles) > 0,
				fmt.Sprintf("role %s (used by %s) can %s", v.role.Label(), v.usedBy(), strings.Join(titles, "; ")),
				"no "+what+" permission found")
			out = append(out, res)
		}
		return out
	}
	return r
}

var roleEscalation = riskRule("LS203", "role-privilege-escalation", High,
	"Execution role can escalate its privileges",
	"The execution role holds a permission (or combination) from the published catalogue of IAM "+
		"privilege-escalation methods, on any resource of its kind: iam:PassRole with a compute service, "+
		"policy version and attachment changes, trust-policy rewrites, sts:AssumeRole on any role, "+
		"lambda:UpdateFunctionCode on functions that run with other roles. Code running in the function "+
		"can turn these into more privilege than the role itself has. Each finding names the method and "+
		"the statements that allow its steps. Each step is judged in the request its method makes: "+
		"iam:PassRole with iam:PassedToService set to the method's service (and iam:AssociatedResourceArn to the "+
		"new resource), policy attachments with iam:PolicyARN set to AdministratorAccess on a principal "+
		"without a permissions boundary; a grant whose condition excludes that request does not count.",
	Remediation{
		Text:           "Remove the permission, or scope it to named resources (iam:PassRole to the one role, with iam:PassedToService; lambda:UpdateFunctionCode to the function's own ARN).",
		CLI:            "aws iam put-role-policy --role-name ROLE --policy-name scoped --policy-document file://scoped.json",
		CloudFormation: "Give iam:PassRole a Resource of the specific role ARN and a Condition StringEquals iam:PassedToService; remove iam:Put*/Attach*/CreatePolicyVersion.",
		Terraform:      "Scope iam:PassRole to the specific role ARN with condition iam:PassedToService; remove iam:Put*/Attach* actions.",
	},
	[]string{"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"},
	iampolicy.Escalations, "privilege-escalation", strongerFunctions)

var roleDataAccess = riskRule("LS206", "role-data-access-any", Medium,
	"Execution role can read or change data in every store of a kind",
	"The execution role may read or write data on any resource of a kind — every bucket's objects, "+
		"every DynamoDB table, every secret, every KMS key for decryption, every SSM parameter — rather "+
		"than the ones the function uses. A compromised function then leaks or destroys all of them.",
	Remediation{
		Text:           "Scope the data actions to the ARNs of the function's own tables, buckets, secrets and keys.",
		CloudFormation: "Resource: !GetAtt Table.Arn (or !Sub arn:aws:s3:::${Bucket}/*) instead of '*'",
		Terraform:      "resources = [aws_dynamodb_table.t.arn] instead of \"*\"",
	},
	[]string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"},
	iampolicy.DataAccess, "data-access-on-any-resource", nil)

var roleResourceExposure = riskRule("LS207", "role-resource-exposure", High,
	"Execution role can change who may access resources",
	"The execution role may write resource policies or ACLs (s3:PutBucketPolicy, kms:PutKeyPolicy, "+
		"lambda:AddPermission, sqs:SetQueueAttributes...) on any resource of a kind: code in the function "+
		"can make buckets, keys, queues or functions public or share them with another account.",
	Remediation{
		Text:           "Remove permissions-management actions from the function's role; change resource policies through deployment, not at run time.",
		CloudFormation: "Remove s3:PutBucketPolicy, kms:PutKeyPolicy, lambda:AddPermission and similar actions from the role's statements.",
		Terraform:      "Remove the *Policy/*Permission actions from the role's policy documents.",
	},
	[]string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html"},
	iampolicy.Exposures, "resource-exposure", catalogueExposure)

var roleCredentialExposure = riskRule("LS208", "role-credential-exposure", High,
	"Execution role can obtain other credentials",
	"The execution role may call actions that return credentials for other principals or systems "+
		"(iam:CreateAccessKey, sts:GetFederationToken, rds-db:connect, redshift:GetClusterCredentials...) "+
		"on any resource of their kind.",
	Remediation{
		Text:           "Remove the credential-issuing actions, or scope them to the one user, database user or cluster the function needs.",
		CloudFormation: "Remove iam:CreateAccessKey and similar actions; scope rds-db:connect to the dbuser ARN.",
		Terraform:      "Remove iam:CreateAccessKey and similar actions; scope rds-db:connect to the dbuser ARN.",
	},
	[]string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html"},
	iampolicy.CredentialExposures, "credential-exposure", nil)

var roleInvokeAny = riskRule("LS209", "role-invoke-any-function", Medium,
	"Execution role can invoke any function",
	"The execution role may call lambda:InvokeFunction (or lambda:InvokeFunctionUrl) on every function of "+
		"the account, as the AWS managed policy AWSLambdaRole allows. Code running in the function can then run "+
		"any other function with input of its choosing, and so use that function's role and reach: a compromise "+
		"spreads to every function, however narrow their own entry points.",
	Remediation{
		Text:           "Scope lambda:InvokeFunction to the ARNs of the functions this one calls; replace AWSLambdaRole with such a statement.",
		CLI:            "aws iam detach-role-policy --role-name ROLE --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
		CloudFormation: "Resource: !GetAtt Callee.Arn (and !Sub '${Callee.Arn}:*' for versions and aliases) instead of '*'; SAM: LambdaInvokePolicy with FunctionName.",
		Terraform:      "resources = [aws_lambda_function.callee.arn, \"${aws_lambda_function.callee.arn}:*\"] instead of \"*\"",
	},
	[]string{"https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html", "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaRole.html"},
	iampolicy.Invocations, "invoke-any-function", nil)

var roleUnknownAction = &Rule{
	ID:       "LS210",
	Name:     "policy-unknown-action",
	Severity: Low,
	Title:    "Execution role policy names actions that do not exist",
	Description: "A statement of the execution role's policies names an action no AWS service documents: " +
		"a typo (sts:GetCallerIdentify), a misspelt service prefix (lamda:InvokeFunction), or an entry " +
		"without a service. IAM ignores an action it does not know (and rejects an entry without a service " +
		"when the policy is written), so an Allow grants less than its author meant — and a Deny denies nothing. lambdasec checks every action against its action " +
		"catalogue, never counts an unknown action as a grant, and cannot check the actions of services whose " +
		"action list it does not hold. AWS managed policies are not judged.",
	Remediation: Remediation{
		Text:           "Correct the action's spelling from the AWS Service Authorization Reference, or remove it; `aws accessanalyzer validate-policy` reports the same.",
		CLI:            "aws accessanalyzer validate-policy --policy-type IDENTITY_POLICY --policy-document file://policy.json",
		CloudFormation: "Fix the Action entries of the role's Policies (e.g. sts:GetCallerIdentity, lambda:InvokeFunction).",
		Terraform:      "Fix the actions of the role's aws_iam_policy_document statements.",
	},
	References: []string{
		"https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
	},
	Check: checkUnknownActions,
}

func checkUnknownActions(in *Input) []Result {
	cat := iampolicy.Actions()
	var out []Result
	for _, v := range in.executionRoles() {
		res := roleResult(v)
		var found []string
		for _, np := range v.identity {
			if v.awsManaged[np.Name] {
				continue
			}
			for i := range np.Policy.Statements {
				st := &np.Policy.Statements[i]
				elem, acts := "Action", st.Action
				if st.NotAction != nil {
					elem, acts = "NotAction", st.NotAction
				}
				for _, a := range acts {
					if inventory.HasToken(a) {
						continue // an unresolved or deploy-time value: nothing to check
					}
					var why string
					switch cat.CheckAction(a) {
					case iampolicy.ActionUnknown:
						svc, _, _ := strings.Cut(a, ":")
						why = "no " + strings.ToLower(svc) + " action has this name"
					case iampolicy.ActionUnknownService:
						svc, _, _ := strings.Cut(a, ":")
						why = "no AWS service has the prefix " + svc
					case iampolicy.ActionMalformed:
						why = "not of the form service:action"
					default:
						continue
					}
					found = append(found, a)
					ref := iampolicy.StatementRef{Policy: np.Name, Index: st.Index, Sid: st.Sid}
					label := fmt.Sprintf("%s %s in a %s statement (%s)", elem, a, st.Effect, why)
					res.Evidence = append(res.Evidence, v.permitEvidence(label, []iampolicy.Permit{{StatementRef: ref}})...)
				}
			}
		}
		if len(res.Evidence) > 0 {
			if src := res.Evidence[0].Source; src.Line > 0 {
				res.Source = src
			}
		}
		v.verdict(&res, len(found) > 0,
			fmt.Sprintf("role %s (used by %s) names actions that do not exist, which IAM ignores: %s", v.role.Label(), v.usedBy(), strings.Join(found, ", ")),
			"every action the role's policies name exists (or belongs to a service whose actions lambdasec does not hold)")
		out = append(out, res)
	}
	return out
}

// grantsNothing reports whether every Action of a statement names an
// action that does not exist (see LS210): such a statement grants nothing
// and must not count as a grant. A NotAction statement, a token and a
// service whose actions are not held count.
func grantsNothing(st *iampolicy.Statement) bool {
	if st.NotAction != nil || len(st.Action) == 0 {
		return false
	}
	cat := iampolicy.Actions()
	for _, a := range st.Action {
		if inventory.HasToken(a) {
			return false
		}
		switch cat.CheckAction(a) {
		case iampolicy.ActionKnown, iampolicy.ActionUnchecked:
			return false
		}
	}
	return true
}

// catalogueExposure finds, beyond the named exposure risks, every action
// the action catalogue classes as "Permissions management" that the role
// may call on every resource ("*"), outside IAM, STS and Organizations
// (whose abuse is privilege escalation, judged by LS203).
func catalogueExposure(in *Input, v *roleView) ([]string, []Evidence) {
	if v.external {
		return nil, nil
	}
	named := map[string]bool{}
	for _, r := range iampolicy.Exposures {
		for _, st := range r.Steps {
			named[strings.ToLower(st.Action)] = true
		}
	}
	cat := iampolicy.Actions()
	bySvc := map[string][]string{}
	var permits []iampolicy.Permit
	seen := map[string]bool{}
	for _, np := range v.identity {
		for i := range np.Policy.Statements {
			st := &np.Policy.Statements[i]
			if st.Effect != iampolicy.Allow || st.Principal != nil || !st.CoversResource("*") {
				continue
			}
			acts, _ := cat.GrantedActions(st)
			for _, a := range acts {
				svc, _, _ := strings.Cut(a, ":")
				if seen[a] || named[strings.ToLower(a)] || svc == "iam" || svc == "sts" || svc == "organizations" {
					continue
				}
				if lvl, _ := cat.Level(a); lvl != iampolicy.LevelPermissions || !opensAccess(a) {
					continue
				}
				seen[a] = true
				ps := iampolicy.MayAllow(v.identity, v.boundary, a, "*")
				if len(ps) == 0 {
					continue
				}
				bySvc[svc] = append(bySvc[svc], a)
				permits = append(permits, ps...)
			}
		}
	}
	if len(bySvc) == 0 {
		return nil, nil
	}
	var svcs, parts []string
	n := 0
	for svc, acts := range bySvc {
		svcs = append(svcs, svc)
		n += len(acts)
	}
	sort.Strings(svcs)
	for _, svc := range svcs {
		acts := bySvc[svc]
		if len(acts) > 4 {
			parts = append(parts, fmt.Sprintf("%s and %d more %s actions", strings.Join(acts[:4], ", "), len(acts)-4, svc))
		} else {
			parts = append(parts, strings.Join(acts, ", "))
		}
	}
	title := fmt.Sprintf("call %d more permissions-management actions on every resource (%s)", n, strings.Join(parts, "; "))
	return []string{title}, v.permitEvidence("permissions-management actions on *", permits)
}

// opensAccessPatterns name the permissions-management actions that grant
// access to a resource — writing a resource policy, an ACL, a grant, a
// share — as opposed to the many the reference also classes so (reading
// settings, deleting grants).
var opensAccessPatterns = []string{"*:Put*Policy", "*:Set*Policy", "*:Update*Policy", "*:Create*Policy", "*:Add*Permission*", "*:Put*Permission*", "*:Put*Acl", "*:Create*Grant", "*:Share*", "*:Put*AccessPolicy", "*:Update*Permission*", "*:Modify*Attribute"}

func opensAccess(action string) bool {
	for _, p := range opensAccessPatterns {
		if iampolicy.MatchAction(p, action) {
			return true
		}
	}
	return false
}

// strongerFunctions finds the functions of the estate whose code or
// configuration the role may change and whose own role can do something
// this one cannot: running code there is running with that stronger role.
func strongerFunctions(in *Input, v *roleView) ([]string, []Evidence) {
	if v.external {
		return nil, nil
	}
	mine := in.roleRiskSet(v)
	var titles []string
	var ev []Evidence
	for _, f := range in.Estate.Functions {
		other := in.Index.Role(f.Role)
		if other == nil || other == v.role || f.ARN == "" {
			continue
		}
		ov := in.roleView(other, in.Index.FunctionsOfRole(other))
		var extra []string
		for id := range in.roleRiskSet(ov) {
			if !mine[id] {
				extra = append(extra, id)
			}
		}
		if len(extra) == 0 {
			continue
		}
		sort.Strings(extra)
		for i, id := range extra {
			extra[i] = riskTitle(id)
		}
		for _, action := range []string{"lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"} {
			ps := iampolicy.MayAllow(v.identity, v.boundary, action, f.ARN)
			if len(ps) == 0 {
				continue
			}
			t := fmt.Sprintf("change function %s (%s), which runs with role %s that can also %s", f.Label(), action, other.Label(), strings.Join(extra, ", "))
			titles = append(titles, t)
			ev = append(ev, v.permitEvidence(t, ps)...)
			break
		}
	}
	return titles, ev
}

// roleRiskSet returns the IDs of the catalogue risks a role holds, and
// "full-admin" when it may do anything; computed once per role.
func (in *Input) roleRiskSet(v *roleView) map[string]bool {
	if s, ok := in.riskSets[v.role]; ok {
		return s
	}
	s := map[string]bool{}
	for _, cat := range [][]iampolicy.Risk{iampolicy.Escalations, iampolicy.Exposures, iampolicy.CredentialExposures, iampolicy.DataAccess} {
		found, _ := in.risks(v, cat)
		for _, r := range found {
			s[r.ID] = true
		}
	}
	if len(iampolicy.MayAllow(v.identity, v.boundary, "lambdasecprobe:AnyAction", "*")) > 0 {
		s["full-admin"] = true
	}
	if in.riskSets == nil {
		in.riskSets = map[*inventory.Role]map[string]bool{}
	}
	in.riskSets[v.role] = s
	return s
}

var roleShared = &Rule{
	ID:       "LS204",
	Name:     "role-shared",
	Severity: Low,
	Title:    "Execution role is shared by several functions",
	Description: "Several functions run with the same execution role, so each carries the permissions all " +
		"of them need: compromising the least important function yields the access of the most " +
		"powerful one. Give each function its own role with what it needs. A role defined outside the " +
		"estate is judged by name: functions that name the same role ARN share it visibly (FAIL); a role " +
		"named once may be shared by functions elsewhere (UNKNOWN).",
	Remediation: Remediation{
		Text:           "Give each function its own role (SAM creates one per function when Role is omitted).",
		CloudFormation: "One AWS::IAM::Role per function, or omit Role in SAM and use Policies.",
		Terraform:      "One aws_iam_role per aws_lambda_function.",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check: func(in *Input) []Result {
		var out []Result
		views := in.executionRoles()
		outside := outsideRoles(views)
		for _, v := range views {
			res := roleResult(v)
			if v.external {
				if shared, ok := outside[v]; ok {
					out = append(out, shared)
				}
				continue
			}
			if len(v.functions) < 2 {
				res.Status, res.Message = Pass, "used by one function, "+v.functions[0].Label()
				if why := in.Estate.FunctionsUnread(); why != "" {
					// A partial read is never a PASS: the role is
					// global, the unread functions may use it too.
					res.Status, res.Message = Unknown, "used by one function seen, "+v.functions[0].Label()+", but not every function was read: "+why
				}
				out = append(out, res)
				continue
			}
			res.Status = Fail
			uses, complete := in.sharedRoleUse(v)
			labels := map[string]string{}
			for _, f := range v.functions {
				labels[f.ID] = f.Label()
			}
			var carriers []string
			for _, f := range v.functions {
				others, _ := excessOf(f, uses, labels)
				basis := "from its configuration (event sources, destinations, variables)"
				if complete[f.ID] {
					basis = "from its configuration and recorded activity"
				}
				switch {
				case len(others) > 0:
					carriers = append(carriers, f.Label())
					res.Evidence = append(res.Evidence, Evidence{Label: f.Label() + " carries, beyond its needs " + basis,
						Value: strings.Join(others, "; "), Source: f.Source})
				default:
					res.Evidence = append(res.Evidence, Evidence{Label: f.Label(), Value: "uses or may use every grant the other functions need", Source: f.Source})
				}
			}
			var unexplained []string
			for _, g := range uses {
				if len(g.usedBy) == 0 {
					unexplained = append(unexplained, g.summary+" ("+g.ref.String()+")")
				}
			}
			if len(unexplained) > 0 {
				res.Evidence = append(res.Evidence, Evidence{Label: "grants no function's visible needs explain", Value: strings.Join(unexplained, "; ")})
			}
			res.Message = fmt.Sprintf("role %s is shared by %d functions: %s", v.role.Label(), len(v.functions), v.usedBy())
			if len(carriers) > 0 {
				res.Message += "; " + strings.Join(carriers, ", ") + " carry permissions only the others need"
			}
			out = append(out, res)
		}
		return out
	},
}

// outsideRoles judges the sharing of roles defined outside the estate,
// which executionRoles gives one view per function: functions that name
// the same role (the same ARN, or the same expression of one) share it
// visibly, and the result is FAIL on the first view of the role; a role
// one function of the estate names is UNKNOWN, since functions elsewhere
// may share it, and so is the role of a function whose role is not known
// at all (an unresolved value: which role it names cannot be compared).
// The later views of a shared role have no result of their own.
func outsideRoles(views []*roleView) map[*roleView]Result {
	byRole := map[string][]*roleView{}
	out := map[*roleView]Result{}
	var order []string
	for _, v := range views {
		if !v.external || len(v.functions) != 1 {
			continue
		}
		if v.functions[0].Role == "" {
			res := roleResult(v)
			res.Status, res.Message = Unknown, v.unknown[0]
			out[v] = res
			continue
		}
		ref := v.functions[0].Role
		if _, ok := byRole[ref]; !ok {
			order = append(order, ref)
		}
		byRole[ref] = append(byRole[ref], v)
	}
	for _, ref := range order {
		vs := byRole[ref]
		first := vs[0]
		res := roleResult(first)
		if len(vs) == 1 {
			res.Status = Unknown
			res.Message = fmt.Sprintf("role %s is defined outside this estate: whether functions elsewhere share it cannot be seen", inventory.Describe(ref))
			out[first] = res
			continue
		}
		res.Functions = nil
		var names []string
		for _, v := range vs {
			f := v.functions[0]
			res.Functions = append(res.Functions, f.ID)
			names = append(names, f.Label())
			res.Evidence = append(res.Evidence, Evidence{Label: f.Label(), Value: "runs with " + inventory.Describe(ref), Source: f.Source})
		}
		res.Status = Fail
		res.Message = fmt.Sprintf("role %s (defined outside this estate) is shared by %d functions: %s", inventory.Describe(ref), len(vs), strings.Join(names, ", "))
		out[first] = res
	}
	return out
}

var roleTrust = &Rule{
	ID:       "LS205",
	Name:     "role-trust-broad",
	Severity: High,
	Title:    "Execution role can be assumed by more than the Lambda service",
	Description: "The trust policy of the function's execution role lets principals other than " +
		"lambda.amazonaws.com (and edgelambda.amazonaws.com for Lambda@Edge) assume it: other services, " +
		"other accounts, federated users or everyone. Each of them gets the function's permissions. " +
		"A trust policy that does not admit the Lambda service at all fails too, with its own message: " +
		"Lambda cannot assume the role, so no function can run with it — a broken or misattached execution role.",
	Remediation: Remediation{
		Text:           "Trust only lambda.amazonaws.com; give the other principals their own roles.",
		CLI:            "aws iam update-assume-role-policy --role-name ROLE --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}'",
		CloudFormation: "AssumeRolePolicyDocument with only Principal: {Service: lambda.amazonaws.com}.",
		Terraform:      "assume_role_policy with only principals { type = \"Service\", identifiers = [\"lambda.amazonaws.com\"] }.",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkRoleTrust,
}

var assumeActions = []string{"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"}

func checkRoleTrust(in *Input) []Result {
	var out []Result
	for _, v := range in.executionRoles() {
		res := roleResult(v)
		r := v.role
		if v.external {
			res.Status, res.Message = Unknown, v.unknown[0]
			out = append(out, res)
			continue
		}
		if g, ok := r.Gap(inventory.FieldTrustPolicy); ok {
			res.Status, res.Message = Unknown, g.Reason
			out = append(out, res)
			continue
		}
		if r.TrustPolicy == nil {
			res.Status, res.Message = Unknown, "the trust policy is not known"
			out = append(out, res)
			continue
		}
		pol, err := in.Policy(r.TrustPolicy)
		if err != nil {
			res.Status, res.Message = Unknown, "the trust policy does not parse: "+err.Error()
			out = append(out, res)
			continue
		}
		acc := iampolicy.Analyze(pol, iampolicy.Query{Actions: assumeActions})
		var others []string
		lambdaTrusted := false
		for _, g := range acc.Grants {
			if g.PrincipalType == "Service" && (g.Principal == "lambda.amazonaws.com" || g.Principal == "edgelambda.amazonaws.com") {
				lambdaTrusted = true
				continue
			}
			if g.PrincipalType == "*" || (g.PrincipalType == "AWS" && g.Principal == "*") {
				lambdaTrusted = true // everyone, the Lambda service included
			}
			reach, _ := g.Reach(in.Estate.Account)
			who := grantText(g)
			if reach == iampolicy.ReachPublic {
				res.Severity = sev(Critical)
			}
			others = append(others, who)
			res.Evidence = append(res.Evidence, Evidence{Label: "trusted", Value: who, Source: r.TrustPolicy.StatementSource(g.Statement)})
		}
		switch {
		case !lambdaTrusted:
			// Lambda refuses a role it cannot assume: the function cannot be
			// created with it, or the role is attached to the wrong thing.
			res.Status = Fail
			who := "no one"
			if len(others) > 0 {
				who = "only " + strings.Join(others, "; ")
			}
			res.Message = fmt.Sprintf("role %s (used by %s) cannot be assumed by the Lambda service: its trust policy admits %s, so no function can run with it (a broken or misattached execution role)", r.Label(), v.usedBy(), who)
			if len(res.Evidence) > 0 {
				if src := res.Evidence[0].Source; src.Line > 0 {
					res.Source = src
				}
			}
		case len(others) > 0:
			res.Status = Fail
			res.Message = fmt.Sprintf("role %s (used by %s) can also be assumed by %s", r.Label(), v.usedBy(), strings.Join(others, "; "))
			if src := res.Evidence[0].Source; src.Line > 0 {
				res.Source = src
			}
		default:
			res.Status, res.Message = Pass, "only the Lambda service can assume the role"
		}
		out = append(out, res)
	}
	return out
}

// riskTitle returns the title of a catalogue risk by ID ("read any secret").
func riskTitle(id string) string {
	if id == "full-admin" {
		return "do anything"
	}
	for _, cat := range iampolicy.AllRisks() {
		for _, r := range cat {
			if r.ID == id {
				return r.Title
			}
		}
	}
	return id
}

// levelCounts summarises actions by access level: "165 actions: 12
// Permissions management, 70 Write, ...".
func levelCounts(actions []string) string {
	cat := iampolicy.Actions()
	counts := map[string]int{}
	for _, a := range actions {
		lvl, ok := cat.Level(a)
		if !ok {
			lvl = "unknown level"
		}
		counts[lvl]++
	}
	var parts []string
	for _, lvl := range []string{iampolicy.LevelPermissions, iampolicy.LevelWrite, iampolicy.LevelRead, iampolicy.LevelList, iampolicy.LevelTagging} {
		if counts[lvl] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[lvl], lvl))
		}
	}
	return fmt.Sprintf("%d actions: %s", len(actions), strings.Join(parts, ", "))
}
