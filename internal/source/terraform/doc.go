// Package terraform reads Terraform estates into the inventory model: plan
// and state JSON (`terraform show -json`), and directories of HCL read
// statically. Both readers produce the same Resource values (type, address,
// attribute values with positions, unresolved values marked with the reason)
// and one mapper, Map, turns them into an inventory.Estate, so the rules
// judge Terraform exactly as they judge CloudFormation.
//
// What cannot be known without running Terraform (a value known only after
// apply, a variable without a default, a data source other than the few
// placeholders below) is kept as an inventory.UnresolvedToken carrying the
// reason, so the rules that need it say UNKNOWN; nothing is guessed.
//
// References between resources become inventory.RefToken(address) (or an
// ARN written around it), and resource IDs in the estate are Terraform
// addresses ("module.api.aws_lambda_function.handler[\"a\"]").
package terraform
