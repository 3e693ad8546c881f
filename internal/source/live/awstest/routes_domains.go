package awstest

// REST routes of the API Gateway custom domain name operations, from the
// API reference's request syntax.
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetDomainNames.html
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetBasePathMappings.html
func init() {
	addRoute("apigateway", "GetDomainNames", "GET /domainnames")
	addRoute("apigateway", "GetBasePathMappings", "GET /domainnames/{domain_name}/basepathmappings")
}
