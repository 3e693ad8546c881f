package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/lambdasec/lambdasec/internal/rules"
)

// csvHeader is the CSV format's header row.
var csvHeader = []string{"rule_id", "rule_name", "severity", "status", "estate", "resource", "kind", "label", "file", "line", "column", "arn", "message", "fingerprint", "suppressed", "suppression_reason"}

// CSV writes one row per result (every status), for spreadsheets. Cells
// that a spreadsheet would take for a formula (starting with =, +, -, @,
// tab or carriage return) are prefixed with a single quote: estate strings
// are attacker-controlled, and CSV injection runs formulas on the
// reader's machine.
// https://owasp.org/www-community/attacks/CSV_Injection
func CSV(w io.Writer, fs []rules.Finding, sum Summary, opt Options) error {
	return writeCSV(w, Slice(fs), sum, opt)
}

// writeCSV is CSV for findings read from fs (one pass).
func writeCSV(w io.Writer, fs Findings, sum Summary, opt Options) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	err := fs.Each(func(es []rules.Finding) error {
		return csvRows(cw, es, opt)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvRows writes a row per finding of fs.
func csvRows(cw *csv.Writer, fs []rules.Finding, opt Options) error {
	for _, f := range fs {
		supp, reason := "", ""
		if f.Suppressed != nil {
			supp, reason = f.Suppressed.Kind, f.Suppressed.Reason
		}
		line, col := "", ""
		if f.Source.Line > 0 {
			line, col = fmt.Sprint(f.Source.Line), fmt.Sprint(f.Source.Column)
		}
		row := []string{f.Rule.ID, f.Rule.Name, f.Severity.String(), string(f.Status), relPath(opt.BaseDir, f.Estate), f.Resource, string(f.Kind), f.Label,
			relPath(opt.BaseDir, f.Source.File), line, col, f.Source.ARN, f.Message, f.Fingerprint, supp, reason}
		for i, c := range row {
			row[i] = neutralize(c)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return nil
}

func neutralize(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
