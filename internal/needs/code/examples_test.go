package code_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs/code"
	"github.com/lambdasec/lambdasec/internal/source/cloudformation"
	"github.com/lambdasec/lambdasec/internal/source/terraform"
)

// readTemplate reads one of examples/ templates.
func readTemplate(t *testing.T, dir string) *inventory.Estate {
	t.Helper()
	p := filepath.Join("..", "..", "..", "examples", dir, "template.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := cloudformation.Read(p, data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// needsByFunction analyses every function of e and returns its needs as
// "action resource" (the resource as inventory.Describe prints it), and
// whether its code was read.
func needsByFunction(t *testing.T, e *inventory.Estate) map[string][]string {
	t.Helper()
	a := code.New(code.Options{Estate: e})
	out := map[string][]string{}
	for _, f := range e.Functions {
		got, ok := a.Code(f)
		if !ok {
			t.Errorf("%s: no code read from %+v", f.ID, f.Code)
		}
		list := []string{}
		for _, n := range got {
			list = append(list, n.Action+" "+inventory.Describe(n.Resource))
		}
		slices.Sort(list)
		out[f.Label()] = list
	}
	return out
}

// TestExamples checks that the analysis finds the SDK calls of every
// handler in examples/, and ties the resources they name to the
// template's.
func TestExamples(t *testing.T) {
	const (
		table = "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${OrdersTable}"
		queue = "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${FulfilmentQueue}"
		topic = "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${OrderEventsTopic}"
		inv   = "arn:aws:s3:::${InvoicesBucket}"
	)
	for _, c := range []struct {
		dir  string
		want map[string][]string
	}{
		{"code-needs", map[string][]string{
			"OrdersFunction":   {"dynamodb:PutItem " + table, "dynamodb:Query " + table + "/index/byCustomer", "sqs:SendMessage " + queue},
			"InvoicesFunction": {"dynamodb:GetItem " + table, "s3:PutObject " + inv + "/invoices/*", "sns:Publish " + topic},
			"ReportsFunction":  {"s3:ListBucket " + inv, "s3:PutObject " + inv + "/reports/*"},
		}},
		{"orders-api", map[string][]string{
			"CreateOrderFunction": {"dynamodb:PutItem arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${OrdersTable}"},
			// Two functions share src/reports: each is given both's calls
			// (the package is what it may run).
			"ReportsFunction":   {"s3:ListAllMyBuckets *"},
			"ExportFunction":    {"s3:ListAllMyBuckets *"},
			"ThumbnailFunction": {},
			"WebhookFunction":   {},
		}},
		{"vulnerable-shop", map[string][]string{
			"AuthorizerFunction": {}, "AdminFunction": {}, "OrdersFunction": {}, "ReceiptsFunction": {},
		}},
	} {
		t.Run(c.dir, func(t *testing.T) {
			got := needsByFunction(t, readTemplate(t, c.dir))
			for fn, want := range c.want {
				slices.Sort(want)
				if !slices.Equal(got[fn], want) {
					t.Errorf("%s:\n got %q\nwant %q", fn, got[fn], want)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("functions %v, want those of %v", keys(got), keys(c.want))
			}
		})
	}

	e, _, _, err := terraform.ReadDir(filepath.Join("..", "..", "..", "examples", "orders-tf"))
	if err != nil {
		t.Fatal(err)
	}
	// Three functions share src/: two set TABLE_NAME to the table's
	// name, the module-made notifier sets nothing.
	tf := "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/"
	want := map[string][]string{
		"orders-get":      {"dynamodb:GetItem " + tf + "orders-table"},
		"orders-export":   {"dynamodb:GetItem " + tf + "orders-table"},
		"orders-notifier": {"dynamodb:GetItem " + tf + "<unresolved: environment variable TABLE_NAME (not set on the function)>"},
	}
	got := needsByFunction(t, e)
	for fn, w := range want {
		if !slices.Equal(got[fn], w) {
			t.Errorf("orders-tf %s:\n got %q\nwant %q", fn, got[fn], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("orders-tf: functions %v, want %v", keys(got), keys(want))
	}
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
