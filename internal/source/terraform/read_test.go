package terraform

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const fnHead = `resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::111122223333:role/r"
  handler       = "a.b"
  s3_bucket     = "b"
  s3_key        = "k"
`

// TestReadDirValues checks what the static reader works out, and the
// reason it gives for what it cannot, table by table.
func TestReadDirValues(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		check func(t *testing.T, f *inventory.Function)
	}{
		{"tfvars override a default", map[string]string{
			"main.tf":          "variable \"rt\" {\n  default = \"python3.9\"\n}\n" + fnHead + "  runtime = var.rt\n}\n",
			"terraform.tfvars": `rt = "python3.13"`,
		}, func(t *testing.T, f *inventory.Function) {
			if f.Runtime != "python3.13" {
				t.Errorf("runtime %q, want the tfvars value python3.13", f.Runtime)
			}
		}},
		{"a variable without a value is UNKNOWN with its name", map[string]string{
			"main.tf": "variable \"rt\" {\n  type = string\n}\n" + fnHead + "  runtime = var.rt\n}\n",
		}, func(t *testing.T, f *inventory.Function) {
			if g, ok := f.Gap(inventory.FieldRuntime); !ok || !strings.Contains(g.Reason, "variable rt has no default") {
				t.Errorf("gap %+v, want the variable named", f.Gaps)
			}
		}},
		{"a missing file says so", map[string]string{
			"main.tf": fnHead + "  environment {\n    variables = jsondecode(file(\"${path.module}/env.json\"))\n  }\n}\n",
		}, func(t *testing.T, f *inventory.Function) {
			if g, ok := f.Gap(inventory.FieldEnvironment); !ok || !strings.Contains(g.Reason, "no such file") {
				t.Errorf("gap %+v, want the missing file named", f.Gaps)
			}
		}},
		{"file and jsondecode read a local file", map[string]string{
			"main.tf":  fnHead + "  environment {\n    variables = jsondecode(file(\"${path.module}/env.json\"))\n  }\n}\n",
			"env.json": `{"STAGE": "prod"}`,
		}, func(t *testing.T, f *inventory.Function) {
			if len(f.Environment) != 1 || f.Environment[0].Value != "prod" {
				t.Errorf("environment %+v", f.Environment)
			}
		}},
		{"positions of a block and an argument", map[string]string{
			"main.tf": fnHead + "  runtime = \"python3.13\"\n  environment {\n    variables = {\n      A = \"x\"\n    }\n  }\n}\n",
		}, func(t *testing.T, f *inventory.Function) {
			if f.Source.Line != 1 || f.Source.Column != 1 || f.Environment[0].Source.Line != 10 || f.Environment[0].Source.Column != 11 {
				t.Errorf("function at %v, variable at %v; want 1:1 and 10:11", f.Source, f.Environment[0].Source)
			}
		}},
		{"a count that cannot be known makes the resource UNKNOWN", map[string]string{
			"main.tf": "variable \"n\" {\n  type = number\n}\n" + strings.Replace(fnHead, "function_name", "count = var.n\n  function_name", 1) + "}\n",
		}, func(t *testing.T, f *inventory.Function) {
			if g, ok := f.Gap(inventory.FieldRuntime); !ok || !strings.Contains(g.Reason, "count") {
				t.Errorf("gaps %+v, want the whole resource unknown because of count", f.Gaps)
			}
		}},
		{"a local module's output", map[string]string{
			"main.tf":             "module \"cfg\" {\n  source = \"./modules/cfg\"\n  stage = \"prod\"\n}\n" + fnHead + "  runtime = module.cfg.runtime\n}\n",
			"modules/cfg/main.tf": "variable \"stage\" {}\noutput \"runtime\" {\n  value = var.stage == \"prod\" ? \"python3.13\" : \"python3.9\"\n}\n",
		}, func(t *testing.T, f *inventory.Function) {
			if f.Runtime != "python3.13" {
				t.Errorf("runtime %q from the module, want python3.13", f.Runtime)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _, _, err := ReadDir(writeDir(t, tc.files))
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Functions) != 1 {
				t.Fatalf("%d functions", len(e.Functions))
			}
			tc.check(t, e.Functions[0])
		})
	}
}

// TestReadDirErrors: a file that does not parse is an *inventory.Diagnostic with its
// position; a registry module is named as not followed.
func TestReadDirErrors(t *testing.T) {
	_, _, _, err := ReadDir(writeDir(t, map[string]string{"main.tf": "resource \"a\" \"b\" {\n  x = \n}\n"}))
	var te *inventory.Diagnostic
	if !errors.As(err, &te) || te.Line != 2 || !strings.HasSuffix(te.File, "main.tf") {
		t.Errorf("error %v, want main.tf line 2", err)
	}
	// Resources that change between passes make the module calls run in
	// more than one final pass: the module is still named once.
	e, info, _, err := ReadDir(writeDir(t, map[string]string{"main.tf": "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n" +
		"resource \"aws_sqs_queue\" \"a\" {\n  name = aws_sqs_queue.b.name\n}\nresource \"aws_sqs_queue\" \"b\" {\n  name = aws_sqs_queue.c.name\n}\nresource \"aws_sqs_queue\" \"c\" {\n  name = \"c\"\n}\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(info.NotFollowed) != 1 || len(e.Gaps) != 1 || !strings.Contains(e.Gaps[0].Reason, "module.vpc (terraform-aws-modules/vpc/aws) is not followed") {
		t.Errorf("not followed %v, gaps %v", info.NotFollowed, e.Gaps)
	}
	// What takes a value from it is UNKNOWN, and says which module.
	e, _, _, err = ReadDir(writeDir(t, map[string]string{"main.tf": "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n" +
		fnHead + "  vpc_config {\n    subnet_ids = module.vpc.private_subnets\n    security_group_ids = []\n  }\n}\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := e.Functions[0].Gap(inventory.FieldVPC); !ok || !strings.Contains(g.Reason, "lambdasec does not follow module.vpc (terraform-aws-modules/vpc/aws)") {
		t.Errorf("vpc gap %+v", e.Functions[0].Gaps)
	}
}

// TestOthersKeepPolicies: a bucket, topic or queue keeps the resource
// policy set on it by a separate resource or its own argument.
func TestOthersKeepPolicies(t *testing.T) {
	e, _, _, err := ReadDir(writeDir(t, map[string]string{"main.tf": `
resource "aws_s3_bucket" "b" {
  bucket = "uploads"
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "${aws_s3_bucket.b.arn}/*" }] })
}

resource "aws_sqs_queue" "q" {
  name   = "jobs"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sns.amazonaws.com" }, Action = "sqs:SendMessage", Resource = "*" }] })
}
`}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, o := range e.Others {
		got[o.Type] = o.Policy != nil && strings.Contains(string(o.Policy.Document), "Statement")
	}
	if !got["AWS::S3::Bucket"] || !got["AWS::SQS::Queue"] || len(e.Others) != 2 {
		t.Errorf("others %v: want the bucket and the queue, each with its policy", got)
	}
}
