package rules

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The rules of Lambda's 2025–2026 surfaces: Web Function endpoints,
// capacity providers (Lambda Managed Instances), durable functions, tenant
// isolation mode and MicroVM images.

// Kinds of the surfaces' resources.
const (
	KindWebEndpoint      Kind = "web-function-endpoint"
	KindCapacityProvider Kind = "capacity-provider"
	KindMicrovmImage     Kind = "microvm-image"
)

// Documentation of the surfaces, cited by the rules.
const (
	docWebAccess        = "https://docs.aws.amazon.com/lambda/latest/dg/web-functions-endpoint-access-control.html"
	docWebEndpointCFN   = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-webfunctionendpoint.html"
	docManagedSecurity  = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html"
	docCapacityProvider = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-capacity-providers.html"
	docCapacityAPI      = "https://docs.aws.amazon.com/lambda/latest/api/API_CapacityProvider.html"
	docDurableConfig    = "https://docs.aws.amazon.com/lambda/latest/dg/durable-configuration.html"
	docDurableAPI       = "https://docs.aws.amazon.com/lambda/latest/api/API_DurableConfig.html"
	docTenantIsolation  = "https://docs.aws.amazon.com/lambda/latest/dg/tenant-isolation.html"
	docMicrovmNetwork   = "https://docs.aws.amazon.com/lambda/latest/dg/microvms-networking.html"
	docMicrovmImageCFN  = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-microvmimage.html"
)

var webEndpointOpen = &Rule{
	ID:       "LS119",
	Name:     "web-endpoint-application-managed",
	Severity: High,
	Title:    "Web Function endpoint lets Lambda pass every request through unauthenticated",
	Description: "The Lambda Web Function endpoint has AuthType ApplicationManaged: AWS says \"Lambda doesn't " +
		"authenticate or authorize requests. Every request reaches your function, and your function code is " +
		"responsible for any authentication.\" The endpoint is an entry point from the internet, and only the " +
		"application's own code stands between it and the function's execution role. An IamAuth endpoint " +
		"passes. The rule reads AWS::Lambda::WebFunctionEndpoint and aws_lambdaweb_function_endpoint; the Go SDK has no Lambda Web API yet, so " +
		"a live account's endpoints are not read.",
	Remediation: Remediation{
		Text:           "Use AuthType IamAuth (front the endpoint with CloudFront signing on the callers' behalf if browsers must reach it), or be sure the application authenticates every request.",
		CLI:            "aws lambda-web update-web-function-endpoint --function-name NAME --endpoint-name NAME --auth-type IamAuth",
		CloudFormation: "AWS::Lambda::WebFunctionEndpoint: AuthType: IamAuth",
		Terraform:      "aws_lambdaweb_function_endpoint: auth_type = \"IamAuth\"",
	},
	References: []string{docWebAccess, docWebEndpointCFN},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-2"}},
	Check: func(in *Input) []Result {
		start := func(ep *inventory.WebFunctionEndpoint) Result {
			res := resultFor(&ep.Resource, KindWebEndpoint)
			return res
		}
		return each(in.Estate.WebFunctionEndpoints, start, func(ep *inventory.WebFunctionEndpoint, res *Result) bool {
			switch {
			case gapUnknown(ep, inventory.FieldAuthType, res):
			case ep.AuthType == inventory.WebAuthApplication:
				res.fail(fmt.Sprintf("endpoint %s of %s has AuthType ApplicationManaged: Lambda authenticates no request to it",
					ep.Label(), inventory.Describe(ep.Function)),
					Evidence{Label: "AuthType", Value: ep.AuthType, Source: ep.Source})
			case ep.AuthType == inventory.WebAuthIAM:
				res.pass("AuthType IamAuth: Lambda authorizes every request with IAM")
			default:
				res.unknown(fmt.Sprintf("AuthType %q is not one lambdasec knows", ep.AuthType))
			}
			return true
		})
	},
}

// KindWebFunction is the kind of a Web Function result.
const KindWebFunction Kind = "web-function"

