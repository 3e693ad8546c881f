package inventory

// This file models the Lambda surfaces of 2025–2026: Lambda Managed
// Instances (capacity providers), durable functions, tenant isolation
// mode, Web Function endpoints and MicroVM images.

// FunctionSurfaces are the settings of a function that belong to the
// 2025–2026 surfaces; Function embeds it, so its fields sit beside the
// function's others in the snapshot JSON. Zero values mean "not
// configured"; a value that could not be read has a Gap (FieldCapacity,
// FieldDurable, FieldTenancy).
type FunctionSurfaces struct {
	// CapacityProvider is the capacity provider the function runs on
	// (Lambda Managed Instances): a CapacityProvider's ID in this estate,
	// or its ARN; empty for a function on Lambda's default compute.
	// CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig
	// .CapacityProviderArn; the SDK has it since lambda v1.84.0.
	// https://docs.aws.amazon.com/lambda/latest/api/API_CapacityProviderConfig.html
	CapacityProvider string `json:"capacityProvider,omitempty"`
	// Durable is the durable function configuration; nil for a function
	// that is not durable.
	Durable *DurableConfig `json:"durable,omitempty"`
	// TenantIsolation is TenancyConfig.TenantIsolationMode ("PER_TENANT");
	// empty when the function has no tenant isolation. The SDK has it
	// since lambda v1.82.0.
	// https://docs.aws.amazon.com/lambda/latest/api/API_TenancyConfig.html
	TenantIsolation string `json:"tenantIsolation,omitempty"`
	// SnapStart is SnapStart.ApplyOn ("PublishedVersions" or "None");
	// empty when not set.
	// https://docs.aws.amazon.com/lambda/latest/api/API_SnapStart.html
	SnapStart string `json:"snapStart,omitempty"`
	// ProvisionedConcurrency lists the qualifiers (alias names or
	// version numbers) that have provisioned concurrency: as a template's
	// ProvisionedConcurrencyConfig or a Terraform module's
	// aws_lambda_provisioned_concurrency_config shows them, or, live, as
	// ListProvisionedConcurrencyConfigs lists them (sorted). A live
	// function's list is whole only when ProvisionedConcurrencyListed is
	// set (see ProvisionedConcurrencyKnown).
	ProvisionedConcurrency []string `json:"provisionedConcurrency,omitempty"`
	// ProvisionedConcurrencyListed says the collector listed the live
	// function's provisioned concurrency configurations, so an empty
	// ProvisionedConcurrency means none. It is false for a function the
	// collector did not ask about (it asks only for tenant-isolated
	// functions, the ones LS415 judges), for one whose listing failed
	// (FieldProvisionedConcurrency gap), and for every function of a
	// snapshot written before lambdasec read it: absent means not read.
	// Templates do not set it.
	// https://docs.aws.amazon.com/lambda/latest/api/API_ListProvisionedConcurrencyConfigs.html
	ProvisionedConcurrencyListed bool `json:"provisionedConcurrencyListed,omitempty"`
}

// ProvisionedConcurrencyKnown reports whether f.ProvisionedConcurrency is
// the function's whole list in an estate of kind estateKind (KindTemplate,
// KindTerraform, KindAccount): a template or Terraform module shows every
// configuration it makes, a live account's list is known only once listed
// (ProvisionedConcurrencyListed).
func (f *Function) ProvisionedConcurrencyKnown(estateKind string) bool {
	return estateKind != KindAccount || f.ProvisionedConcurrencyListed
}

// DurableConfig is a durable function's DurableConfig: executions run for
// up to ExecutionTimeout seconds (up to a year) and their history is kept
// RetentionDays after they close (1 to 90; AWS's default when unset is
// DefaultDurableRetentionDays). The SDK has DurableConfig since lambda
// v1.85.0 and its KMSKeyArn since v1.96.0.
// https://docs.aws.amazon.com/lambda/latest/api/API_DurableConfig.html
type DurableConfig struct {
	// ExecutionTimeout is in seconds; 0 means not set.
	ExecutionTimeout int `json:"executionTimeout,omitempty"`
	// RetentionDays is RetentionPeriodInDays; 0 means not set (AWS's
	// default applies).
	RetentionDays int `json:"retentionDays,omitempty"`
	// KMSKey is the customer managed key that encrypts the executions'
	// payloads (input, output, errors); empty means an AWS owned key.
	KMSKey string `json:"kmsKey,omitempty"`
	Source Source `json:"source"`
}

// DefaultDurableRetentionDays is the retention of a durable execution's
// history after it closes when RetentionPeriodInDays is not set, in days.
// https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda.CfnFunction.DurableConfigProperty.html
const DefaultDurableRetentionDays = 14

