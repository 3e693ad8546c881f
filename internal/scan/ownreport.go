package scan

import (
	"bytes"
	"regexp"
)

// ownReportSigns recognise the reports lambdasec itself writes (see
// internal/report), so that a report left in a scanned tree is not taken
// for an input: a JSON report carries "schemaVersion" and "estates" like a
// snapshot does. Each sign is looked for in the first 4 KiB, where every
// writer puts its tool name. The round trip through every writer is
// tested in ownreport_test.go.
var ownReportSigns = []struct {
	format string
	first  byte // the first byte after leading white space
	sign   *regexp.Regexp
}{
	{"json", '{', regexp.MustCompile(`"tool"\s*:\s*"lambdasec"`)},
	{"sarif", '{', regexp.MustCompile(`(?s)"\$schema"\s*:\s*"[^"]*sarif.*"name"\s*:\s*"lambdasec"`)},
	{"asff", '[', regexp.MustCompile(`"GeneratorId"\s*:\s*"lambdasec/`)},
	{"junit", '<', regexp.MustCompile(`<testsuites name="lambdasec"`)},
	{"html", '<', regexp.MustCompile(`<meta name="generator" content="lambdasec[ "]`)},
	{"csv", 'r', regexp.MustCompile(`^rule_id,rule_name,severity,status,`)},
}

// ownReport returns the format of a report lambdasec wrote ("json",
// "sarif", "asff", "junit", "html", "csv"), or "" when data is not one.
func ownReport(data []byte) string {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(head) == 0 {
		return ""
	}
	for _, s := range ownReportSigns {
		if head[0] == s.first && s.sign.Match(head) {
			return s.format
		}
	}
	return ""
}