var webPolicyOpen = &Rule{
	ID:         "LS120",
	Name:       "web-function-policy-open",
	Severity:   High,
	Severities: []Severity{Critical},
	Title:      "Web Function resource policy lets anyone, or untrusted accounts, invoke its endpoints",
	Description: "A Web Function's resource-based policy grants lambda:InvokeWebFunctionEndpoint (or an action " +
		"that covers it) to Principal \"*\" with no condition that bounds the caller (critical), or to accounts " +
		"that are neither the estate's nor trusted (high). Such a grant opens every IamAuth endpoint of the " +
		"function to those callers: IamAuth then authenticates them but lets them in. lambdasec reads the " +
		"statements together, as AWS does (a Deny or an aws:SourceArn, aws:SourceAccount or " +
		"aws:PrincipalOrgID condition restricts a grant). The policy is read from " +
		"aws_lambdaweb_resource_policy; CloudFormation has no resource for it, and the Go SDK no Lambda Web " +
		"API, so a template's or a live account's policy is not seen (a Web Function with no policy in the " +
		"estate passes).",
	Remediation: Remediation{
		Text:      "Grant lambda:InvokeWebFunctionEndpoint to the principals that need it — CloudFront with an aws:SourceArn condition on the distribution, or named roles — never to \"*\" without a condition.",
		Terraform: "aws_lambdaweb_resource_policy: Principal a service or account with aws:SourceArn/aws:SourceAccount, not \"*\".",
	},
	References: []string{docWebAccess, "https://docs.aws.amazon.com/lambda/latest/dg/web-functions-permissions.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-2"}},
	Check: func(in *Input) []Result {
		start := func(w *inventory.WebFunction) Result { return resultFor(&w.Resource, KindWebFunction) }
		return each(in.Estate.WebFunctions, start, func(w *inventory.WebFunction, res *Result) bool {
			if gapUnknown(w, inventory.FieldPermissions, res) {
				return true
			}
			if w.Policy == nil {
				res.pass("the estate gives the Web Function no resource-based policy")
				return true
			}
			acc, err := in.Analysis.WebPolicyAccess(w, in.untrusted)
			if err != nil {
				res.unknown(fmt.Sprintf("the resource policy does not parse: %v", err))
				return true
			}
			var public, foreign []string
			for _, g := range acc.Public {
				public = append(public, grantText(g.Grant))
				res.Evidence = append(res.Evidence, Evidence{Label: "statement", Value: grantText(g.Grant), Source: g.At})
			}
			for _, g := range acc.Foreign {
				foreign = append(foreign, g.Accounts...)
				res.Evidence = append(res.Evidence, Evidence{Label: "statement", Value: grantText(g.Grant), Source: g.At})
			}
			switch {
			case len(public) > 0:
				res.fail(fmt.Sprintf("anyone may invoke the endpoints of %s: %s", w.Label(), public[0]))
				res.Severity = sev(Critical)
				res.atEvidence()
			case len(foreign) > 0:
				res.fail(fmt.Sprintf("untrusted accounts %s may invoke the endpoints of %s", strings.Join(slices.Compact(slices.Sorted(slices.Values(foreign))), ", "), w.Label()))
				res.atEvidence()
			case acc.Unsure != "":
				res.unknown("a statement's reach cannot be judged: " + acc.Unsure)
			default:
				res.pass("no statement lets anyone or an untrusted account invoke the endpoints")
			}
			return true
		})
	},
}

