// Package exposure analyses what an estate's functions can reach: the
// execution roles they run with, each with its effective policies (inline
// and managed policies parsed, managed ones looked up, the permissions
// boundary), and the risk catalogues of iampolicy checked against them;
// and, the other way, who can change a function: the estate's users,
// groups and roles people act as (Principals), what each may change
// (ChangesBy, Changes) and whether only with MFA.
// Analysis.Graph joins the estate into an exposure graph — entry points
// (routes, function URLs, resource-policy grants, buckets, topics and
// queues anyone can write to, load balancer routes, buses and streams
// other accounts may write to, layers untrusted accounts publish) →
// functions per qualifier → execution roles → impacts, with the
// principals that may change each function — and Graph.Paths ranks the
// ways from the outside to an impact, through a function a reached role
// may take over too (see docs/exposure.md). It judges nothing: rules turn its
// analyses into verdicts (LS110, LS112), and other commands (lambdasec
// graph, least-privilege policies) can use them too. It reads only the
// inventory model and makes no AWS call.
package exposure
