package scan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
	"github.com/lambdasec/lambdasec/internal/needs/code"
	"github.com/lambdasec/lambdasec/internal/scan"
)

// shopCode stands for the code analyzer on examples/orders-api: the AWS
// SDK calls its handlers make, with their lines (src/*/app.py), keyed by
// function. OrdersTable's ARN is written as the template gives it.
type shopCode map[string][]needs.Need

func (c shopCode) Code(f *inventory.Function) ([]needs.Need, bool) {
	ns, ok := c[f.ID]
	return ns, ok
}

const (
	account = "111122223333"
	region  = "eu-west-1"
)

var ordersTable = "arn:aws:dynamodb:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":table/" + inventory.RefToken("OrdersTable")

func ordersAPICode() shopCode {
	return shopCode{
		// TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"]); TABLE.put_item(...)
		"CreateOrderFunction": {{Action: "dynamodb:PutItem", Resource: ordersTable, Reason: "TABLE.put_item", File: "src/orders/app.py", Line: 15}},
		// s3.list_buckets()
		"ReportsFunction":   {{Action: "s3:ListAllMyBuckets", Resource: "*", Reason: "s3.list_buckets", File: "src/reports/app.py", Line: 7}},
		"ExportFunction":    nil,
		"ThumbnailFunction": nil,
		"WebhookFunction":   nil,
	}
}

// concrete turns a template's tokens into the values a deployment gives
// them, so policies and requests can be evaluated.
func concrete(s string) string {
	s = strings.NewReplacer(inventory.RegionToken, region, inventory.AccountIDToken, account).Replace(s)
	for _, id := range inventory.ReferencedIDs(s) {
		s = strings.ReplaceAll(s, inventory.RefToken(id), strings.ToLower(id))
	}
	return s
}

// deployed is a generated policy as it would be deployed: its resources
// concrete, parsed by the project's IAM engine.
func deployed(t *testing.T, sts []needs.Statement) *iampolicy.Policy {
	t.Helper()
	cs := make([]needs.Statement, len(sts))
	for i, st := range sts {
		cs[i] = st
		cs[i].Resources = nil
		for _, r := range st.Resources {
			cs[i].Resources = append(cs[i].Resources, concrete(r))
		}
	}
	data, err := json.Marshal(needs.DocumentOf(cs))
	if err != nil {
		t.Fatal(err)
	}
	p, err := iampolicy.Parse(data)
	if err != nil {
		t.Fatalf("generated policy does not parse: %v\n%s", err, data)
	}
	return p
}

// TestPolicyOnExample is issue 12's "done when" on examples/orders-api:
// the policy lambdasec policy writes for each function, deployed in place
// of its role, allows every call its handlers make and every need of its
// configuration (each evaluated with the project's IAM engine), and
// grants nothing on "*" that the current roles grant on "*" beyond the
// actions that take no resource.
// TestPolicyOnExample checks the generated policies on examples/orders-api
// with the handlers' calls as written down by hand (ordersAPICode) and as
// the code analyzer (internal/needs/code) reads them from the handlers.
func TestPolicyOnExample(t *testing.T) {
	t.Run("calls-by-hand", func(t *testing.T) { policyOnExample(t, ordersAPICode(), len(ordersAPICode())) })
	t.Run("code-analyzer", func(t *testing.T) { policyOnExample(t, code.NewEstates(code.Options{}), len(ordersAPICode())) })
}

func policyOnExample(t *testing.T, code needs.CodeSource, functions int) {
	ps, skipped, err := scan.Policies(context.Background(), scan.PolicyRequest{
		Request: scan.Request{Paths: []string{"../../examples/orders-api"}, ManagedPolicies: iampolicy.BuiltinManagedPolicies()},
		Sources: needs.Sources{Code: code},
	})
	if err != nil || len(skipped) > 0 {
		t.Fatalf("Policies: %v %v", err, skipped)
	}
	if len(ps) != functions {
		t.Fatalf("%d proposals, want one per function (%d)", len(ps), functions)
	}
	loaded := scan.Load([]string{"../../examples/orders-api"}, scan.Options{})
	e := loaded.Estates[0]
	idx := inventory.NewIndex(e)
	for _, p := range ps {
		f := idx.Function(p.ID)
		if f == nil {
			t.Fatalf("no function %s", p.ID)
		}
		pol := deployed(t, p.Statements)
		roleARN := "arn:aws:sts::" + account + ":assumed-role/" + p.Function + "-role/" + p.Function
		ev := needs.For(e, idx, f, needs.Sources{Code: code})
		if !ev.Code {
			t.Errorf("%s: code not seen", p.Function)
		}
		for _, n := range ev.Needs {
			if strings.HasSuffix(n.Action, ":*") {
				continue // a whole service: Evaluate takes one action
			}
			req := iampolicy.Request{Caller: iampolicy.Caller{ARN: roleARN}, Action: n.Action, Resource: concrete(n.Resource)}
			if res := iampolicy.Evaluate(iampolicy.PolicySet{Identity: []iampolicy.NamedPolicy{{Name: "generated", Policy: pol}}}, req); res.Decision != iampolicy.Allowed {
				t.Errorf("%s: generated policy does not allow %s on %s (%s): %s", p.Function, n.Action, req.Resource, n.Describe(), res.Reason)
			}
		}
		// Nothing on "*" the current role grants on "*", but for needs
		// that are on "*" themselves (actions that take no resource).
		onStar := map[string]bool{}
		for _, n := range ev.Needs {
			if n.Resource == "*" {
				onStar[n.Action] = true
			}
		}
		for _, st := range pol.Statements {
			if !st.CoversResource("*") {
				continue
			}
			for _, a := range st.Action {
				if onStar[a] {
					continue
				}
				t.Errorf("%s: generated policy grants %s on * though no need is on *", p.Function, a)
			}
		}
	}
	// The broad grants of ReportsRole (s3:* on *, iam:PassRole,
	// lambda:CreateFunction on *) are gone from ReportsFunction's policy,
	// and the diff names them.
	for _, p := range ps {
		if p.Function != "ReportsFunction" {
			continue
		}
		pol := deployed(t, p.Statements)
		for _, a := range []string{"s3:DeleteBucket", "s3:GetObject", "iam:PassRole", "lambda:CreateFunction"} {
			req := iampolicy.Request{Caller: iampolicy.Caller{ARN: "arn:aws:sts::" + account + ":assumed-role/reports/ReportsFunction"}, Action: a, Resource: "arn:aws:s3:::other-bucket"}
			if a == "iam:PassRole" {
				req.Resource = "arn:aws:iam::" + account + ":role/admin"
			}
			if iampolicy.Evaluate(iampolicy.PolicySet{Identity: []iampolicy.NamedPolicy{{Name: "generated", Policy: pol}}}, req).Decision == iampolicy.Allowed {
				t.Errorf("ReportsFunction's generated policy allows %s on %s", a, req.Resource)
			}
		}
		if p.Diff == nil || p.Diff.Class() != needs.ExcessEscalation {
			t.Errorf("ReportsFunction: diff %+v, want its escalation grant named", p.Diff)
		}
		var buf bytes.Buffer
		if err := needs.Write(&buf, &buf, "sam", []needs.Proposal{p}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"#   s3:ListAllMyBuckets: ", "src/reports/app.py:7", "iam:PassRole,lambda:CreateFunction,lambda:InvokeFunction on * (inline policy reports statement 2): no need uses it [privilege escalation]"} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("sam output lacks %q:\n%s", want, buf.String())
			}
		}
	}
}