var durableRoleAnyFunction = &Rule{
	ID:       "LS215",
	Name:     "durable-apis-any-function",
	Severity: Medium,
	Title:    "Durable function's role may drive the durable executions of every function",
	Description: "A durable function's execution role needs lambda:CheckpointDurableExecution and " +
		"lambda:GetDurableExecutionState on the function itself. A role that grants them (or the other " +
		"durable execution APIs: Stop, SendDurableExecutionCallback*) on function:* or * lets code running " +
		"in the function read the state of, checkpoint into or stop the long-running executions of every " +
		"other durable function of the account — executions that run for up to a year. AWS's managed policy " +
		"AWSLambdaBasicDurableExecutionRolePolicy (which SAM attaches to the roles it generates for durable " +
		"functions) grants them on *, so it fails too. The rule asks the policy engine whether the role may " +
		"call each API on a durable execution of a function other than its own.",
	Remediation: Remediation{
		Text:           "Scope the durable execution actions to the function's own ARN (and its versions and aliases: FUNCTION_ARN:*).",
		CloudFormation: "Resource: !Sub \"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}*\"",
		Terraform:      "resources = [\"${aws_lambda_function.f.arn}\", \"${aws_lambda_function.f.arn}:*\"]",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/durable-security.html",
		docDurableConfig,
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check: func(in *Input) []Result {
		return eachRole(in, func(v *roleView, res *Result) bool {
			if !slices.ContainsFunc(v.Functions, func(f *inventory.Function) bool { return f.Durable != nil }) {
				return false
			}
			// Lambda authorizes these actions on the durable execution's
			// ARN, a sub-resource of a function version: the probe is an
			// execution of a function that is not the role's.
			probe := iampolicy.ProbeARN("function", in.Estate.Account, v.Region()) + ":$LATEST/durable-execution/lambdasec-any/any"
			var found []string
			var ev []Evidence
			for _, action := range durableActions {
				if ps := iampolicy.MayAllow(v.Identity, v.Boundary, action, probe); len(ps) > 0 {
					found = append(found, action)
					ev = append(ev, v.permitEvidence(action, ps)...)
				}
			}
			failed := len(found) > 0
			msg := ""
			if failed {
				res.Evidence = ev
				msg = fmt.Sprintf("role of durable function %s may call %s on any function, not only its own", v.usedBy(), strings.Join(found, ", "))
			}
			v.verdict(res, failed, msg, "the durable execution actions are limited to the role's own functions")
			res.atEvidence()
			return true
		})
	},
}

// durableActions are the durable execution APIs a function's code may
// call on a function.
// https://docs.aws.amazon.com/lambda/latest/api/API_CheckpointDurableExecution.html
var durableActions = []string{
	"lambda:CheckpointDurableExecution",
	"lambda:GetDurableExecutionState",
	"lambda:StopDurableExecution",
	"lambda:SendDurableExecutionCallbackSuccess",
	"lambda:SendDurableExecutionCallbackFailure",
}

var operatorRolePower = &Rule{
	ID:       "LS216",
	Name:     "capacity-provider-operator-power",
	Severity: High,
	Title:    "Capacity provider's operator role can escalate or administer the account",
	Description: "The operator role of a Lambda Managed Instances capacity provider is the role Lambda uses " +
		"to launch and manage the provider's EC2 instances; AWS's managed policy " +
		"AWSLambdaManagedEC2ResourceOperator gives it what it needs. An operator role that may do anything, " +
		"or holds a privilege-escalation method (the LS203 catalogue), is a standing credential of that " +
		"power trusted by the Lambda service. The rule fails for such a role, passes for one with neither, " +
		"and says UNKNOWN when the role is not in the estate or a policy of it could not be read.",
	Remediation: Remediation{
		Text:           "Give the operator role only AWSLambdaManagedEC2ResourceOperator (or a policy no broader), and nothing else.",
		CloudFormation: "ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator]",
		Terraform:      "policy_arn = \"arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\"",
	},
	References: []string{docCapacityProvider, docManagedSecurity},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check: func(in *Input) []Result {
		return each(in.Estate.CapacityProviders, capacityResult, func(cp *inventory.CapacityProvider, res *Result) bool {
			if gapUnknown(cp, inventory.FieldRole, res) {
				return true
			}
			r := in.Analysis.Index.Role(cp.OperatorRole)
			if r == nil {
				res.unknown(fmt.Sprintf("operator role %s is not in the estate, so its power cannot be judged", inventory.Describe(cp.OperatorRole)))
				return true
			}
			v := &roleView{in.Analysis.RoleView(r, nil)}
			set := in.Analysis.RiskSet(v.RoleView)
			var held []string
			for _, risk := range iampolicy.Escalations {
				if set[risk.ID] {
					held = append(held, risk.Title)
				}
			}
			if len(held) > 3 {
				held = append(held[:3], fmt.Sprintf("%d more escalation methods", len(held)-3))
			}
			if set[exposure.FullAdmin] {
				held = []string{"do anything (full administrator access)"}
			}
			msg := ""
			if len(held) > 0 {
				msg = fmt.Sprintf("operator role %s may %s", r.Label(), strings.Join(held, "; "))
				res.Evidence = append(res.Evidence, Evidence{Label: "operator role", Value: r.Label(), Source: r.Source})
			}
			v.verdict(res, len(held) > 0, msg, fmt.Sprintf("operator role %s has no administrator access or escalation method", r.Label()))
			return true
		})
	},
}

var durableNoCMK = &Rule{
	ID:         "LS306",
	Name:       "durable-history-without-cmk",
	Severity:   Medium,
	Severities: []Severity{Low},
	Title:      "Durable function keeps execution history without a customer managed KMS key",
	Description: "A durable function's executions (up to a year long) and their history — inputs, outputs, " +
		"step results and errors — are kept for RetentionPeriodInDays after they close (1 to 90 days; 14 " +
		"when unset). Without DurableConfig.KMSKeyArn they are encrypted with a key AWS owns: key use cannot " +
		"be restricted, audited in CloudTrail or revoked. The rule fails for a durable function with no " +
		"customer managed key (medium above 14 days of retention, low otherwise) and passes with one.",
	Remediation: Remediation{
		Text:           "Set DurableConfig.KMSKeyArn to a customer managed key, and keep RetentionPeriodInDays as short as investigations allow.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --durable-config '{\"ExecutionTimeout\":3600,\"RetentionPeriodInDays\":14,\"KMSKeyArn\":\"KEY_ARN\"}'",
		CloudFormation: "DurableConfig: {ExecutionTimeout: 3600, RetentionPeriodInDays: 14, KMSKeyArn: !GetAtt Key.Arn}",
		Terraform:      "durable_config { execution_timeout = 3600, retention_period = 14, kms_key_arn = aws_kms_key.k.arn }",
	},
	References: []string{docDurableConfig, docDurableAPI},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-7"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldDurable, res) {
				return true
			}
			d := f.Durable
			if d == nil {
				return false
			}
			days, set := d.RetentionDays, "set"
			if days == 0 {
				days, set = inventory.DefaultDurableRetentionDays, "AWS's default"
			}
			if d.KMSKey != "" {
				res.pass(fmt.Sprintf("durable executions are encrypted with %s (history kept %d days)", inventory.Describe(d.KMSKey), days))
				return true
			}
			res.fail(fmt.Sprintf("%s keeps durable execution history %d days (%s) encrypted only with an AWS owned key", f.Label(), days, set),
				Evidence{Label: "DurableConfig", Value: fmt.Sprintf("RetentionPeriodInDays %d, no KMSKeyArn", days), Source: d.Source})
			if days <= inventory.DefaultDurableRetentionDays {
				res.Severity = sev(Low)
			}
			res.atEvidence()
			return true
		})
	},
}

