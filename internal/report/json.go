package report

import (
	"encoding/json"
	"io"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// JSONSchemaVersion is the version of the JSON report format. --baseline
// reads reports of this version.
const JSONSchemaVersion = 1

// JSONReport is the document the json format writes.
type JSONReport struct {
	SchemaVersion int           `json:"schemaVersion"`
	Tool          string        `json:"tool"`
	Version       string        `json:"version"`
	Summary       JSONSummary   `json:"summary"`
	Findings      []JSONFinding `json:"findings"`
}

// JSONSummary is the report's summary: the scan and the counts.
type JSONSummary struct {
	Summary
	Pass       int            `json:"pass"`
	Fail       int            `json:"fail"`
	Unknown    int            `json:"unknown"`
	Suppressed int            `json:"suppressed"`
	Severity   map[string]int `json:"failBySeverity"`
}

// JSONFinding is one finding in the JSON report.
type JSONFinding struct {
	RuleID    string       `json:"ruleId"`
	RuleName  string       `json:"ruleName"`
	Title     string       `json:"title"`
	Severity  string       `json:"severity"`
	Status    rules.Status `json:"status"`
	Estate    string       `json:"estate"`
	Resource  string       `json:"resource"`
	Kind      rules.Kind   `json:"kind"`
	Label     string       `json:"label,omitempty"`
	Functions []string     `json:"functions,omitempty"`
	// DefinedElsewhere is true when the function is not defined in the
	// estate: only the permission or URL the estate gives it was judged.
	DefinedElsewhere bool               `json:"definedElsewhere,omitempty"`
	Location         inventory.Source   `json:"location"`
	Message          string             `json:"message"`
	Evidence         []rules.Evidence   `json:"evidence,omitempty"`
	Remediation      rules.Remediation  `json:"remediation"`
	References       []string           `json:"references,omitempty"`
	Compliance       []rules.Compliance `json:"compliance,omitempty"`
	Fingerprint      string             `json:"fingerprint"`
	Suppressed       *rules.Suppression `json:"suppressed,omitempty"`
}

// ToJSON converts findings to the JSON report's form.
func ToJSON(fs []rules.Finding, sum Summary, opt Options) JSONReport {
	c := Count(fs)
	rep := JSONReport{
		SchemaVersion: JSONSchemaVersion,
		Tool:          "lambdasec",
		Version:       opt.Version,
		Summary: JSONSummary{Summary: sum, Pass: c.Pass, Fail: c.Fail, Unknown: c.Unknown, Suppressed: c.Suppressed,
			Severity: map[string]int{}},
		Findings: make([]JSONFinding, 0, len(fs)),
	}
	for s, n := range c.BySeverity {
		rep.Summary.Severity[s.String()] = n
	}
	for _, f := range fs {
		rep.Findings = append(rep.Findings, JSONFinding{
			RuleID: f.Rule.ID, RuleName: f.Rule.Name, Title: f.Rule.Title, Severity: f.Severity.String(),
			Status: f.Status, Estate: f.Estate, Resource: f.Resource, Kind: f.Kind, Label: f.Label,
			Functions: f.Functions, DefinedElsewhere: f.DefinedElsewhere, Location: f.Source, Message: f.Message, Evidence: f.Evidence,
			Remediation: f.Rule.Remediation, References: f.Rule.References, Compliance: f.Rule.Compliance,
			Fingerprint: f.Fingerprint, Suppressed: f.Suppressed,
		})
	}
	return rep
}

// JSON writes the findings (every status) as an indented JSONReport.
func JSON(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(ToJSON(fs, sum, opt))
}
