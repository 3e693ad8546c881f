package terraform

import (
	"strings"
	"testing"
)

// TestWebFunctionRevisionRole checks that a Web Function gets the
// execution role of its revisions (service_config.execution_role_arn): a
// role of the module by address, and a role that cannot be resolved as a
// gap naming the revision.
func TestWebFunctionRevisionRole(t *testing.T) {
	e, _, _, err := ReadDir(writeDir(t, map[string]string{"main.tf": `
resource "aws_iam_role" "site" {
  name               = "site"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_lambdaweb_function" "site" {
  function_name = "site"
}

resource "aws_lambdaweb_function_revision" "site" {
  function_name = aws_lambdaweb_function.site.function_name
  service_config {
    execution_role_arn = aws_iam_role.site.arn
  }
}

resource "aws_lambdaweb_function_revision" "other" {
  function_name = "elsewhere"
  service_config {
    execution_role_arn = var.role_arn
  }
}

variable "role_arn" {
  type = string
}
`}))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.WebFunctions) != 2 {
		t.Fatalf("%d web functions; want the module's and the one only a revision names", len(e.WebFunctions))
	}
	w := e.WebFunctions[0]
	if w.ID != "aws_lambdaweb_function.site" || len(w.Revisions) != 1 {
		t.Fatalf("web function %q with %d revisions; want aws_lambdaweb_function.site with 1", w.ID, len(w.Revisions))
	}
	if r := w.Revisions[0]; r.ID != "aws_lambdaweb_function_revision.site" || r.Role != "aws_iam_role.site" || r.Source.Line != 11 {
		t.Errorf("revision %+v; want aws_lambdaweb_function_revision.site, role aws_iam_role.site, at line 11", r)
	}
	o := e.WebFunctions[1]
	g, ok := o.Gap("role")
	if o.ID != "elsewhere" || len(o.Revisions) != 1 || o.Revisions[0].Role != "" || !ok || !strings.Contains(g.Reason, "aws_lambdaweb_function_revision.other: service_config.execution_role_arn") {
		t.Errorf("revision of an outside web function: %+v (gap %q); want elsewhere, no role, a gap naming the revision", o, g.Reason)
	}
}
