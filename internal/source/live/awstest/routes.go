package awstest

// REST routes of the operations lambdasec calls, from the AWS API
// references (each operation's "Request Syntax").
// https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
// https://docs.aws.amazon.com/apigateway/latest/api/API_Operations.html
func init() {
	for op, spec := range map[string]string{
		"ListFunctions":                    "GET /2015-03-31/functions/",
		"GetFunction":                      "GET /2015-03-31/functions/{FunctionName}",
		"GetPolicy":                        "GET /2015-03-31/functions/{FunctionName}/policy",
		"ListAliases":                      "GET /2015-03-31/functions/{FunctionName}/aliases",
		"ListVersionsByFunction":           "GET /2015-03-31/functions/{FunctionName}/versions",
		"GetFunctionConcurrency":           "GET /2019-09-30/functions/{FunctionName}/concurrency",
		"ListFunctionUrlConfigs":           "GET /2021-10-31/functions/{FunctionName}/urls",
		"ListFunctionEventInvokeConfigs":   "GET /2019-09-25/functions/{FunctionName}/event-invoke-config/list",
		"GetFunctionCodeSigningConfig":     "GET /2020-06-30/functions/{FunctionName}/code-signing-config",
		"ListEventSourceMappings":          "GET /2015-03-31/event-source-mappings/",
		"ListLayers":                       "GET /2018-10-31/layers",
		"ListLayerVersions":                "GET /2018-10-31/layers/{LayerName}/versions",
		"GetLayerVersionPolicy":            "GET /2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy",
		"ListCodeSigningConfigs":           "GET /2020-04-22/code-signing-configs/",
		"ListFunctionsByCodeSigningConfig": "GET /2020-04-22/code-signing-configs/{CodeSigningConfigArn}/functions",
		"GetAccountSettings":               "GET /2016-08-19/account-settings/",
		"ListTags":                         "GET /2017-03-31/tags/{Resource}",
		"GetFunctionRecursionConfig":       "GET /2024-08-31/functions/{FunctionName}/recursion-config",
		"GetRuntimeManagementConfig":       "GET /2021-07-20/functions/{FunctionName}/runtime-management-config",
		"ListCapacityProviders":            "GET /2025-11-30/capacity-providers",
	} {
		addRoute("lambda", op, spec)
	}
	for op, spec := range map[string]string{
		"GetRestApis":          "GET /restapis",
		"GetResources":         "GET /restapis/{restapi_id}/resources",
		"GetStages":            "GET /restapis/{restapi_id}/stages",
		"GetAuthorizers":       "GET /restapis/{restapi_id}/authorizers",
		"GetGatewayResponses":  "GET /restapis/{restapi_id}/gatewayresponses",
		"GetUsagePlans":        "GET /usageplans",
		"GetRequestValidators": "GET /restapis/{restapi_id}/requestvalidators",
		"GetDeployments":       "GET /restapis/{restapi_id}/deployments",
	} {
		addRoute("apigateway", op, spec)
	}
	for op, spec := range map[string]string{
		"GetApis":         "GET /v2/apis",
		"GetRoutes":       "GET /v2/apis/{apiId}/routes",
		"GetIntegrations": "GET /v2/apis/{apiId}/integrations",
		"GetStages":       "GET /v2/apis/{apiId}/stages",
		"GetAuthorizers":  "GET /v2/apis/{apiId}/authorizers",
		"GetDeployments":  "GET /v2/apis/{apiId}/deployments",
	} {
		// API Gateway v2 signs as "apigateway" too; its operations are
		// prefixed "v2:" here where their names clash with v1's.
		addRoute("apigateway", "v2:"+op, spec)
	}
	for op, spec := range map[string]string{
		"ListDetectors": "GET /detector",
		"GetDetector":   "GET /detector/{detectorId}",
	} {
		addRoute("guardduty", op, spec)
	}
	for op, spec := range map[string]string{
		"BatchGetAccountStatus": "POST /status/batch/get",
	} {
		addRoute("inspector2", op, spec)
	}
}
