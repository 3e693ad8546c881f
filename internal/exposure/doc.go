// Package exposure analyses what an estate's functions can reach: the
// execution roles they run with, each with its effective policies (inline
// and managed policies parsed, managed ones looked up, the permissions
// boundary), and the risk catalogues of iampolicy checked against them;
// and, the other way, who can change a function: the estate's users,
// groups and roles people act as (Principals), what each may change
// (ChangesBy, Changes) and whether only with MFA.
// It judges nothing: rules turn its analyses into verdicts, and other
// commands (least-privilege policies, exposure paths) can use them too.
package exposure
