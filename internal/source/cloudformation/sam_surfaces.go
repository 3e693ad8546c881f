package cloudformation

// Managed policies the SAM transform attaches for the 2025–2026 surfaces:
// a durable function's generated role gets the durable execution policy
// in place of AWSLambdaBasicExecutionRole, and the operator role SAM
// generates for a capacity provider gets AWSLambdaManagedEC2ResourceOperator.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-capacityprovider.html
var (
	arnDurableExecution = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy"
	arnManagedOperator  = "arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator"
)

// durableRole swaps the basic execution policy of a durable function's
// generated role for the durable execution one, as the transform does.
func (rb *roleBuilder) durableRole(p *value) {
	if p.get("DurableConfig") == nil {
		return
	}
	for i, a := range rb.managedA {
		if a == arnBasicExecution {
			rb.managedA[i] = arnDurableExecution
			return
		}
	}
	rb.managed(arnDurableExecution)
}

// expandCapacityProvider turns an AWS::Serverless::CapacityProvider into
// the AWS::Lambda::CapacityProvider the transform writes and, when the
// template names no OperatorRole, the operator role it generates
// (<ID>OperatorRole, trusted by Lambda, with
// AWSLambdaManagedEC2ResourceOperator).
func (t *template) expandCapacityProvider(res *resource, r *resolver) {
	p, at := res.props, res.at
	operator := p.get("OperatorRole")
	if operator == nil {
		trust := obj(at, "Version", "2012-10-17", "Statement", arr(at, obj(at,
			"Effect", "Allow", "Action", []string{"sts:AssumeRole"},
			"Principal", obj(at, "Service", []string{"lambda.amazonaws.com"}))))
		role := t.add(res.id+"OperatorRole", "AWS::IAM::Role", res.id, at, obj(at,
			"AssumeRolePolicyDocument", trust,
			"ManagedPolicyArns", []string{arnManagedOperator}))
		operator = scalarAt(r.arnOf(role), at)
	}
	out := obj(at,
		"CapacityProviderName", p.get("CapacityProviderName"),
		"VpcConfig", p.get("VpcConfig"),
		"KmsKeyArn", p.get("KmsKeyArn"),
		"Tags", p.get("Tags"),
		"PermissionsConfig", obj(at, "CapacityProviderOperatorRoleArn", operator))
	res.typ = "AWS::Lambda::CapacityProvider"
	res.prop, res.props = out, out
}