var capacityShared = &Rule{
	ID:       "LS412",
	Name:     "capacity-provider-mixed-trust",
	Severity: High,
	Title:    "Capacity provider runs functions of different trust side by side",
	Description: "On Lambda Managed Instances the capacity provider is the security boundary: functions run " +
		"in containers on the provider's EC2 instances, and AWS says containers are not a security " +
		"boundary — \"all functions assigned to the same capacity provider must be mutually trusted\". The " +
		"rule fails for a provider whose functions differ in trust: one reachable from the internet (a " +
		"function URL with AuthType NONE or a public resource-policy grant) and one not, or execution roles " +
		"of different power (administrator access, escalation, exposure, credential or data-access risks " +
		"held by one role and not another). It passes when they match, and says UNKNOWN when a role's " +
		"policies could not be read.",
	Remediation: Remediation{
		Text:           "Give each trust level its own capacity provider, and limit lambda:PassCapacityProvider to the principals that deploy that level.",
		CloudFormation: "A second AWS::Lambda::CapacityProvider, and CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn pointing each function at the provider of its trust level.",
		Terraform:      "A second aws_lambda_capacity_provider; capacity_provider_config { lambda_managed_instances_capacity_provider_config { capacity_provider_arn = ... } }",
	},
	References: []string{docManagedSecurity, docCapacityProvider},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkCapacityShared,
}

