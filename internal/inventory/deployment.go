package inventory

// FieldDeployments is the gap field of an API whose deployments could not
// be read (apigateway:GetDeployments).
const FieldDeployments = "deployments"

// Deployment is an API Gateway deployment: a snapshot of an API's routes
// or methods that a stage serves. A stage points at one deployment
// (Stage.Deployment); a deployment no stage points at serves nothing.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-deployments.html
type Deployment struct {
	// ID is the deployment's ID (a logical ID or resource address in a
	// template).
	ID string `json:"id"`
	// Created is the deployment's creation date (RFC 3339), live only.
	Created string `json:"created,omitempty"`
	Source  Source `json:"source"`
}
