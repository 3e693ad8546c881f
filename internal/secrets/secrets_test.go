package secrets

import (
	"fmt"
	"go.yaml.in/yaml/v3"
	"os"
	"strings"
	"testing"
)

type envCase struct {
	Name     string `yaml:"name"`
	Value    string `yaml:"value"`
	Origin   string `yaml:"origin"`
	Secret   bool   `yaml:"secret"`
	Critical bool   `yaml:"critical"`
	Kind     string `yaml:"kind"`
}

// TestEnvCases runs the labelled set of environment variables: every real
// secret is found (critical ones marked critical), no reference,
// placeholder or setting is, and the hits never carry the value.
func TestEnvCases(t *testing.T) {
	data, err := os.ReadFile("testdata/env_cases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []envCase }
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	var secrets, lookalikes int
	for _, c := range f.Cases {
		hits := s.EnvVar(c.Name, c.Value, c.Origin)
		switch {
		case c.Secret && len(hits) == 0:
			t.Errorf("missed %s (%s)", c.Name, c.Kind)
		case !c.Secret && len(hits) > 0:
			t.Errorf("false alarm on %s=%q (%s): %s", c.Name, c.Value, c.Kind, hits[0].Detector)
		case c.Secret && c.Critical && !hits[0].Critical:
			t.Errorf("%s (%s) found by %s but not marked critical", c.Name, c.Kind, hits[0].Detector)
		}
		for _, h := range hits {
			if len(c.Value) >= 8 && (strings.Contains(h.Fingerprint, c.Value) || strings.Contains(h.Description, c.Value)) {
				t.Errorf("%s: the hit carries the value", c.Name)
			}
			kinds[h.Detector] = true
		}
		if c.Secret {
			secrets++
			kinds["kind:"+c.Kind] = true
		} else {
			lookalikes++
		}
	}
	n := 0
	for k := range kinds {
		if strings.HasPrefix(k, "kind:") {
			n++
		}
	}
	if len(f.Cases) < 60 || n < 15 {
		t.Errorf("the labelled set has %d cases and %d kinds of secret; want at least 60 and 15", len(f.Cases), n)
	}
	t.Logf("%d secrets of %d kinds, %d look-alikes", secrets, n, lookalikes)
}

// TestFingerprint shows at most four characters and a hash.
func TestFingerprint(t *testing.T) {
	got := Fingerprint("AKIA3QBOP56Z65H7XEZH")
	if !strings.HasPrefix(got, "AKIA…sha256:") || strings.Contains(got, "3QBOP") || len(got) != len("AKIA…sha256:")+12 {
		t.Errorf("Fingerprint = %q", got)
	}
	if short := Fingerprint("hunter2"); strings.Contains(short, "hunt") {
		t.Errorf("short secret shows characters: %q", short)
	}
	if Fingerprint("a") == Fingerprint("b") {
		t.Error("different secrets, same fingerprint")
	}
}

// TestTextMatchesWhole checks that scanning a file rule by rule on the
// lines around its keywords finds exactly what the rules find run over the
// whole text, as gitleaks runs them: every labelled secret written into a
// source file between unrelated lines, a PEM block among them.
func TestTextMatchesWhole(t *testing.T) {
	data, err := os.ReadFile("testdata/env_cases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []envCase }
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("import os\n\n")
	for i, c := range f.Cases {
		if !c.Secret {
			continue
		}
		for j := 0; j < i%5; j++ {
			b.WriteString("    total = total + compute(item, offset) # unrelated\n")
		}
		if strings.Contains(c.Value, "\n") {
			b.WriteString(c.Name + " = \"\"\"" + c.Value + "\"\"\"\n")
		} else {
			b.WriteString(c.Name + " = \"" + c.Value + "\"\n")
		}
	}
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, h := range s.Text("app.py", []byte(b.String())) {
		got[fmt.Sprintf("%s %s line %d", h.Detector, h.Fingerprint, h.Line)] = true
	}
	want := map[string]bool{}
	for _, f := range s.rules.matchWhole(b.String(), "app.py") {
		want[fmt.Sprintf("%s %s line %d", f.rule.id, Fingerprint(f.secret), f.line)] = true
	}
	if len(want) < 20 {
		t.Fatalf("the rules over the whole text found only %d secrets in the file", len(want))
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missed %s", k)
		}
	}
	for k := range got {
		// url-credentials is lambdasec's own detector, not gitleaks'.
		if !want[k] && !strings.HasPrefix(k, "url-credentials ") {
			t.Errorf("extra %s", k)
		}
	}
}

// TestAWSExampleKeys checks one policy for AWS's documented example
// credentials, in variables and in code alike: both halves of each pair are
// placeholders, and a real key beside them is still found.
func TestAWSExampleKeys(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	code := "import boto3\n" +
		"s3 = boto3.client('s3', aws_access_key_id='AKIAIOSFODNN7EXAMPLE',\n" +
		"    aws_secret_access_key='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')\n" +
		"aws_access_key_id = \"AKIAI44QH8DHBEXAMPLE\"\n" +
		"aws_secret_access_key = \"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\"\n"
	if hits := s.Text("app.py", []byte(code)); len(hits) != 0 {
		t.Errorf("example keys in code reported: %+v", hits)
	}
	real := code + "aws_secret_access_key = \"7RNmxNyHaYV9NOd8r0q8C/mSiWMFGdfEv7o9+NMh\"\n"
	if hits := s.Text("app.py", []byte(real)); len(hits) == 0 {
		t.Error("a real secret key beside the examples is missed")
	}
	for _, v := range []string{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"} {
		if !Placeholder(v) {
			t.Errorf("Placeholder(%q) = false", v)
		}
	}
}

// TestTextURLPassword checks that a password inside a URL is found in
// code as it is in environment variables, and that interpolated or
// missing passwords are not.
func TestTextURLPassword(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		code      string
		line, col int // 0: no hit
	}{
		{"import os\nDB = \"postgres://user:S3cretPassw0rd@db.internal:5432/orders\"\n", 2, 23},
		{"conn = connect('mysql://admin:Vx9qk2LmPw@10.0.0.5/app')\n", 1, 31},
		{"DB = f\"postgres://{user}:{password}@{host}/db\"\n", 0, 0},
		{"DB = \"postgres://user:${DB_PASSWORD}@host/db\"\n", 0, 0},
		{"DB = \"postgres://%s:%s@%s/db\" % (u, p, h)\n", 0, 0},
		{"DB = \"postgres://orders@db.internal:5432/orders\"\n", 0, 0},
		{"DB = \"postgres://user:changeme@host/db\"\n", 0, 0},
	}
	for _, c := range cases {
		var hits []Hit
		for _, h := range s.Text("app.py", []byte(c.code)) {
			if h.Detector == "url-credentials" {
				hits = append(hits, h)
			}
		}
		switch {
		case c.line == 0 && len(hits) > 0:
			t.Errorf("%q: false alarm %+v", c.code, hits[0])
		case c.line > 0 && len(hits) != 1:
			t.Errorf("%q: %d url-credentials hits, want 1", c.code, len(hits))
		case c.line > 0 && (hits[0].Line != c.line || hits[0].Column != c.col):
			t.Errorf("%q: hit at %d:%d, want %d:%d", c.code, hits[0].Line, hits[0].Column, c.line, c.col)
		}
	}
}
