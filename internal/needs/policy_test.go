package needs_test

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

const (
	table  = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
	table2 = "arn:aws:dynamodb:eu-west-1:111122223333:table/audit"
	bucket = "arn:aws:s3:::receipts"
)

func TestGenerate(t *testing.T) {
	unknownTable := needs.Placeholder("dynamodb", "table named by a value unknown before run time")
	in := []needs.Need{
		{Action: "dynamodb:PutItem", Resource: table, Reason: "TABLE.put_item", File: "app.py", Line: 15},
		{Action: "dynamodb:PutItem", Resource: table2, Reason: "AUDIT.put_item", File: "app.py", Line: 20},
		{Action: "dynamodb:GetItem", Resource: table, Reason: "TABLE.get_item", File: "app.py", Line: 9},
		{Action: "dynamodb:GetItem", Resource: table, Reason: "TABLE.get_item", File: "app.py", Line: 9}, // the same call twice
		{Action: "s3:ListAllMyBuckets", Resource: "*", Reason: "s3.list_buckets", File: "app.py", Line: 30},
		{Action: "s3:GetObject", Resource: bucket + "/*", Reason: "s3.get_object", File: "app.py", Line: 31},
		{Action: "s3:*", Resource: bucket + "/*", Reason: "environment variable BUCKET names receipts"},
		{Action: "sqs:SendMessage", Resource: "*", Reason: "CloudTrail: called 3 times"},
		{Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:111122223333:q", Reason: "dead-letter queue"},
		{Action: "dynamodb:Query", Resource: unknownTable, Reason: "client.query(TableName=name)", File: "app.py", Line: 40},
	}
	got := needs.Generate(in)
	type row struct{ sid, actions, resources string }
	var rows []row
	for _, st := range got {
		rows = append(rows, row{st.Sid, strings.Join(st.Actions, ","), strings.Join(st.Resources, ",")})
	}
	wantRows := []row{
		{"Dynamodb", "dynamodb:GetItem,dynamodb:PutItem", table},
		{"Dynamodb2", "dynamodb:PutItem", table2},
		{"Dynamodb3", "dynamodb:Query", unknownTable},
		{"S3", "s3:*", bucket + "/*"},
		{"S32", "s3:ListAllMyBuckets", "*"},
		// SendMessage on * covers the queue.
		{"Sqs", "sqs:SendMessage", "*"},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("statements:\n got %v\nwant %v", rows, wantRows)
	}
	for _, st := range got {
		switch st.Sid {
		case "Dynamodb":
			if len(st.Evidence) != 2 {
				t.Errorf("Dynamodb evidence %+v: want the two calls, the repeated one once", st.Evidence)
			}
		case "Dynamodb3":
			if len(st.Placeholders) != 1 || !needs.IsPlaceholder(st.Resources[0]) {
				t.Errorf("Dynamodb3: placeholder not said: %+v", st)
			}
		case "S3":
			if len(st.Evidence) != 2 {
				t.Errorf("S3 evidence %+v: want the call s3:* covers and the variable", st.Evidence)
			}
		case "Sqs":
			if len(st.Evidence) != 2 {
				t.Errorf("Sqs evidence %+v: want both needs", st.Evidence)
			}
		}
	}
	// The same needs in any order give the same policy.
	for i := 0; i < 20; i++ {
		shuffled := append([]needs.Need(nil), in...)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if again := needs.Generate(shuffled); !reflect.DeepEqual(again, got) {
			t.Fatalf("order of needs changed the policy:\n%+v\n%+v", again, got)
		}
	}
	// A placeholder is written as one, never as "*".
	doc := needs.DocumentOf(got)
	if r := doc.Statement[2].Resource[0]; r == "*" || !strings.Contains(r, "unresolved") || !strings.Contains(r, "dynamodb table named by a value unknown before run time") {
		t.Errorf("placeholder written as %q", r)
	}
}

func policy(t *testing.T, doc string) []iampolicy.NamedPolicy {
	t.Helper()
	p, err := iampolicy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return []iampolicy.NamedPolicy{{Name: "inline policy app", Policy: p}}
}

func TestCompare(t *testing.T) {
	ns := []needs.Need{
		{Action: "dynamodb:GetItem", Resource: table},
		{Action: "s3:GetObject", Resource: bucket + "/*"},
		{Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:111122223333:q"},
		{Action: "dynamodb:Query", Resource: needs.Placeholder("dynamodb", "table")},
	}
	for _, c := range []struct {
		name, doc string
		class     string   // Diff.Class
		excess    []string // the first unneeded grant's Excess
		wider     []string
		missing   []string
		baseline  bool
	}{
		{name: "exact", doc: `{"Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"` + table + `"},
			{"Effect":"Allow","Action":"s3:GetObject","Resource":"` + bucket + `/*"},{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}`,
			class: "write", wider: []string{"*"}},
		{name: "read", doc: `{"Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"` + table + `"},
			{"Effect":"Allow","Action":["s3:GetObject","s3:GetObjectVersion"],"Resource":"` + bucket + `/*"},{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:111122223333:q"}]}`,
			class: "read", excess: []string{"s3:GetObjectVersion"}},
		{name: "escalation", doc: `{"Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query","s3:GetObject","sqs:SendMessage"],"Resource":"*"},
			{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`, class: "privilege escalation", wider: []string{"*"}},
		{name: "write", doc: `{"Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query","dynamodb:DeleteItem"],"Resource":"` + table + `"},
			{"Effect":"Allow","Action":"s3:GetObject","Resource":"` + bucket + `/*"}]}`,
			class: "write", excess: []string{"dynamodb:DeleteItem"}, missing: []string{"sqs:SendMessage"}},
		{name: "baseline", doc: `{"Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"` + table + `"},
			{"Effect":"Allow","Action":"s3:GetObject","Resource":"` + bucket + `/*"},{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:111122223333:q"},
			{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`,
			class: "write", excess: []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, baseline: true},
	} {
		d := needs.Compare(policy(t, c.doc), ns)
		if got := d.Class(); got != c.class {
			t.Errorf("%s: class %q, want %q (%+v)", c.name, got, c.class, d)
		}
		var missing []string
		for _, n := range d.Missing {
			missing = append(missing, n.Action)
		}
		if !reflect.DeepEqual(missing, c.missing) {
			t.Errorf("%s: missing %v, want %v", c.name, missing, c.missing)
		}
		if len(d.Unneeded) == 0 {
			t.Errorf("%s: no unneeded grant", c.name)
			continue
		}
		g := d.Unneeded[0]
		if c.excess != nil && !reflect.DeepEqual(g.Excess, c.excess) {
			t.Errorf("%s: excess %v, want %v", c.name, g.Excess, c.excess)
		}
		if c.wider != nil && !reflect.DeepEqual(g.Wider, c.wider) {
			t.Errorf("%s: wider %v, want %v", c.name, g.Wider, c.wider)
		}
		if g.Baseline != c.baseline || (len(d.Significant()) == 0) != c.baseline {
			t.Errorf("%s: baseline %v, significant %d, want baseline %v", c.name, g.Baseline, len(d.Significant()), c.baseline)
		}
	}
}

// TestSAMTemplates checks that a SAM policy template is written only where
// it grants exactly the statement's actions on its one resource.
func TestSAMTemplates(t *testing.T) {
	tbl := "arn:aws:dynamodb:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":table/" + inventory.RefToken("Orders")
	crud := []string{"dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable",
		"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem"}
	var ns []needs.Need
	for _, a := range crud {
		ns = append(ns, needs.Need{Action: a, Resource: tbl, Reason: "code"})
	}
	topic := "arn:aws:sns:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":alerts"
	ns = append(ns, needs.Need{Action: "sns:Publish", Resource: topic, Reason: "destination"},
		needs.Need{Action: "sqs:SendMessage", Resource: "arn:aws:sqs:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":q", Reason: "dead-letter queue"})
	var out bytes.Buffer
	p := needs.Proposal{Function: "fn", ID: "Fn", Basis: "configuration and code", Statements: needs.Generate(ns)}
	if err := needs.Write(&out, &out, "sam", []needs.Proposal{p}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"- DynamoDBCrudPolicy:\n        TableName: !Ref Orders", "- SNSPublishMessagePolicy:\n        TopicName: \"alerts\""} {
		if !strings.Contains(s, want) {
			t.Errorf("sam output lacks %q:\n%s", want, s)
		}
	}
	// sqs:SendMessage alone is not SQSSendMessagePolicy (which adds SendMessageBatch).
	if strings.Contains(s, "SQSSendMessagePolicy") || !strings.Contains(s, "- sqs:SendMessage") {
		t.Errorf("one SendMessage written as a template:\n%s", s)
	}
	// One action fewer than the template: a plain statement.
	p.Statements = needs.Generate(ns[1:])
	out.Reset()
	if err := needs.Write(&out, &out, "sam", []needs.Proposal{p}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "DynamoDBCrudPolicy") {
		t.Errorf("a template that grants more than the needs was written:\n%s", out.String())
	}
}

// TestFormatsParse renders proposals with tokens, placeholders, templates
// and a diff in every format, and parses each the way its consumer would:
// YAML for SAM and CloudFormation, HCL for Terraform, JSON for the rest.
func TestFormatsParse(t *testing.T) {
	tbl := "arn:aws:dynamodb:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":table/" + inventory.RefToken("Orders")
	ns := []needs.Need{
		{Action: "dynamodb:PutItem", Resource: tbl, Reason: `code: "put" # not a comment`, File: "src/app.py", Line: 3},
		{Action: "dynamodb:Query", Resource: needs.Placeholder("dynamodb", "table named at run time"), Reason: "code"},
		{Action: "s3:ListAllMyBuckets", Resource: "*", Reason: "CloudTrail: called 2 times\nsecond line"},
		{Action: "kms:Decrypt", Resource: "arn:aws:kms:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":key/" + inventory.RefToken("Key"), Reason: "its key"},
	}
	role := policy(t, `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)
	d := needs.Compare(role, ns)
	ps := []needs.Proposal{
		{Function: "orders", ID: "Orders", Role: "OrdersRole", Basis: "configuration and code", Statements: needs.Generate(ns), Diff: &d},
		{Function: "a b", ID: "aws_lambda_function.a", Basis: "configuration only", Statements: []needs.Statement{}, RoleUnread: "role X is defined outside this estate"},
	}
	for _, f := range needs.Formats {
		var out, side bytes.Buffer
		if err := needs.Write(&out, &side, f, ps); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		switch f {
		case "sam", "cloudformation":
			var n yaml.Node
			if err := yaml.Unmarshal(out.Bytes(), &n); err != nil {
				t.Errorf("%s is not YAML: %v\n%s", f, err, out.String())
			}
		case "terraform":
			if _, diags := hclsyntax.ParseConfig(out.Bytes(), "policy.tf", hcl.InitialPos); diags.HasErrors() {
				t.Errorf("terraform is not HCL: %v\n%s", diags, out.String())
			}
		default:
			if !json.Valid(out.Bytes()) {
				t.Errorf("%s is not JSON:\n%s", f, out.String())
			}
			if strings.Contains(out.String(), "{{") {
				t.Errorf("%s shows lambdasec's template tokens:\n%s", f, out.String())
			}
		}
		if f == "iam" && !strings.Contains(side.String(), "s3:* on * (inline policy app statement 1)") {
			t.Errorf("iam: the diff is not on the side listing:\n%s", side.String())
		}
	}
}
