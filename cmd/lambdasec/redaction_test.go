package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lambdasec/lambdasec/internal/report"
)

// TestNoSecretInAnyOutput scans an estate full of known secrets — in
// environment variables, a NoEcho default, inline code and a code
// directory — renders every output format, and checks that no byte of
// any output (or of stderr) holds a secret's value.
func TestNoSecretInAnyOutput(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "internal", "secrets", "testdata", "env_cases.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cases struct {
		Cases []struct {
			Name, Value string
			Secret      bool
		}
	}
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var env, code strings.Builder
	var values []string
	for i, c := range cases.Cases {
		if !c.Secret {
			continue
		}
		values = append(values, c.Value)
		q, _ := yaml.Marshal(c.Value)
		fmt.Fprintf(&env, "          %s_%d: %s", c.Name, i, indentBlock(string(q), "            "))
		fmt.Fprintf(&code, "%s = %q\n", c.Name, c.Value)
	}
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "settings.py"), []byte(code.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl := `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  DbPassword: {Type: String, NoEcho: true, Default: "` + values[len(values)-2] + `"}
Resources:
  Leaky:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables:
` + env.String()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LAMBDASEC_CACHE_DIR", filepath.Join(dir, "cache"))
	for _, format := range report.Formats {
		var out, errb bytes.Buffer
		code := run([]string{"lambdasec", "scan", "--format", format, "--show-pass", "--asff-account", "111122223333", "--asff-region", "eu-west-1", dir}, &out, &errb)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, errb.String())
		}
		if !strings.Contains(out.String(), "LS302") || !strings.Contains(out.String(), "LS304") {
			t.Fatalf("%s: the secrets were not reported:\n%s", format, out.String())
		}
		all := out.String() + errb.String()
		for _, v := range values {
			if strings.Contains(all, v) {
				t.Errorf("%s output contains a secret value (%.4s...)", format, v)
			}
			for _, line := range strings.Split(v, "\n") {
				if len(line) >= 12 && strings.Contains(all, line) {
					t.Errorf("%s output contains part of a secret (%.4s...)", format, line)
				}
			}
		}
	}
}

func indentBlock(s, indent string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines, "\n"+indent) + "\n"
}
