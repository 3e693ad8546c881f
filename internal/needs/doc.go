// Package needs works out what a function needs to be allowed to do: from
// its configuration (its logs, tracing, VPC, event sources, destinations,
// keys and the resources its environment names) and, when given, from
// what CloudTrail saw it call. Least-privilege policies and the judgement
// of a role's excess both start from it.
package needs
