package report

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// SARIF 2.1.0 structures: the subset lambdasec writes.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html and
// GitHub's requirements: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig       `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	SecuritySeverity string   `json:"security-severity"`
	Precision        string   `json:"precision"`
	Tags             []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	CodeFlows           []sarifCodeFlow    `json:"codeFlows,omitempty"`
	Properties          map[string]any     `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifText     `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// SARIFSourceRoot is the uriBaseId of artifact URIs relative to the
// repository root (Options.SARIFRoot), the name GitHub's and Microsoft's
// SARIF tools use for it.
const SARIFSourceRoot = "%SRCROOT%"

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// securitySeverity is the CVSS-like score GitHub maps to its severity
// levels (critical >= 9.0, high >= 7.0, medium >= 4.0, low otherwise).
func securitySeverity(s rules.Severity) string {
	switch s {
	case rules.Critical:
		return "9.5"
	case rules.High:
		return "8.0"
	case rules.Medium:
		return "5.5"
	case rules.Low:
		return "3.0"
	}
	return "1.0"
}

func sarifLevel(f rules.Finding) string {
	if f.Status == rules.Unknown {
		return "note"
	}
	switch f.Severity {
	case rules.Critical, rules.High:
		return "error"
	case rules.Medium:
		return "warning"
	}
	return "note"
}

// SARIF writes failed and unknown findings (PASS results are not results
// in SARIF's sense) as a SARIF 2.1.0 log, with every rule's metadata,
// stable partial fingerprints, suppressed findings marked with
// "suppressions", and a "security-severity" property on each result whose
// severity differs from its rule's default.
//
// Every result has a physical location, as GitHub code scanning requires:
// a file of a template is a URI relative to opt.SARIFRoot (uriBaseId
// %SRCROOT%), or a file: URI when it lies outside; a live or snapshot
// resource, which has no file, is located by its ARN as an absolute URI
// (arn:aws:lambda:...) beside its logical location. A template's estate
// property and lambdasecFingerprint/v1 use its path from the root too, so
// an alert keeps its identity whatever directory the scan ran in (the
// JSON report's fingerprint uses the path as given).
func SARIF(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	return writeSARIF(w, Slice(fs), sum, opt)
}

// writeSARIF is SARIF for findings read from fs (two passes when
// opt.Rules is not set: the rules referred to, then the results).
func writeSARIF(w io.Writer, fs Findings, sum Summary, opt Options) error {
	base := opt.SARIFRoot
	if base == "" {
		base = opt.BaseDir
	}
	if base == "" {
		base, _ = os.Getwd()
	}
	if abs, err := filepath.Abs(base); err == nil {
		base = abs
	}
	var rs []*rules.Rule
	if len(opt.Rules) > 0 {
		rs = ruleIndex(nil, opt)
	} else {
		t, err := tallyOf(fs, opt)
		if err != nil {
			return err
		}
		rs = t.ruleIndex(opt)
	}
	index := map[string]int{}
	driver := sarifDriver{Name: "lambdasec", Version: opt.Version, InformationURI: "https://github.com/lambdasec/lambdasec", Rules: []sarifRule{}}
	for i, r := range rs {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(r))
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	// Stream: the log with no results, then one result at a time in its
	// place, byte for byte what an indenting Encoder writes for the whole.
	const prefix = "        "
	return streamList(w, log, prefix, "\n      ]\n    }\n  ]\n}\n", func(emit func([]byte)) error {
		return eachEstate(fs, opt, func(es []rules.Finding) (any, error) {
			var res sarifResult // one value marshalled at a time: no copy per finding
			return marshalItems(es, prefix, func(f rules.Finding) (any, bool) {
				if f.Status == rules.Pass {
					return nil, false
				}
				res = sarifResultOf(base, index, f)
				return &res, true
			})
		}, emitItems(emit))
	})
}