// capacityResult starts a result for a capacity provider.
func capacityResult(cp *inventory.CapacityProvider) Result {
	return resultFor(&cp.Resource, KindCapacityProvider)
}

// tenant is what LS412 compares of one function on a capacity provider.
type tenant struct {
	f       *inventory.Function
	public  bool
	risks   string // the role's risk IDs, sorted and joined
	unknown string
}

func checkCapacityShared(in *Input) []Result {
	byProvider := map[string][]*inventory.Function{}
	var order []string
	for _, f := range in.Estate.Functions {
		if f.CapacityProvider == "" {
			continue
		}
		if _, ok := byProvider[f.CapacityProvider]; !ok {
			order = append(order, f.CapacityProvider)
		}
		byProvider[f.CapacityProvider] = append(byProvider[f.CapacityProvider], f)
	}
	if len(order) == 0 {
		return nil // no function on Managed Instances: no graph to build
	}
	roles := map[*inventory.Function]*exposure.RoleView{}
	for _, v := range in.Analysis.ExecutionRoles() {
		for _, f := range v.Functions {
			roles[f] = v
		}
	}
	public := publicFunctions(in)
	var out []Result
	for _, ref := range order {
		fns := byProvider[ref]
		var res Result
		if cp := capacityProviderOf(in.Estate, ref); cp != nil {
			res = capacityResult(cp)
		} else {
			res = Result{Resource: ref, Kind: KindCapacityProvider, Label: inventory.Describe(ref), Source: fns[0].Source}
		}
		var ts []tenant
		for _, f := range fns {
			res.Functions = append(res.Functions, f.ID)
			t := tenant{f: f, public: public[f]}
			if v := roles[f]; v == nil || v.External {
				t.unknown = fmt.Sprintf("the role of %s is not in the estate", f.Label())
			} else {
				if len(v.Unknown) > 0 {
					t.unknown = fmt.Sprintf("a policy of %s's role could not be read: %s", f.Label(), v.Unknown[0])
				}
				t.risks = strings.Join(slices.Sorted(maps.Keys(in.Analysis.RiskSet(v))), ",")
			}
			ts = append(ts, t)
		}
		judgeTenants(&res, ts)
		out = append(out, res)
	}
	return out
}

// judgeTenants gives res its verdict from the functions on one provider.
func judgeTenants(res *Result, ts []tenant) {
	if len(ts) == 1 {
		res.pass(fmt.Sprintf("only %s runs on the capacity provider", ts[0].f.Label()))
		return
	}
	for _, a := range ts {
		for _, b := range ts {
			if a.public && !b.public {
				res.fail(fmt.Sprintf("%s is reachable from the internet and shares the provider's instances with %s, which is not", a.f.Label(), b.f.Label()),
					Evidence{Label: "public function", Value: a.f.Label(), Source: a.f.Source},
					Evidence{Label: "private function", Value: b.f.Label(), Source: b.f.Source})
				return
			}
		}
	}
	for _, a := range ts {
		for _, b := range ts {
			if a.unknown == "" && b.unknown == "" && a.risks != b.risks {
				res.fail(fmt.Sprintf("%s and %s share the provider's instances but their execution roles differ in power (%s vs %s)",
					a.f.Label(), b.f.Label(), riskText(a.risks), riskText(b.risks)),
					Evidence{Label: "function", Value: a.f.Label(), Source: a.f.Source},
					Evidence{Label: "function", Value: b.f.Label(), Source: b.f.Source})
				return
			}
		}
	}
	for _, t := range ts {
		if t.unknown != "" {
			res.unknown("cannot compare the functions' trust: " + t.unknown)
			return
		}
	}
	res.pass(fmt.Sprintf("the %d functions on the provider have the same exposure and roles of the same power", len(ts)))
}

