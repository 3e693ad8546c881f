package rules

import (
	"fmt"
	"strings"

	"github.com/lambdasec/lambdasec/internal/exposure"
)

// KindPath is the kind of an LS110 result: an exposure path, whose
// Resource is its entry point's resource and its impact class.
const KindPath Kind = "exposure-path"

var exposurePath = &Rule{
	ID:         "LS110",
	Name:       "exposure-path",
	Severity:   High,
	Severities: []Severity{Medium, Critical},
	Title:      "Exposure path: outsiders can reach a function whose role reaches admin, escalation or data",
	Description: "lambdasec joins the estate into a graph — entry points (API routes with no authorization, " +
		"function URLs with AuthType NONE and a public policy, resource-policy grants to everyone or to " +
		"untrusted accounts, buckets, topics and queues anyone can write to that trigger a function, internet-facing " +
		"load balancer routes without authentication, buses and streams other accounts may write to, Web Function " +
		"endpoints with AuthType ApplicationManaged or a resource policy that lets anyone or untrusted accounts " +
		"invoke them, layers untrusted accounts publish) → " +
		"functions (per alias and version) and Web Functions → execution roles → what the roles reach (full admin, privilege " +
		"escalation, changing any function, data in every store of a kind, invoking any function) — and " +
		"reports each path from the outside to an impact, one per entry point and impact class, ranked: " +
		"anyone + takeover is critical, anyone + data or invoke-any and untrusted accounts + takeover are " +
		"high, the rest medium. A takeover impact subsumes the weaker ones of the same role. The evidence " +
		"is the chain, hop by hop, each at its source position; when the role of a reached function may " +
		"take over another function (update its code or configuration, or pass its role to a new function), the " +
		"path goes on to that function's role; and when a reached function runs on a Lambda Managed Instances capacity " +
		"provider, the path goes on to the other functions on that provider and their roles (a co-tenancy hop: AWS says " +
		"containers on a provider's instances are not a security boundary, but reaching the neighbour takes a container " +
		"escape, so the hop is marked as less certain and its path ranks below a direct one; a provider that cannot be " +
		"resolved makes the path UNKNOWN). The message says the one change that " +
		"cuts the path. A path through a hop that cannot be seen (a condition lambdasec cannot judge, a " +
		"role whose policies cannot be read) is UNKNOWN and names that hop. Invoking another function is " +
		"not taken to give its role: an invoke-any path ends at every function. Routes with an authorizer " +
		"or AWS_IAM, URLs with AuthType AWS_IAM, private or policy-bounded REST APIs, and buckets whose " +
		"Block Public Access stops the public policy are not entry points. Each entry point that reaches " +
		"nothing ranked passes.",
	Remediation: Remediation{
		Text: "Cut the path at its entry (attach the authorizer the API defines, AuthType AWS_IAM on the URL, remove the " +
			"public statement, turn on Block Public Access) or at the role (scope it to the actions and resources the " +
			"function uses).",
		CLI:            "aws apigateway update-method --rest-api-id ID --resource-id RES --http-method POST --patch-operations op=replace,path=/authorizationType,value=CUSTOM op=replace,path=/authorizerId,value=AUTHORIZER_ID",
		CloudFormation: "Add `security: [{TokenAuthorizer: []}]` to the OpenAPI operation (SAM: Auth.DefaultAuthorizer); replace AWSLambda_FullAccess / AWSLambdaRole / AmazonS3FullAccess with statements on the function's own resources.",
		Terraform:      "aws_api_gateway_method authorization = \"CUSTOM\" with authorizer_id; aws_s3_bucket_public_access_block with all four settings true; scope the role's policy resources.",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html",
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		docManagedSecurity,
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-2"}, {"OWASP Serverless Top 10", "SAS-4"}},
	Check:      checkExposurePaths,
}

// hopLabels name the hops of a path in evidence.
var hopLabels = map[exposure.NodeKind]string{
	exposure.NodeInternet: "from", exposure.NodeEntry: "entry point", exposure.NodeFunction: "function",
	exposure.NodeRole: "execution role", exposure.NodeImpact: "impact", exposure.NodePrincipal: "principal",
}

func checkExposurePaths(in *Input) []Result {
	g := in.Graph()
	paths := g.Paths()
	var out []Result
	withPath := map[*exposure.Node]bool{}
	for _, p := range paths {
		withPath[p.Entry] = true
		out = append(out, pathResult(p))
	}
	for _, n := range g.Nodes {
		if n.Kind != exposure.NodeEntry || withPath[n] {
			continue
		}
		res := Result{Resource: n.Key, Kind: KindPath, Label: n.Label, Source: n.Source}
		fns := g.Out(n.ID)
		for _, id := range fns {
			if fn := g.Node(id); fn != nil && fn.Resource != "" {
				res.Functions = append(res.Functions, fn.Resource)
			}
		}
		open := "is open to " + accessText(n.Access)
		if n.Unknown != "" {
			open = "may be open to " + accessText(n.Access) + " (" + n.Unknown + ")"
		}
		res.pass(fmt.Sprintf("%s %s, but %s reaches nothing ranked (admin, escalation, data on every store, invoke any function)",
			n.Label, open, joinLabels(g, fns)))
		out = append(out, res)
	}
	return out
}

// pathResult turns a path into a result: the hops as evidence, the
// severity from the path, UNKNOWN when a hop could not be seen.
func pathResult(p *exposure.Path) Result {
	e := p.Entry
	var chain []string
	for _, h := range p.Hops[1:] {
		chain = append(chain, h.Label)
	}
	res := Result{Resource: e.Key + " -> " + string(p.Impact), Kind: KindPath, Label: strings.Join(chain, " → "),
		Source: e.Source, Path: p}
	if p.Impact == "" {
		res.Resource = e.Key + " -> " + p.Function.Label + " -> ?"
	}
	if p.Function != nil {
		res.Functions = []string{p.Function.Resource}
	}
	for _, h := range p.Hops {
		v := h.Label
		if h.Detail != "" {
			v += ": " + h.Detail
		}
		if h.Unknown != "" {
			v += " (cannot be seen: " + h.Unknown + ")"
		}
		res.Evidence = append(res.Evidence, Evidence{Label: hopLabels[h.Kind], Value: v, Source: h.Source})
	}
	s, err := ParseSeverity(p.Severity)
	if err == nil {
		res.Severity = sev(s)
	}
	msg := fmt.Sprintf("%s can %s, which runs %s as role %s", accessText(p.Access), entryPhrase(e), p.Function.Label, p.Role.Label)
	if p.Principal != nil {
		msg = fmt.Sprintf("%s can %s, which may change function %s and so run code as its role %s", accessText(p.Access), entryPhrase(e), p.Function.Label, p.Role.Label)
	}
	if p.Via != nil {
		msg += fmt.Sprintf(", which may change function %s and so run code as its role %s", p.Via.Label, p.ViaRole.Label)
	}
	if p.CoTenant != nil {
		msg += fmt.Sprintf(", which shares the instances of its capacity provider with function %s and so may reach its role %s "+
			"(a co-tenancy hop: it takes an escape from the container, so the path is less certain than a direct one)", p.CoTenant.Label, p.CoTenantRole.Label)
	}
	if p.Impact != "" {
		msg += fmt.Sprintf(", which may %s", impactVerb[p.Impact])
	}
	if len(p.Also) > 0 {
		var also []string
		for _, a := range p.Also {
			also = append(also, impactVerb[a])
		}
		msg += " (and " + strings.Join(also, ", ") + ")"
	}
	if p.Unknown != "" {
		res.unknown(msg + " — if the hop that cannot be seen is open: " + p.Unknown + ". Cut: " + p.Cut)
		return res
	}
	res.fail(msg + ". Cut: " + p.Cut)
	return res
}

var impactVerb = map[exposure.Impact]string{
	exposure.ImpactAdmin: "do anything in the account", exposure.ImpactEscalation: "escalate its privileges",
	exposure.ImpactModifyAny: "change any function's code or configuration", exposure.ImpactData: "read or change data in every store of a kind",
	exposure.ImpactInvokeAny: "invoke any function",
}

// entryPhrase says what the outsider does at entry e: "call ShopApi
// POST /admin", "invoke Relay directly (statement S of its resource
// policy)", "write to bucket B".
func entryPhrase(e *exposure.Node) string {
	switch e.EntryKind {
	case exposure.EntryRoute:
		return "call " + e.Label
	case exposure.EntryURL, exposure.EntryWeb:
		return "call the " + e.Label
	case exposure.EntryPolicy:
		st, _, _ := strings.Cut(e.Detail, ":")
		return "invoke " + strings.TrimPrefix(e.Label, "resource policy of ") + " directly (" + st + " of its resource policy)"
	case exposure.EntryTrust:
		st, _, _ := strings.Cut(e.Detail, " lets")
		return "assume " + strings.TrimPrefix(e.Label, "trust policy of ") + " (" + st + " of its trust policy)"
	case exposure.EntryALB:
		return "send requests to " + e.Label
	case exposure.EntryLayer:
		return "put code in the " + e.Label
	case exposure.EntryTopic:
		return "publish to " + e.Label
	case exposure.EntryQueue:
		return "send to " + e.Label
	}
	return "write to " + e.Label
}

func accessText(access string) string {
	if access == exposure.AccessForeign {
		return "accounts not trusted"
	}
	return "anyone on the internet"
}

func joinLabels(g *exposure.Graph, ids []string) string {
	var ls []string
	for _, id := range ids {
		if n := g.Node(id); n != nil {
			ls = append(ls, n.Label)
		}
	}
	return strings.Join(ls, ", ")
}
