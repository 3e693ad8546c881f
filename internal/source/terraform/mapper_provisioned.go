package terraform

import "github.com/lambdasec/lambdasec/internal/inventory"

// provisionedConcurrency reads aws_lambda_provisioned_concurrency_config
// resources into the ProvisionedConcurrency of the function their
// function_name names (an aws_lambda_function of the module, by reference,
// name or ARN): the qualifier, or the name of the aws_lambda_alias it
// refers to, or "(qualifier not resolved)". A configuration of a function
// the module does not define is left out: the rules that read it (LS415)
// judge functions whose settings the estate holds.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_provisioned_concurrency_config
func (m *mapper) provisionedConcurrency(byType map[string][]*Resource) {
	for _, r := range byType["aws_lambda_provisioned_concurrency_config"] {
		f, _ := m.functionRef(r.Attrs.Get("function_name").Text())
		if f == nil {
			continue
		}
		v := r.Attrs.Get("qualifier")
		var q string
		if id, ok := inventory.RefTarget(v.Text()); ok {
			if a := m.byAddr[id]; a != nil && a.Type == "aws_lambda_alias" {
				q, _ = text(a.Attrs.Get("name"))
			}
		} else {
			q, _ = text(v) // "" when unresolved
		}
		if q == "" {
			q = "(qualifier not resolved)"
		}
		f.ProvisionedConcurrency = append(f.ProvisionedConcurrency, q)
	}
}
