package inventory

import "strconv"

// Severity says how much a Diagnostic stopped: SeverityError means the input
// (or the part of it named) was not read; SeverityWarning means it was read
// with something left out or unresolved.
type Severity int

// The severities of a Diagnostic. The zero value is SeverityError, so a
// Diagnostic returned as an error needs no severity set.
const (
	SeverityError Severity = iota
	SeverityWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Diagnostic is a problem with one input: where it is (Source: file, 1-based
// line and column when known), what it is (Message), and whether it stopped
// the read (Severity). It is the one position-carrying problem type of every
// reader; *Diagnostic is an error, so callers recover the position with
// errors.As. It formats like go/scanner errors: "file:line:col: message".
type Diagnostic struct {
	Source
	Message  string
	Severity Severity
}

// At returns a Diagnostic of severity sev at file:line:col (line 0 for no
// position) with message msg.
func At(file string, line, col int, sev Severity, msg string) Diagnostic {
	return Diagnostic{Source: Source{File: file, Line: line, Column: col}, Message: msg, Severity: sev}
}

// String formats d as "file:line:col: message" ("file:line: message"
// without a column, "file: message" without a line, the message alone without a file; the logical ID or ARN of Source
// is shown as Source.String shows it). This is the one place diagnostics
// are formatted.
func (d Diagnostic) String() string {
	if at := d.Source.String(); at != "" {
		return at + ": " + d.Message
	}
	return d.Message
}

// Error formats d as String does, so a *Diagnostic can be returned as an
// error.
func (d *Diagnostic) Error() string { return d.String() }

// Position formats a file position as go/token does: "file:line:col",
// "file:line" when the column is not known (0), the file alone when the
// line is not known either.
func Position(file string, line, col int) string {
	if line <= 0 {
		return file
	}
	pos := file + ":" + strconv.Itoa(line)
	if col > 0 {
		pos += ":" + strconv.Itoa(col)
	}
	return pos
}

// Diagnostics is a list of diagnostics, as go/scanner.ErrorList is.
type Diagnostics []Diagnostic

// Strings formats every diagnostic with Diagnostic.String, in order; it
// returns nil for an empty list.
func (ds Diagnostics) Strings() []string {
	if len(ds) == 0 {
		return nil
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

// LineCol converts a byte offset into data to a 1-based line and column
// (columns count bytes, like go/token). An offset past the end is clamped
// to the end of data. Every reader that gets an offset (encoding/json's
// SyntaxError.Offset) uses it.
func LineCol(data []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < offset && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