// sarifResultOf is the SARIF result of a failed or unknown finding.
func sarifResultOf(base string, index map[string]int, f rules.Finding) sarifResult {
	msg := f.Message
	if f.Status == rules.Unknown {
		msg = "UNKNOWN: " + msg
	}
	// A template's estate is its path: name it from the root, and
	// fingerprint it so, for the same alert whatever directory the
	// scan ran in.
	estate, fingerprint := f.Estate, f.Fingerprint
	if f.Source.File != "" {
		if art, ok := sarifArtifactOf(base, rules.Finding{Result: rules.Result{Source: inventory.Source{File: f.Estate}}}); ok && art.URIBaseID != "" {
			if rel, err := url.PathUnescape(art.URI); err == nil && rel != filepath.ToSlash(f.Estate) {
				estate, fingerprint = rel, rules.Fingerprint(f.Rule.ID, rel, f.Result)
			}
		}
	}
	res := sarifResult{
		RuleID: f.Rule.ID, RuleIndex: index[f.Rule.ID], Level: sarifLevel(f),
		Message:             sarifText{Text: msg},
		PartialFingerprints: map[string]string{"lambdasecFingerprint/v1": fingerprint},
		Properties:          map[string]any{"status": string(f.Status), "severity": f.Severity.String(), "resource": f.Resource, "estate": estate},
	}
	if f.DefinedElsewhere {
		res.Properties["definedElsewhere"] = true
	}
	loc := sarifLocation{LogicalLocations: []sarifLogical{{Name: f.Label, FullyQualifiedName: f.Resource, Kind: string(f.Kind)}}}
	if f.Label == "" {
		loc.LogicalLocations[0].Name = f.Resource
	}
	if art, ok := sarifArtifactOf(base, f); ok {
		loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: art}
		if f.Source.File != "" && f.Source.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Source.Line, StartColumn: f.Source.Column}
		}
	}
	if f.Severity != f.Rule.Severity {
		// The rule's security-severity is its default; this result's
		// own (a public URL with no auth is critical where the rule
		// is high) must show as itself.
		res.Properties["security-severity"] = securitySeverity(f.Severity)
	}
	res.Locations = []sarifLocation{loc}
	res.CodeFlows = sarifCodeFlows(base, f)
	if f.Suppressed != nil {
		kind := "external"
		if f.Suppressed.Kind == "inline" {
			kind = "inSource"
		}
		res.Suppressions = []sarifSuppression{{Kind: kind, Justification: f.Suppressed.Reason}}
	}
	return res
}

// sarifArtifactOf locates a finding: its file relative to the root
// (uriBaseId %SRCROOT%), a file: URI for a file outside the root, or the
// resource's ARN; false when there is none of these.
func sarifArtifactOf(root string, f rules.Finding) (sarifArtifact, bool) {
	file := f.Source.File
	if file == "" {
		for _, arn := range []string{f.Source.ARN, f.Resource} {
			if strings.HasPrefix(arn, "arn:") {
				return sarifArtifact{URI: arn}, true
			}
		}
		return sarifArtifact{}, false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return sarifArtifact{URI: filepath.ToSlash(file)}, true
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()}, true
	}
	return sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: SARIFSourceRoot}, true
}

func sarifRuleOf(r *rules.Rule) sarifRule {
	var help strings.Builder
	fmt.Fprintf(&help, "%s\n\nFix: %s\n", r.Description, r.Remediation.Text)
	var md strings.Builder
	fmt.Fprintf(&md, "%s\n\n**Fix:** %s\n", r.Description, r.Remediation.Text)
	for _, x := range []struct{ label, text string }{{"AWS CLI", r.Remediation.CLI}, {"CloudFormation", r.Remediation.CloudFormation}, {"Terraform", r.Remediation.Terraform}} {
		if x.text != "" {
			fmt.Fprintf(&help, "%s: %s\n", x.label, x.text)
			fmt.Fprintf(&md, "\n*%s:* `%s`\n", x.label, x.text)
		}
	}
	for _, ref := range r.References {
		fmt.Fprintf(&md, "\n- %s", ref)
	}
	tags := []string{"security", r.Area()}
	for _, c := range r.Compliance {
		tags = append(tags, c.Framework+" "+c.Control)
	}
	sr := sarifRule{
		ID: r.ID, Name: r.Name,
		ShortDescription:     sarifText{Text: r.Title},
		FullDescription:      sarifText{Text: r.Description},
		Help:                 sarifText{Text: help.String(), Markdown: md.String()},
		DefaultConfiguration: sarifConfig{Level: sarifLevel(rules.Finding{Result: rules.Result{Status: rules.Fail}, Severity: r.Severity})},
		Properties:           sarifRuleProperty{SecuritySeverity: securitySeverity(r.Severity), Precision: "high", Tags: tags},
	}
	if len(r.References) > 0 {
		sr.HelpURI = r.References[0]
	}
	return sr
}
