package rules

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// roleView is an execution role with its policies resolved
// (exposure.RoleView), with what the IAM rules say about it.
type roleView struct{ *exposure.RoleView }

// executionRoles returns the execution roles of the estate
// (exposure.Analysis.ExecutionRoles).
func (in *Input) executionRoles() []*roleView {
	vs := in.Analysis.ExecutionRoles()
	out := make([]*roleView, len(vs))
	for i, v := range vs {
		out[i] = &roleView{v}
	}
	return out
}

// roleResult starts a result for a role.
func roleResult(v *roleView) Result {
	res := resultFor(&v.Role.Resource, KindRole)
	for _, f := range v.Functions {
		res.Functions = append(res.Functions, f.ID)
	}
	for _, w := range v.WebFunctions {
		res.Functions = append(res.Functions, w.ID)
	}
	return res
}

// users names the functions and Web Functions of a role, functions first.
func (v *roleView) users() []string {
	names := make([]string, 0, len(v.Functions)+len(v.WebFunctions))
	for _, f := range v.Functions {
		names = append(names, f.Label())
	}
	for _, w := range v.WebFunctions {
		names = append(names, "Web Function "+w.Label())
	}
	return names
}

// usedBy names the functions (and Web Functions) of a role for messages.
func (v *roleView) usedBy() string {
	names := v.users()
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}

// permitEvidence turns permits into evidence naming the policy and
// statement, with its position when the policy is in the estate.
func (v *roleView) permitEvidence(label string, ps []iampolicy.Permit) []Evidence {
	return permitEvidence(label, ps, v.Sources, v.Role.Source)
}

// permitEvidence turns permits into evidence naming the policy and
// statement, at the statement's position when sources (policy name ->
// estate policy) holds its policy, at fallback otherwise.
func permitEvidence(label string, ps []iampolicy.Permit, sources map[string]*inventory.Policy, fallback inventory.Source) []Evidence {
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
			val += " when " + conditionsText(p.Conditions, " and ")
		}
		ev := Evidence{Label: label, Value: val, Source: fallback}
		if src := sources[p.Policy]; src != nil {
			ev.Source = src.StatementSource(p.Index)
		}
		out = append(out, ev)
	}
	return out
}

// risks checks a catalogue against the role (exposure.Analysis.Risks)
// and returns the risks it holds, with the permits that allow them as
// evidence.
func (in *Input) risks(v *roleView, catalogue []iampolicy.Risk) (found []iampolicy.Risk, ev []Evidence) {
	found, permits := in.Analysis.Risks(v.RoleView, catalogue)
	for i, risk := range found {
		ev = append(ev, v.permitEvidence(risk.Title, permits[i])...)
	}
	return found, ev
}

