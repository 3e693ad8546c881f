package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The Lambda surfaces of 2025–2026 the collector reads. A function's
// CapacityProviderConfig (SDK lambda v1.84.0), DurableConfig (v1.85.0;
// its KMSKeyArn v1.96.0), TenancyConfig (v1.82.0) and SnapStart come with
// ListFunctions, at no extra call; capacity providers are listed once per
// region. Web Function endpoints and MicroVMs have no API in the Go SDK
// (lambda v1.117.0 is the newest served), so they are not read live.
// https://docs.aws.amazon.com/lambda/latest/api/API_ListCapacityProviders.html
var opListCapacityProviders = op(lambda.ServiceID, "ListCapacityProviders", "lambda:ListCapacityProviders",
	"the region's capacity providers (Lambda Managed Instances): operator role, VPC configuration, KMS key",
	"LS216", "LS412", "LS413")

// functionSurfaces copies the 2025–2026 settings of a ListFunctions entry
// to f.
func functionSurfaces(f *inventory.Function, c ltypes.FunctionConfiguration) {
	if cp := c.CapacityProviderConfig; cp != nil && cp.LambdaManagedInstancesCapacityProviderConfig != nil {
		f.CapacityProvider = aws.ToString(cp.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn)
	}
	if d := c.DurableConfig; d != nil {
		f.Durable = &inventory.DurableConfig{
			ExecutionTimeout: int(aws.ToInt32(d.ExecutionTimeout)),
			RetentionDays:    int(aws.ToInt32(d.RetentionPeriodInDays)),
			KMSKey:           aws.ToString(d.KMSKeyArn),
			Source:           f.Source,
		}
	}
	if t := c.TenancyConfig; t != nil {
		f.TenantIsolation = string(t.TenantIsolationMode)
	}
	if s := c.SnapStart; s != nil && s.ApplyOn != ltypes.SnapStartApplyOnNone {
		f.SnapStart = string(s.ApplyOn)
	}
}

// capacityProviders lists the region's capacity providers.
func (r *region) capacityProviders(ctx context.Context, client *lambda.Client, _ map[string]*inventory.Function) {
	var out []*inventory.CapacityProvider
	p := lambda.NewListCapacityProvidersPaginator(client, &lambda.ListCapacityProvidersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opListCapacityProviders), err, "capacity providers")
			return
		}
		for _, c := range page.CapacityProviders {
			out = append(out, capacityProvider(r.name, c))
		}
	}
	r.add(func(e *inventory.Estate) { e.CapacityProviders = append(e.CapacityProviders, out...) })
}

// capacityProvider maps a ListCapacityProviders entry to the model.
// https://docs.aws.amazon.com/lambda/latest/api/API_CapacityProvider.html
func capacityProvider(region string, c ltypes.CapacityProvider) *inventory.CapacityProvider {
	id := aws.ToString(c.CapacityProviderArn)
	name := id
	if a, err := arn.Parse(id); err == nil {
		name = strings.TrimPrefix(a.Resource, "capacity-provider:")
	}
	cp := &inventory.CapacityProvider{Resource: inventory.Resource{ID: id, ARN: id, Name: name, Region: region, Source: inventory.Source{ARN: id}},
		KMSKey: aws.ToString(c.KmsKeyArn)}
	if c.PermissionsConfig != nil {
		cp.OperatorRole = aws.ToString(c.PermissionsConfig.CapacityProviderOperatorRoleArn)
	}
	if c.VpcConfig != nil {
		cp.SubnetIDs, cp.SecurityGroupIDs = c.VpcConfig.SubnetIds, c.VpcConfig.SecurityGroupIds
	}
	return cp
}
