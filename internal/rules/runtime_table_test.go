package rules

import (
	"strings"
	"testing"
)

func TestParseRuntimeTableErrors(t *testing.T) {
	const head = "asOf: 2026-01-01\nruntimes:\n"
	tests := []struct {
		name, in, want string // want: a fragment of the error; "" = no error
	}{
		{"ok", head + "  - {id: python3.13, name: Python 3.13, deprecation: 2029-06-30}\n", ""},
		{"ok provided", head + "  - {id: provided.al2023}\n", ""},
		{"no date", "runtimes: []\n", "asOf must be a date"},
		{"bad date", "asOf: 2026-02-30\n", "asOf must be a date"},
		{"no id", head + "  - {name: x}\n", "runtime 1 has no id"},
		{"id with newline", head + "  - {id: \"\\n\\n0\"}\n", "not a Lambda runtime identifier"},
		{"id with space", head + "  - {id: python 3}\n", "not a Lambda runtime identifier"},
		{"name with newline", head + "  - {id: x1, name: \"a\\nb\"}\n", "name must be one line"},
		{"source with escape", "asOf: 2026-01-01\nsource: \"\\e[31m\"\n", "source must be one line"},
		{"bad deprecation", head + "  - {id: x1, deprecation: soon}\n", "runtime x1: deprecation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ParseRuntimeTable("t.yaml", []byte(tt.in))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.want == "" && tab == nil:
				t.Fatal("no table")
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "t.yaml: ")):
				t.Fatalf("error %v, want one naming t.yaml and containing %q", err, tt.want)
			}
		})
	}
}
