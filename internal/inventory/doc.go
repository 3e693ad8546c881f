// Package inventory is lambdasec's model of a Lambda estate: functions, their
// execution roles, who can invoke them, what triggers them, the network they
// sit in and the account settings around them.
//
// Every source (CloudFormation/SAM templates, Terraform, a live account, a
// snapshot) fills the same model, and every rule reads only the model. Each
// item carries the Source it came from (file:line:col and logical ID for a
// template, the ARN for a live resource) and its Gaps: the values that could
// not be read or resolved, and why. A rule that needs a value listed in Gaps
// reports UNKNOWN instead of guessing.
//
// Values a template leaves open are kept as placeholder tokens inside plain
// strings (see RefToken, AttrToken, UnresolvedToken and the pseudo-parameter
// tokens such as AccountIDToken), so an ARN built with Fn::Sub keeps its
// shape: "arn:aws:dynamodb:{{AWS.Region}}:{{AWS.AccountId}}:table/{{ref.Orders}}".
//
// A problem with an input is a Diagnostic: a Source, a message and a
// Severity (an error stopped the read; a warning did not). Readers return
// a fatal problem as an *Diagnostic error (callers get the position with
// errors.As) and the others as a []Diagnostic of warnings; Diagnostic.String
// is the one place they are formatted ("file:line:col: message"), and
// LineCol the one offset-to-position conversion.
//
// The model serialises to JSON: that is the snapshot format, versioned by
// SchemaVersion. The package imports nothing of lambdasec's.
package inventory
