// Package iampolicy reads IAM policy documents and answers questions about
// them the way AWS does.
//
// Parse accepts every form of the policy grammar (string-or-list elements,
// NotAction, NotResource, NotPrincipal, Principal "*" and {"AWS": "*"},
// Condition blocks with string, number and boolean values). MatchAction and
// MatchResource apply IAM's wildcard rules (actions case-insensitive, ARNs
// case-sensitive, "*" and "?"). Evaluate decides a request against identity
// policies, a resource policy and a permissions boundary following AWS's
// policy evaluation logic. Access works out, over all statements of a
// resource policy together, who a resource policy admits — public, public
// but limited by a condition, other accounts, services with or without a
// source condition, the same account — telling conditions that really
// restrict the caller from those that only look as if they do.
//
// Reference: IAM JSON policy element reference,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
// and policy evaluation logic,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
package iampolicy