// riskText names a role's risks (RiskSet IDs joined by commas) for a
// message: "full administrator access", a few IDs, or none.
func riskText(ids string) string {
	if ids == "" {
		return "no risky permissions"
	}
	list := strings.Split(ids, ",")
	if slices.Contains(list, exposure.FullAdmin) {
		return "full administrator access"
	}
	if len(list) > 3 {
		return strings.Join(list[:3], ", ") + fmt.Sprintf(" and %d more", len(list)-3)
	}
	return strings.Join(list, ", ")
}

// capacityProviderOf finds the capacity provider a function's reference
// names (its ID, ARN or name), or nil.
func capacityProviderOf(e *inventory.Estate, ref string) *inventory.CapacityProvider {
	for _, cp := range e.CapacityProviders {
		if cp.ID == ref || (cp.ARN != "" && cp.ARN == ref) || (cp.Name != "" && cp.Name == ref) {
			return cp
		}
	}
	return nil
}

// publicFunctions returns the functions the exposure graph reaches from
// the internet (anyone, not only foreign accounts).
func publicFunctions(in *Input) map[*inventory.Function]bool {
	out := map[*inventory.Function]bool{}
	g := in.Graph()
	for _, entry := range g.Out("internet") {
		for _, to := range g.Out(entry) {
			if n := g.Node(to); n != nil && n.Kind == exposure.NodeFunction {
				if f := in.Analysis.Index.Function(n.Resource); f != nil {
					out[f] = true
				}
			}
		}
	}
	return out
}

var capacityEncryption = &Rule{
	ID:         "LS413",
	Name:       "capacity-provider-network-kms",
	Severity:   Medium,
	Severities: []Severity{Low},
	Title:      "Capacity provider's instances have no customer managed key, or open network settings",
	Description: "A Lambda Managed Instances capacity provider launches EC2 instances in its VpcConfig's " +
		"subnets with its security groups, and encrypts their resources with KmsKeyArn (an AWS managed key " +
		"when unset). The rule fails (medium) when a security group of the provider allows inbound traffic " +
		"from anywhere — the instances run every function on the provider — and (low) when no customer " +
		"managed key is set; it passes otherwise and says UNKNOWN when the key or a group cannot be read.",
	Remediation: Remediation{
		Text:           "Set KmsKeyArn to a customer managed key and give the provider security groups with no inbound rule from 0.0.0.0/0 or ::/0.",
		CloudFormation: "KmsKeyArn: !GetAtt Key.Arn; VpcConfig: {SubnetIds: [...], SecurityGroupIds: [!Ref ClosedGroup]}",
		Terraform:      "kms_key_arn = aws_kms_key.k.arn; vpc_config { security_group_ids = [aws_security_group.closed.id] }",
	},
	References: []string{docCapacityAPI, docCapacityProvider},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-7"}},
	Check: func(in *Input) []Result {
		return each(in.Estate.CapacityProviders, capacityResult, func(cp *inventory.CapacityProvider, res *Result) bool {
			for _, id := range cp.SecurityGroupIDs {
				sg := securityGroupOf(in.Estate, id)
				if sg == nil {
					continue
				}
				for _, r := range sg.Ingress {
					if r.CIDRv4 == "0.0.0.0/0" || r.CIDRv6 == "::/0" {
						res.fail(fmt.Sprintf("security group %s of the capacity provider allows inbound %s from anywhere", sg.Label(), portText(r)),
							Evidence{Label: "ingress", Value: strings.TrimSpace(r.CIDRv4 + " " + r.CIDRv6), Source: r.Source})
						res.atEvidence()
						return true
					}
				}
			}
			switch {
			case gapUnknown(cp, inventory.FieldKMSKey, res):
			case cp.KMSKey == "":
				res.fail("the capacity provider's instances are encrypted only with an AWS managed key (no KmsKeyArn)")
				res.Severity = sev(Low)
			default:
				res.pass("instances are encrypted with " + inventory.Describe(cp.KMSKey) + " and no security group of the provider is open to the internet")
			}
			return true
		})
	},
}

// securityGroupOf finds a security group by ID or AWS ID, or nil.
func securityGroupOf(e *inventory.Estate, id string) *inventory.SecurityGroup {
	for _, sg := range e.SecurityGroups {
		if sg.ID == id || sg.Name == id || (sg.ARN != "" && strings.HasSuffix(sg.ARN, "/"+id)) {
			return sg
		}
	}
	return nil
}

