package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Severity ranks how much a failed check matters.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

// String returns the lower-case name of s ("high").
func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// ParseSeverity reads a severity name, in any case. It returns an error
// naming the valid names for anything else.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of %s)", name, strings.Join(severityNames[:], ", "))
}

// Status is the verdict of a check on one resource.
type Status string

// The three verdicts. UNKNOWN means the check could not see what it needed;
// it is never reported as a PASS.
const (
	Pass    Status = "PASS"
	Fail    Status = "FAIL"
	Unknown Status = "UNKNOWN"
)

// Remediation says how to fix a failed check, in prose and in the three
// forms people apply fixes in.
type Remediation struct {
	Text           string `json:"text"`
	CLI            string `json:"cli,omitempty"`
	CloudFormation string `json:"cloudformation,omitempty"`
	Terraform      string `json:"terraform,omitempty"`
}

// Compliance maps a rule to a control of a framework: AWS Security Hub
// Foundational Security Best Practices ("FSBP", "Lambda.1"), OWASP
// Serverless Top 10 ("OWASP-SLS", "SAS-1"), CIS AWS Foundations.
type Compliance struct {
	Framework string `json:"framework"`
	Control   string `json:"control"`
}

// Rule is one check: its metadata and the function that runs it. The list
// of rules is written out by hand in All.
type Rule struct {
	// ID is stable: "LS" and three digits, the hundreds giving the area.
	ID string `json:"id"`
	// Name is a kebab-case name ("public-invoke"); ByID, and so
	// `lambdasec explain` and the disable list of .lambdasec.yaml, accept
	// it as well as the ID.
	Name string `json:"name"`
	// Severity is how much a FAIL matters; a Result may override it for
	// one resource (Result.Severity).
	Severity Severity `json:"severity"`
	// Severities are the other severities a result of the rule may take
	// (Result.Severity), when it is not the default Severity: a public
	// URL with no auth is critical where the rule is high. Listings and
	// documentation show the range, so they never disagree with findings.
	Severities []Severity `json:"severities,omitempty"`
	// Title says in one line what a FAIL means ("Function resource policy
	// lets anyone invoke it"); reports show it beside the rule ID.
	Title string `json:"title"`
	// Description explains the risk, what exactly the rule checks, and
	// what it cannot see; docs/rules.md is generated from it.
	Description string `json:"description"`
	// Remediation says how to fix a FAIL, in prose and as AWS CLI,
	// CloudFormation and Terraform.
	Remediation Remediation `json:"remediation"`
	// References are the URLs of the AWS documentation (and other
	// sources) the rule rests on; at least one.
	References []string `json:"references,omitempty"`
	// Compliance maps the rule to controls of AWS Security Hub FSBP,
	// OWASP Serverless Top 10 and CIS, where they apply.
	Compliance []Compliance `json:"compliance,omitempty"`
	// Check judges one estate, returning one Result per resource it
	// looked at. It must not panic and must not call out of the process.
	Check func(in *Input) []Result `json:"-"`
}

// Yields returns every severity the rule's results may have, lowest
// first: Severity and Severities.
func (r *Rule) Yields() []Severity {
	out := append([]Severity{r.Severity}, r.Severities...)
	slices.Sort(out)
	return slices.Compact(out)
}

// SeverityRange describes the severities of the rule's results, the
// default first: "high" when it has one; "high, up to critical", "medium,
// down to low" or "high (low to critical)" when they vary.
func (r *Rule) SeverityRange() string {
	ys := r.Yields()
	lo, hi := ys[0], ys[len(ys)-1]
	switch {
	case len(ys) == 1:
		return r.Severity.String()
	case lo == r.Severity:
		return fmt.Sprintf("%s, up to %s", r.Severity, hi)
	case hi == r.Severity:
		return fmt.Sprintf("%s, down to %s", r.Severity, lo)
	}
	return fmt.Sprintf("%s (%s to %s)", r.Severity, lo, hi)
}

// Area returns the name of the rule's area, from the hundreds of its ID.
func (r *Rule) Area() string {
	if len(r.ID) == 5 {
		if a, ok := areas[r.ID[2]]; ok {
			return a
		}
	}
	return "other"
}

var areas = map[byte]string{
	'1': "exposure",
	'2': "execution role",
	'3': "secrets and encryption",
	'4': "network",
	'5': "runtime and code integrity",
	'6': "logging and detection",
	'7': "reliability and cost",
	'8': "activity seen in CloudTrail",
}

// Evidence is one fact a result rests on: a statement, a setting, a
// variable name. Value never holds a secret.
type Evidence struct {
	Label  string           `json:"label"`
	Value  string           `json:"value"`
	Source inventory.Source `json:"source,omitzero"`
}

// Result is a check's verdict on one resource.
type Result struct {
	Status Status `json:"status"`
	// Resource is the resource's ID in its estate; Kind says what it is
	// (KindFunction, KindRole, KindAPIRoute...); Label is the name to show.
	Resource string           `json:"resource"`
	Kind     Kind             `json:"kind"`
	Label    string           `json:"label,omitempty"`
	Source   inventory.Source `json:"source"`
	// Message says what was found, in one sentence: what is wrong, why it
	// passes, or what could not be seen.
	Message  string     `json:"message"`
	Evidence []Evidence `json:"evidence,omitempty"`
	// Severity, when set, overrides the rule's severity for this result
	// (a runtime already blocked is worse than one due next year).
	Severity *Severity `json:"severity,omitempty"`
	// Functions are the IDs of the functions the result concerns (the
	// function itself, the functions using a role, the function a route
	// reaches), so reports can group by function.
	Functions []string `json:"functions,omitempty"`
	// DefinedElsewhere is true when the function the result concerns is
	// not defined in the estate (inventory.Function.External): only what
	// the estate grants it was judged. Reports group such results apart.
	DefinedElsewhere bool `json:"definedElsewhere,omitempty"`
	// Path is the exposure path an LS110 result is about (its hops, rank
	// and cut), for the reports that draw paths; nil for other rules.
	Path *exposure.Path `json:"path,omitempty"`
	// Skips are the inline suppressions written next to the resource.
	Skips []inventory.Skip `json:"-"`
}

func sev(s Severity) *Severity { return &s }
