// Package rules holds lambdasec's checks. A Rule is a value: its metadata
// (ID, severity, title, description, remediation, references, compliance
// mappings) and a Check that judges one estate and returns one Result per
// resource it looked at — PASS, FAIL or UNKNOWN, never a PASS for what it
// could not see. All lists every rule by hand; Run applies rules to
// estates and returns Findings.
//
// Checks are pure: they read the inventory model through Input, never call
// AWS, and take the clock from Input.Now.
package rules
