package awstest

// The REST route of ListProvisionedConcurrencyConfigs, from its "Request
// Syntax" (GET /2019-09-30/functions/FunctionName/provisioned-concurrency
// ?List=ALL&Marker=Marker&MaxItems=MaxItems); the query is not part of
// the route, and a page's Marker names its fixture ("<function>~<marker>").
// https://docs.aws.amazon.com/lambda/latest/api/API_ListProvisionedConcurrencyConfigs.html
func init() {
	addRoute("lambda", "ListProvisionedConcurrencyConfigs", "GET /2019-09-30/functions/{FunctionName}/provisioned-concurrency")
}