// CapacityProvider is a Lambda Managed Instances capacity provider: the EC2
// instances functions run on, and the security boundary between them (AWS:
// "containers are not a security boundary"; functions that do not trust
// each other belong on different providers).
// https://docs.aws.amazon.com/lambda/latest/api/API_CapacityProvider.html
type CapacityProvider struct {
	Resource
	// OperatorRole is PermissionsConfig.CapacityProviderOperatorRoleArn:
	// the role Lambda uses to manage the instances (a Role's ID in this
	// estate, or its ARN).
	OperatorRole string `json:"operatorRole,omitempty"`
	// SubnetIDs and SecurityGroupIDs are VpcConfig's (IDs in this
	// estate, AWS IDs or tokens).
	SubnetIDs        []string `json:"subnetIds,omitempty"`
	SecurityGroupIDs []string `json:"securityGroupIds,omitempty"`
	// KMSKey is KmsKeyArn, the key that encrypts the instances' volumes;
	// empty means an AWS managed key.
	KMSKey string `json:"kmsKey,omitempty"`
}

// WebFunctionEndpoint is an endpoint of a Lambda Web Function: an HTTPS
// domain that routes to the function's revisions. With AuthType
// "ApplicationManaged" Lambda "doesn't authenticate or authorize requests".
// Read from AWS::Lambda::WebFunctionEndpoint; the Go SDK has no Lambda Web
// API yet, so a live account's endpoints are not read.
// https://docs.aws.amazon.com/lambda/latest/dg/web-functions-endpoint-access-control.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-webfunctionendpoint.html
type WebFunctionEndpoint struct {
	Resource
	// Function is the Web Function's name, ARN or (in a template) the
	// logical ID the FunctionName refers to.
	Function string `json:"function,omitempty"`
	// AuthType is "IamAuth" or "ApplicationManaged".
	AuthType string `json:"authType,omitempty"`
	// EndpointType is "HomeRegion", "MultiRegion" or "PerRegion".
	EndpointType string `json:"endpointType,omitempty"`
	// Regions are the Regions a MultiRegion or PerRegion endpoint serves
	// from (the home Region is added by Lambda).
	Regions []string `json:"regions,omitempty"`
}

// WebFunction is a Lambda Web Function (AWS::Lambda::WebFunction,
// aws_lambdaweb_function) with its resource-based policy, which says who
// may call lambda:InvokeWebFunctionEndpoint on its IamAuth endpoints.
// https://docs.aws.amazon.com/lambda/latest/dg/web-functions-permissions.html
type WebFunction struct {
	Resource
	// Policy is the resource-based policy (aws_lambdaweb_resource_policy);
	// nil when the estate shows none.
	Policy *Policy `json:"policy,omitempty"`
	// Revisions are the function's revisions the estate holds, each with
	// the execution role its code runs as; empty when the estate shows
	// none (the role is then not known).
	Revisions []WebFunctionRevision `json:"revisions,omitempty"`
}

// WebFunctionRevision is an immutable revision of a Web Function's code
// and configuration (AWS::Lambda::WebFunctionRevision,
// aws_lambdaweb_function_revision). Its ServiceConfig.ExecutionRoleArn
// (service_config.execution_role_arn) is the role the code runs as:
// whoever reaches the code through an endpoint acts with that role.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-webfunctionrevision.html
// https://docs.aws.amazon.com/lambda/latest/dg/web-functions-permissions.html
type WebFunctionRevision struct {
	// ID is the revision's logical ID or address.
	ID string `json:"id"`
	// Role is the execution role: a Role's ID in this estate, or its ARN;
	// empty with a FieldRole gap on the Web Function when it cannot be
	// resolved.
	Role   string `json:"role,omitempty"`
	Source Source `json:"source"`
}

// WebFunctionOf returns the Web Function of e that ref names (its ID,
// name or ARN), or nil.
func (e *Estate) WebFunctionOf(ref string) *WebFunction {
	if ref == "" {
		return nil
	}
	for _, w := range e.WebFunctions {
		if w.ID == ref || (w.Name != "" && w.Name == ref) || (w.ARN != "" && w.ARN == ref) {
			return w
		}
	}
	return nil
}

// Web Function endpoint authentication types.
// https://docs.aws.amazon.com/lambda/latest/lambda-web/API_EndpointConfig.html
const (
	WebAuthIAM         = "IamAuth"
	WebAuthApplication = "ApplicationManaged"
)

// MicrovmImage is a Lambda MicroVM image (AWS::Lambda::MicrovmImage). A
// MicroVM run from it has public internet access unless it is given an
// egress network connector. Shell ingress is chosen when a MicroVM is run
// (run-microvm), so no image or template shows it.
// https://docs.aws.amazon.com/lambda/latest/dg/microvms-networking.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-microvmimage.html
type MicrovmImage struct {
	Resource
	// BuildRole is BuildRoleArn.
	BuildRole string `json:"buildRole,omitempty"`
	// EgressConnectors are EgressNetworkConnectors: network connector
	// ARNs or IDs of AWS::Lambda::NetworkConnector resources.
	EgressConnectors []string `json:"egressConnectors,omitempty"`
}

// Gap fields of the surfaces.
const (
	FieldCapacity = "capacityProvider"
	FieldDurable  = "durable"
	FieldTenancy  = "tenancy"
	FieldAuthType = "authType"
	FieldEgress   = "egress"
	// FieldProvisionedConcurrency names Function.ProvisionedConcurrency
	// (lambda:ListProvisionedConcurrencyConfigs failed).
	FieldProvisionedConcurrency = "provisionedConcurrency"
)