// verdict turns a may-allow finding into a result: FAIL when something
// was found; UNKNOWN when nothing was found but some policy (or the
// boundary) could not be read; PASS otherwise. A FAIL under an unknown
// boundary becomes UNKNOWN, since the boundary may take the grant away.
func (v *roleView) verdict(res *Result, failed bool, failMsg, passMsg string) {
	switch {
	case failed && v.BoundaryUnknown != "":
		res.unknown(failMsg + " — unless the " + v.BoundaryUnknown)
	case failed && len(v.Unknown) > 0:
		res.fail(failMsg + fmt.Sprintf(" (%d attached policies could not be read, so there may be more)", len(v.Unknown)))
	case failed:
		res.fail(failMsg)
	case len(v.Unknown) > 1:
		res.unknown("cannot judge the role: " + v.Unknown[0] + fmt.Sprintf(" (and %d more)", len(v.Unknown)-1))
	case len(v.Unknown) > 0:
		res.unknown("cannot judge the role: " + v.Unknown[0])
	default:
		res.pass(passMsg)
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
	return eachRole(in, func(v *roleView, res *Result) bool {
		acct, region := in.Estate.Account, v.Region()
		var all []iampolicy.Permit
		admin := true
		for _, probe := range []struct{ action, kind string }{
			{"lambdasecprobe:AnyAction", "any"},
			{"iam:PutRolePolicy", "role"},
			{"iam:CreateUser", "user"},
			{"ec2:RunInstances", "instance"},
		} {
			ps := iampolicy.MayAllow(v.Identity, v.Boundary, probe.action, iampolicy.ProbeARN(probe.kind, acct, region))
			if len(ps) == 0 {
				admin = false
				break
			}
			all = append(all, ps...)
		}
		if admin {
			res.Evidence = v.permitEvidence("all actions on all resources", all)
			res.atEvidence()
		}
		v.verdict(res, admin,
			fmt.Sprintf("role %s (used by %s) may do anything on any resource: %s", v.Role.Label(), v.usedBy(), firstValue(res.Evidence)),
			"the role does not have full administrator access")
		return true
	})
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
	return eachRole(in, func(v *roleView, res *Result) bool {
		var found []string
		for _, np := range v.Identity {
			for i := range np.Policy.Statements {
				st := &np.Policy.Statements[i]
				what := wildcards(st)
				if len(what) == 0 {
					continue
				}
				ref := iampolicy.StatementRef{Policy: np.Name, Index: st.Index, Sid: st.Sid}
				res.Evidence = append(res.Evidence, v.permitEvidence(strings.Join(what, ", "), []iampolicy.Permit{{StatementRef: ref, Conditions: st.Conditions}})...)
				found = append(found, what...)
			}
		}
		slices.Sort(found)
		found = slices.Compact(found)
		if len(found) > 0 {
			res.atEvidence()
		}
		v.verdict(res, len(found) > 0,
			fmt.Sprintf("role %s (used by %s) grants %s", v.Role.Label(), v.usedBy(), strings.Join(found, ", ")),
			"no statement grants every action of a sensitive service")
		return true
	})
}

// wildcards describes what an Allow statement grants wholesale: a
// NotAction (every other action), and "service:*" of sensitive services.
func wildcards(st *iampolicy.Statement) []string {
	if st.Effect != iampolicy.Allow {
		return nil
	}
	var what []string
	if st.NotAction != nil {
		acts, _ := iampolicy.Actions().GrantedActions(st)
		what = append(what, fmt.Sprintf("NotAction %s (every other action: %s)", strings.Join(st.NotAction, ","), levelCounts(acts)))
	}
	for _, a := range st.Action {
		svc, act, _ := strings.Cut(strings.ToLower(a), ":")
		if act == "*" && slices.Contains(sensitiveServices, svc) {
			acts, _ := iampolicy.Actions().Expand(a)
			what = append(what, fmt.Sprintf("%s (%s)", a, levelCounts(acts)))
		}
	}
	return what
}

// riskCheck returns a check of every execution role against a risk
// catalogue: FAIL naming the risks the role holds, by roleView.verdict.
// what names the kind of permission in the PASS message. extra, when
// given, adds findings of its own (paths through other functions of the
// estate) as titles and evidence.
func riskCheck(catalogue []iampolicy.Risk, what string, extra ...func(in *Input, v *roleView) ([]string, []Evidence)) func(in *Input) []Result {
	return func(in *Input) []Result {
		return eachRole(in, func(v *roleView, res *Result) bool {
			found, ev := in.risks(v, catalogue)
			res.Evidence = ev
			var titles []string
			for _, f := range found {
				titles = append(titles, f.Title)
			}
			for _, x := range extra {
				t, e := x(in, v)
				titles = append(titles, t...)
				res.Evidence = append(res.Evidence, e...)
			}
			if len(ev) > 0 {
				res.atEvidence()
			}
			v.verdict(res, len(titles) > 0,
				fmt.Sprintf("role %s (used by %s) can %s", v.Role.Label(), v.usedBy(), strings.Join(titles, "; ")),
				"no "+what+" permission found")
			return true
		})
	}
}

var roleEscalation = &Rule{
	ID:       "LS203",
	Name:     "role-privilege-escalation",
	Severity: High,
	Title:    "Execution role can escalate its privileges",
	Description: "The execution role holds a permission (or combination) from the published catalogue of IAM " +
		"privilege-escalation methods, on any resource of its kind: iam:PassRole with a compute service, " +
		"policy version and attachment changes, trust-policy rewrites, sts:AssumeRole on any role, " +
		"lambda:UpdateFunctionCode on functions that run with other roles. Code running in the function " +
		"can turn these into more privilege than the role itself has. Each finding names the method and " +
		"the statements that allow its steps. Each step is judged in the request its method makes: " +
		"iam:PassRole with iam:PassedToService set to the method's service (and iam:AssociatedResourceArn to the " +
		"new resource), policy attachments with iam:PolicyARN set to AdministratorAccess on a principal " +
		"without a permissions boundary; a grant whose condition excludes that request does not count.",
	Remediation: Remediation{
		Text:           "Remove the permission, or scope it to named resources (iam:PassRole to the one role, with iam:PassedToService; lambda:UpdateFunctionCode to the function's own ARN).",
		CLI:            "aws iam put-role-policy --role-name ROLE --policy-name scoped --policy-document file://scoped.json",
		CloudFormation: "Give iam:PassRole a Resource of the specific role ARN and a Condition StringEquals iam:PassedToService; remove iam:Put*/Attach*/CreatePolicyVersion.",
		Terraform:      "Scope iam:PassRole to the specific role ARN with condition iam:PassedToService; remove iam:Put*/Attach* actions.",
	},
	References: []string{"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      riskCheck(iampolicy.Escalations, "privilege-escalation", strongerFunctions),
}

var roleDataAccess = &Rule{
	ID:       "LS206",
	Name:     "role-data-access-any",
	Severity: Medium,
	Title:    "Execution role can read or change data in every store of a kind",
	Description: "The execution role may read or write data on any resource of a kind — every bucket's objects, " +
		"every DynamoDB table, every secret, every KMS key for decryption, every SSM parameter — rather " +
		"than the ones the function uses. A compromised function then leaks or destroys all of them.",
	Remediation: Remediation{
		Text:           "Scope the data actions to the ARNs of the function's own tables, buckets, secrets and keys.",
		CloudFormation: "Resource: !GetAtt Table.Arn (or !Sub arn:aws:s3:::${Bucket}/*) instead of '*'",
		Terraform:      "resources = [aws_dynamodb_table.t.arn] instead of \"*\"",
	},
	References: []string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      riskCheck(iampolicy.DataAccess, "data-access-on-any-resource"),
}

var roleResourceExposure = &Rule{
	ID:       "LS207",
	Name:     "role-resource-exposure",
	Severity: High,
	Title:    "Execution role can change who may access resources",
	Description: "The execution role may write resource policies or ACLs (s3:PutBucketPolicy, kms:PutKeyPolicy, " +
		"lambda:AddPermission, sqs:SetQueueAttributes...) on any resource of a kind: code in the function " +
		"can make buckets, keys, queues or functions public or share them with another account.",
	Remediation: Remediation{
		Text:           "Remove permissions-management actions from the function's role; change resource policies through deployment, not at run time.",
		CloudFormation: "Remove s3:PutBucketPolicy, kms:PutKeyPolicy, lambda:AddPermission and similar actions from the role's statements.",
		Terraform:      "Remove the *Policy/*Permission actions from the role's policy documents.",
	},
	References: []string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      riskCheck(iampolicy.Exposures, "resource-exposure", catalogueExposure),
}

var roleCredentialExposure = &Rule{
	ID:       "LS208",
	Name:     "role-credential-exposure",
	Severity: High,
	Title:    "Execution role can obtain other credentials",
	Description: "The execution role may call actions that return credentials for other principals or systems " +
		"(iam:CreateAccessKey, sts:GetFederationToken, rds-db:connect, redshift:GetClusterCredentials...) " +
		"on any resource of their kind.",
	Remediation: Remediation{
		Text:           "Remove the credential-issuing actions, or scope them to the one user, database user or cluster the function needs.",
		CloudFormation: "Remove iam:CreateAccessKey and similar actions; scope rds-db:connect to the dbuser ARN.",
		Terraform:      "Remove iam:CreateAccessKey and similar actions; scope rds-db:connect to the dbuser ARN.",
	},
	References: []string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      riskCheck(iampolicy.CredentialExposures, "credential-exposure"),
}

var roleInvokeAny = &Rule{
	ID:       "LS209",
	Name:     "role-invoke-any-function",
	Severity: Medium,
	Title:    "Execution role can invoke any function",
	Description: "The execution role may call lambda:InvokeFunction (or lambda:InvokeFunctionUrl) on every function of " +
		"the account, as the AWS managed policy AWSLambdaRole allows. Code running in the function can then run " +
		"any other function with input of its choosing, and so use that function's role and reach: a compromise " +
		"spreads to every function, however narrow their own entry points.",
	Remediation: Remediation{
		Text:           "Scope lambda:InvokeFunction to the ARNs of the functions this one calls; replace AWSLambdaRole with such a statement.",
		CLI:            "aws iam detach-role-policy --role-name ROLE --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
		CloudFormation: "Resource: !GetAtt Callee.Arn (and !Sub '${Callee.Arn}:*' for versions and aliases) instead of '*'; SAM: LambdaInvokePolicy with FunctionName.",
		Terraform:      "resources = [aws_lambda_function.callee.arn, \"${aws_lambda_function.callee.arn}:*\"] instead of \"*\"",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html", "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaRole.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      riskCheck(iampolicy.Invocations, "invoke-any-function"),
}

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
	return eachRole(in, func(v *roleView, res *Result) bool {
		var found []string
		for _, np := range v.Identity {
			if v.AWSManaged[np.Name] {
				continue
			}
			for i := range np.Policy.Statements {
				st := &np.Policy.Statements[i]
				for _, u := range unknownActions(st) {
					found = append(found, u.action)
					ref := iampolicy.StatementRef{Policy: np.Name, Index: st.Index, Sid: st.Sid}
					res.Evidence = append(res.Evidence, v.permitEvidence(u.label, []iampolicy.Permit{{StatementRef: ref}})...)
				}
			}
		}
		res.atEvidence()
		v.verdict(res, len(found) > 0,
			fmt.Sprintf("role %s (used by %s) names actions that do not exist, which IAM ignores: %s", v.Role.Label(), v.usedBy(), strings.Join(found, ", ")),
			"every action the role's policies name exists (or belongs to a service whose actions lambdasec does not hold)")
		return true
	})
}

// unknownAction is an action a statement names that does not exist, and
// the evidence label that says where and why.
type unknownAction struct{ action, label string }

// unknownActions lists the actions of a statement's Action (or NotAction)
// that no AWS service documents; tokens are not checked.
func unknownActions(st *iampolicy.Statement) []unknownAction {
	cat := iampolicy.Actions()
	elem, acts := "Action", st.Action
	if st.NotAction != nil {
		elem, acts = "NotAction", st.NotAction
	}
	var out []unknownAction
	for _, a := range acts {
		if inventory.HasToken(a) {
			continue // an unresolved or deploy-time value: nothing to check
		}
		svc, _, _ := strings.Cut(a, ":")
		var why string
		switch cat.CheckAction(a) {
		case iampolicy.ActionUnknown:
			why = "no " + strings.ToLower(svc) + " action has this name"
		case iampolicy.ActionUnknownService:
			why = "no AWS service has the prefix " + svc
		case iampolicy.ActionMalformed:
			why = "not of the form service:action"
		default:
			continue
		}
		out = append(out, unknownAction{a, fmt.Sprintf("%s %s in %s statement (%s)", elem, a, withArticle(string(st.Effect)), why)})
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
	if v.External {
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
	for _, np := range v.Identity {
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
				ps := iampolicy.MayAllow(v.Identity, v.Boundary, a, "*")
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
	return []string{actionsBySvc(bySvc)}, v.permitEvidence("permissions-management actions on *", permits)
}

// actionsBySvc summarises actions grouped by service, four at most per
// service: "call 7 more permissions-management actions on every resource
// (s3:PutBucketAcl, ...; sqs:AddPermission)".
func actionsBySvc(bySvc map[string][]string) string {
	var parts []string
	n := 0
	for _, svc := range slices.Sorted(maps.Keys(bySvc)) {
		acts := bySvc[svc]
		n += len(acts)
		if len(acts) > 4 {
			parts = append(parts, fmt.Sprintf("%s and %d more %s actions", strings.Join(acts[:4], ", "), len(acts)-4, svc))
		} else {
			parts = append(parts, strings.Join(acts, ", "))
		}
	}
	return fmt.Sprintf("call %d more permissions-management actions on every resource (%s)", n, strings.Join(parts, "; "))
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
	if v.External {
		return nil, nil
	}
	mine := in.Analysis.RiskSet(v.RoleView)
	var titles []string
	var ev []Evidence
	for _, f := range in.Estate.Functions {
		other := in.Index.Role(f.Role)
		if other == nil || other == v.Role || f.ARN == "" {
			continue
		}
		ov := in.Analysis.RoleView(other, in.Index.FunctionsOfRole(other))
		var extra []string
		for id := range in.Analysis.RiskSet(ov) {
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
			ps := iampolicy.MayAllow(v.Identity, v.Boundary, action, f.ARN)
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

var roleShared = &Rule{
	ID:       "LS204",
	Name:     "role-shared",
	Severity: Low,
	Title:    "Execution role is shared by several functions",
	Description: "Several functions run with the same execution role, so each carries the permissions all " +
		"of them need: compromising the least important function yields the access of the most " +
		"powerful one. Give each function its own role with what it needs. A role defined outside the " +
		"estate is judged by name: functions that name the same role ARN share it visibly (FAIL); a role " +
		"named once may be shared by functions elsewhere (UNKNOWN). A Web Function whose revisions run with the role " +
		"(ServiceConfig.ExecutionRoleArn) counts as one of its functions.",
	Remediation: Remediation{
		Text:           "Give each function its own role (SAM creates one per function when Role is omitted).",
		CloudFormation: "One AWS::IAM::Role per function, or omit Role in SAM and use Policies.",
		Terraform:      "One aws_iam_role per aws_lambda_function.",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkRoleShared,
}

func checkRoleShared(in *Input) []Result {
	views := in.executionRoles()
	outside := outsideRoles(views)
	var out []Result
	for _, v := range views {
		if v.External {
			if shared, ok := outside[v]; ok {
				out = append(out, shared)
			} else if len(v.Functions) == 0 && len(v.Unknown) > 0 {
				// A Web Function's role the estate does not hold.
				res := roleResult(v)
				res.unknown(v.Unknown[0] + ": whether others share it cannot be seen")
				out = append(out, res)
			}
			continue
		}
		res := roleResult(v)
		if len(v.users()) < 2 {
			judgeUnshared(in, v, &res)
		} else {
			judgeShared(in, v, &res)
		}
		out = append(out, res)
	}
	return out
}

// judgeUnshared judges a role of the estate one function uses.
func judgeUnshared(in *Input, v *roleView, res *Result) {
	if why := in.Estate.FunctionsUnread(); why != "" {
		// A partial read is never a PASS: the role is global, the unread
		// functions may use it too.
		res.unknown("used by one function seen, " + v.usedBy() + ", but not every function was read: " + why)
		return
	}
	res.pass("used by one function, " + v.usedBy())
}

// judgeShared fails a role of the estate several functions use, naming
// what each function carries beyond its own needs.
func judgeShared(in *Input, v *roleView, res *Result) {
	uses, complete := in.sharedRoleUse(v)
	labels := map[string]string{}
	for _, f := range v.Functions {
		labels[f.ID] = f.Label()
	}
	var carriers []string
	for _, f := range v.Functions {
		others, _ := excessOf(f, uses, labels)
		basis := "from its configuration (event sources, destinations, variables)"
		if complete[f.ID] {
			basis = "from its configuration and what its code or recorded activity shows"
		}
		if len(others) == 0 {
			res.Evidence = append(res.Evidence, Evidence{Label: f.Label(), Value: "uses or may use every grant the other functions need", Source: f.Source})
			continue
		}
		carriers = append(carriers, f.Label())
		res.Evidence = append(res.Evidence, Evidence{Label: f.Label() + " carries, beyond its needs " + basis,
			Value: strings.Join(others, "; "), Source: f.Source})
	}
	for _, w := range v.WebFunctions {
		res.Evidence = append(res.Evidence, Evidence{Label: "Web Function " + w.Label(), Value: "runs with the role (what its code needs is not read)", Source: w.Source})
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
	msg := fmt.Sprintf("role %s is shared by %d functions: %s", v.Role.Label(), len(v.users()), v.usedBy())
	if len(carriers) > 0 {
		msg += "; " + strings.Join(carriers, ", ") + " carry permissions only the others need"
	}
	res.fail(msg)
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
		if !v.External || len(v.Functions) != 1 {
			continue
		}
		if v.Functions[0].Role == "" {
			res := roleResult(v)
			res.unknown(v.Unknown[0])
			out[v] = res
			continue
		}
		ref := v.Functions[0].Role
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
			res.unknown(fmt.Sprintf("role %s is defined outside this estate: whether functions elsewhere share it cannot be seen", inventory.Describe(ref)))
			out[first] = res
			continue
		}
		res.Functions = nil
		var names []string
		for _, v := range vs {
			f := v.Functions[0]
			res.Functions = append(res.Functions, f.ID)
			names = append(names, f.Label())
			res.Evidence = append(res.Evidence, Evidence{Label: f.Label(), Value: "runs with " + inventory.Describe(ref), Source: f.Source})
		}
		res.fail(fmt.Sprintf("role %s (defined outside this estate) is shared by %d functions: %s", inventory.Describe(ref), len(vs), strings.Join(names, ", ")))
		out[first] = res
	}
	return out
}

var roleTrust = &Rule{
	ID:         "LS205",
	Name:       "role-trust-broad",
	Severity:   High,
	Severities: []Severity{Critical},
	Title:      "Execution role can be assumed by more than the Lambda service",
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
	return eachRole(in, func(v *roleView, res *Result) bool {
		r := v.Role
		switch {
		case v.External:
			res.unknown(v.Unknown[0])
		case gapUnknown(r, inventory.FieldTrustPolicy, res):
		case r.TrustPolicy == nil:
			res.unknown("the trust policy is not known")
		default:
			judgeTrust(in, v, res)
		}
		return true
	})
}

// judgeTrust judges who a role's trust policy lets assume it.
func judgeTrust(in *Input, v *roleView, res *Result) {
	r := v.Role
	pol, err := in.Policy(r.TrustPolicy)
	if err != nil {
		res.unknown("the trust policy does not parse: " + err.Error())
		return
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
		if reach, _ := g.Reach(in.Estate.Account); reach == iampolicy.ReachPublic {
			res.Severity = sev(Critical)
		}
		who := grantText(g)
		others = append(others, who)
		res.Evidence = append(res.Evidence, Evidence{Label: "trusted", Value: who, Source: r.TrustPolicy.StatementSource(g.Statement)})
	}
	switch {
	case !lambdaTrusted:
		// Lambda refuses a role it cannot assume: the function cannot be
		// created with it, or the role is attached to the wrong thing.
		who := "no one"
		if len(others) > 0 {
			who = "only " + strings.Join(others, "; ")
		}
		res.fail(fmt.Sprintf("role %s (used by %s) cannot be assumed by the Lambda service: its trust policy admits %s, so no function can run with it (a broken or misattached execution role)", r.Label(), v.usedBy(), who))
		res.atEvidence()
	case len(others) > 0:
		res.fail(fmt.Sprintf("role %s (used by %s) can also be assumed by %s", r.Label(), v.usedBy(), strings.Join(others, "; ")))
		res.atEvidence()
	default:
		res.pass("only the Lambda service can assume the role")
	}
}

// riskTitle returns the title of a catalogue risk by ID ("read any secret").
func riskTitle(id string) string {
	if id == exposure.FullAdmin {
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

// withArticle puts "a" or "an" before word ("an Allow", "a Deny").
func withArticle(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}
