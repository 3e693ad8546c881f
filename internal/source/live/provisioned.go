package live

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// opListProvisionedConcurrency lists a function's provisioned concurrency
// configurations (one per alias or version). The only rule that reads them
// is LS415 (tenant isolation combined with provisioned concurrency), which
// judges tenant-isolated functions only, so the collector asks for those
// functions alone: one call (one page of up to 50 configurations) per
// tenant-isolated function, none for the others. The call falls in
// Lambda's shared control-plane quota, 15 requests per second per account
// and region (BucketLambdaControl).
// https://docs.aws.amazon.com/lambda/latest/api/API_ListProvisionedConcurrencyConfigs.html
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html#api-requests
var opListProvisionedConcurrency = op(lambda.ServiceID, "ListProvisionedConcurrencyConfigs", "lambda:ListProvisionedConcurrencyConfigs",
	"the aliases and versions with provisioned concurrency (asked only for functions in tenant isolation mode)", "LS415")

// needsProvisionedConcurrency reports whether the collector lists f's
// provisioned concurrency: f is tenant-isolated and not yet listed.
func needsProvisionedConcurrency(f *inventory.Function) bool {
	return f.TenantIsolation != "" && !f.ProvisionedConcurrencyListed
}

// provisionedConcurrency lists the provisioned concurrency configurations
// of a tenant-isolated function into f.ProvisionedConcurrency (the
// qualifiers, sorted) and marks them listed; a failed call leaves a
// FieldProvisionedConcurrency gap instead. Other functions are left as
// they are.
func (r *region) provisionedConcurrency(ctx context.Context, client *lambda.Client, f *inventory.Function) {
	if !needsProvisionedConcurrency(f) {
		return
	}
	var quals []string
	p := lambda.NewListProvisionedConcurrencyConfigsPaginator(client, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String(f.Name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			gap(&f.Resource, call(opListProvisionedConcurrency), err, inventory.FieldProvisionedConcurrency)
			return
		}
		for _, c := range page.ProvisionedConcurrencyConfigs {
			if q := qualifierOf(aws.ToString(c.FunctionArn)); q != "" {
				quals = append(quals, q)
			}
		}
	}
	sort.Strings(quals)
	f.ProvisionedConcurrency = quals
	f.ProvisionedConcurrencyListed = true
}

// reuseProvisionedConcurrency carries the provisioned concurrency an
// earlier collection listed (collect --since) over to f; a function it
// did not list is listed again by provisionedConcurrency. It reports
// whether a call was saved.
func reuseProvisionedConcurrency(old, f *inventory.Function) bool {
	if !old.ProvisionedConcurrencyListed || f.TenantIsolation == "" {
		return false
	}
	f.ProvisionedConcurrency = old.ProvisionedConcurrency
	f.ProvisionedConcurrencyListed = true
	return true
}
