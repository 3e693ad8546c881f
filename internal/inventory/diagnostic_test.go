package inventory

import (
	"errors"
	"fmt"
	"testing"
)

func TestDiagnosticString(t *testing.T) {
	cases := []struct {
		d    Diagnostic
		want string
	}{
		{At("t.yaml", 3, 7, SeverityError, "bad"), "t.yaml:3:7: bad"},
		{At("t.yaml", 0, 0, SeverityWarning, "bad"), "t.yaml: bad"},
		{At("", 0, 0, SeverityWarning, "bad"), "bad"},
		{Diagnostic{Source: Source{File: "t.yaml", Line: 2, Column: 1, LogicalID: "Fn"}, Message: "no reason"}, "t.yaml:2:1 (Fn): no reason"},
		{Diagnostic{Source: Source{ARN: "arn:aws:lambda:eu-west-1:111122223333:function:f"}, Message: "denied"}, "arn:aws:lambda:eu-west-1:111122223333:function:f: denied"},
	}
	for _, c := range cases {
		if got := c.d.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
		d := c.d
		if got := (&d).Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
}

func TestDiagnosticErrorsAs(t *testing.T) {
	d := At("t.yaml", 4, 2, SeverityError, "not a template")
	err := fmt.Errorf("read: %w", &d)
	var got *Diagnostic
	if !errors.As(err, &got) || got.Line != 4 || got.Column != 2 || got.Message != "not a template" {
		t.Fatalf("errors.As: %v %+v", err, got)
	}
	if got.Severity.String() != "error" || SeverityWarning.String() != "warning" {
		t.Errorf("severities %s %s", got.Severity, SeverityWarning)
	}
}

func TestDiagnosticsStrings(t *testing.T) {
	if got := Diagnostics(nil).Strings(); got != nil {
		t.Errorf("empty list: %q", got)
	}
	ds := Diagnostics{At("a", 1, 2, SeverityWarning, "x"), At("", 0, 0, SeverityWarning, "y")}
	if got := ds.Strings(); len(got) != 2 || got[0] != "a:1:2: x" || got[1] != "y" {
		t.Errorf("Strings() = %q", got)
	}
}

func TestLineCol(t *testing.T) {
	data := []byte("ab\ncd\n\nef")
	cases := []struct {
		off       int64
		line, col int
	}{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {6, 3, 1}, {7, 4, 1}, {9, 4, 3}, {100, 4, 3}, {-1, 1, 1},
	}
	for _, c := range cases {
		if l, col := LineCol(data, c.off); l != c.line || col != c.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}

func TestPosition(t *testing.T) {
	if got := Position("f", 3, 4); got != "f:3:4" {
		t.Errorf("Position = %q", got)
	}
	if got := Position("f", 3, 0); got != "f:3" {
		t.Errorf("Position without column = %q", got)
	}
	if got := Position("f", 0, 0); got != "f" {
		t.Errorf("Position without line = %q", got)
	}
}