func portText(r inventory.SGRule) string {
	switch {
	case r.Protocol == "-1":
		return "all traffic"
	case r.FromPort == r.ToPort:
		return fmt.Sprintf("%s port %d", r.Protocol, r.FromPort)
	}
	return fmt.Sprintf("%s ports %d-%d", r.Protocol, r.FromPort, r.ToPort)
}

// MultiTenantTag is the tag that marks a function as serving several
// tenants: a function with MultiTenantTag = "true" is judged by LS414.
const MultiTenantTag = "lambdasec:multi-tenant"

var tenantIsolationMissing = &Rule{
	ID:       "LS414",
	Name:     "multi-tenant-without-isolation",
	Severity: Medium,
	Title:    "Function marked multi-tenant does not use tenant isolation mode",
	Description: "The estate marks the function as serving several tenants (the tag " + MultiTenantTag +
		" = true, or a multi-tenant pattern of .lambdasec.yaml matching its name, ID or ARN), but it has no TenancyConfig.TenantIsolationMode: tenants share execution environments, " +
		"so one tenant's data left in memory or /tmp, or code it injects, reaches the next tenant's " +
		"requests. With PER_TENANT Lambda keeps each execution environment to one tenant ID. The rule " +
		"judges only functions with the tag (informative PASS for those in PER_TENANT mode); tenant " +
		"isolation can be set only when a function is created.",
	Remediation: Remediation{
		Text:           "Recreate the function with tenant isolation mode (PER_TENANT) and pass the tenant ID on every invoke.",
		CLI:            "aws lambda create-function ... --tenancy-config TenantIsolationMode=PER_TENANT",
		CloudFormation: "TenancyConfig: {TenantIsolationMode: PER_TENANT}",
		Terraform:      "tenancy_config { tenant_isolation_mode = \"PER_TENANT\" }",
	},
	References: []string{docTenantIsolation, "https://docs.aws.amazon.com/lambda/latest/api/API_TenancyConfig.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-9"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			marked := strings.EqualFold(f.Tags[MultiTenantTag], "true")
			for _, pat := range in.Config.MultiTenant {
				for _, s := range []string{f.Name, f.ID, f.ARN} {
					if ok, _ := path.Match(pat, s); ok && s != "" {
						marked = true
					}
				}
			}
			if !marked {
				return false
			}
			switch {
			case gapUnknown(f, inventory.FieldTenancy, res):
			case f.TenantIsolation != "":
				res.pass("tenant isolation mode " + f.TenantIsolation + ": each execution environment serves one tenant")
			default:
				res.fail(f.Label() + " is marked multi-tenant (tag " + MultiTenantTag + " or .lambdasec.yaml) but has no tenant isolation mode: tenants share execution environments")
			}
			return true
		})
	},
}

// qualifierText names a function qualifier: "version 3" for a number,
// "alias live" for a name, and a placeholder such as "(qualifier not
// resolved)" as it is.
func qualifierText(q string) string {
	switch {
	case strings.HasPrefix(q, "("):
		return q
	case q != "" && strings.Trim(q, "0123456789") == "":
		return "version " + q
	}
	return "alias " + q
}

// provisionedConcurrencyUnread is LS415's UNKNOWN for a live function
// whose provisioned concurrency was never listed: a snapshot written
// before lambdasec called lambda:ListProvisionedConcurrencyConfigs.
const provisionedConcurrencyUnread = "provisioned concurrency was not read (lambda:ListProvisionedConcurrencyConfigs was not called for this function; a snapshot from an earlier lambdasec): collect the account again"

var tenantIsolationConflict = &Rule{
	ID:       "LS415",
	Name:     "tenant-isolation-incompatible",
	Severity: Medium,
	Title:    "Tenant-isolated function is combined with a feature tenant isolation does not support",
	Description: "AWS documents that tenant isolation mode cannot be combined with function URLs, SnapStart " +
		"or provisioned concurrency (and most event sources). A function URL has no way to pass the tenant " +
		"ID; SnapStart and provisioned concurrency prepare execution environments before any tenant is " +
		"known. The deployment fails or the setting does not do what it seems to, so the rule fails for a " +
		"PER_TENANT function with any of them and passes otherwise.",
	Remediation: Remediation{
		Text:           "Invoke tenant-isolated functions through API Gateway or the Invoke API with a tenant ID; remove the function URL, SnapStart and provisioned concurrency.",
		CloudFormation: "Remove AWS::Lambda::Url, SnapStart and ProvisionedConcurrencyConfig from the function that has TenancyConfig.",
		Terraform:      "Remove aws_lambda_function_url, snap_start and aws_lambda_provisioned_concurrency_config from the function that has tenancy_config.",
	},
	References: []string{docTenantIsolation, "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda.TenancyConfig.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-9"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldTenancy, res) {
				return true
			}
			if f.TenantIsolation == "" {
				return false
			}
			var ev []Evidence
			for _, u := range f.URLs {
				ev = append(ev, Evidence{Label: "function URL", Value: "AuthType " + u.AuthType, Source: u.Source})
			}
			if f.SnapStart != "" && f.SnapStart != "None" {
				ev = append(ev, Evidence{Label: "SnapStart", Value: f.SnapStart, Source: f.Source})
			}
			for _, q := range f.ProvisionedConcurrency {
				ev = append(ev, Evidence{Label: "provisioned concurrency", Value: qualifierText(q), Source: f.Source})
			}
			if len(ev) == 0 {
				switch {
				case gapUnknown(f, inventory.FieldURLs, res), gapUnknown(f, inventory.FieldProvisionedConcurrency, res):
				case !f.ProvisionedConcurrencyKnown(in.Estate.Kind):
					res.unknown(provisionedConcurrencyUnread)
				default:
					res.pass("tenant isolation with no function URL, SnapStart or provisioned concurrency")
				}
				return true
			}
			names := make([]string, len(ev))
			for i, e := range ev {
				names[i] = e.Label
			}
			res.fail(fmt.Sprintf("%s uses tenant isolation mode with %s, which AWS documents as incompatible", f.Label(), strings.Join(slices.Compact(names), ", ")), ev...)
			return true
		})
	},
}

var microvmEgress = &Rule{
	ID:       "LS417",
	Name:     "microvm-internet-egress",
	Severity: Medium,
	Title:    "MicroVMs run from the image reach the internet freely",
	Description: "A Lambda MicroVM has public internet access by default; an egress network connector routes " +
		"its outbound traffic through a VPC instead, where security groups, network firewalls and flow logs " +
		"apply. A MicroVM image with no EgressNetworkConnectors gives every MicroVM run from it unfiltered " +
		"egress — the path code running inside (a sandboxed agent, a tenant's code) takes to send data out. " +
		"The rule fails for such an image and passes for one with a connector. Connectors given only when " +
		"a MicroVM is run (run-microvm) are not in a template, and lambdasec cannot read MicroVMs live yet " +
		"(no Lambda MicroVMs API in the Go SDK).",
	Remediation: Remediation{
		Text:           "Create a VPC egress network connector and list it in the image's EgressNetworkConnectors.",
		CloudFormation: "AWS::Lambda::NetworkConnector with a VpcEgressConfiguration; AWS::Lambda::MicrovmImage EgressNetworkConnectors: [!GetAtt Connector.Arn]",
	},
	References: []string{docMicrovmNetwork, docMicrovmImageCFN},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-7"}},
	Check: func(in *Input) []Result {
		start := func(img *inventory.MicrovmImage) Result { return resultFor(&img.Resource, KindMicrovmImage) }
		return each(in.Estate.MicrovmImages, start, func(img *inventory.MicrovmImage, res *Result) bool {
			switch {
			case gapUnknown(img, inventory.FieldEgress, res):
			case len(img.EgressConnectors) == 0:
				res.fail(fmt.Sprintf("image %s has no EgressNetworkConnectors: its MicroVMs have public internet access", img.Label()))
			default:
				res.pass("egress goes through " + strings.Join(img.EgressConnectors, ", "))
			}
			return true
		})
	},
}
