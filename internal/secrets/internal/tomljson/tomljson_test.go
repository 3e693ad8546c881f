package tomljson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// TestConvert checks the JSON written for each kind of TOML value,
// written out by hand.
func TestConvert(t *testing.T) {
	src := `title = "t"
minVersion = "v8.25.0"

[allowlist]
paths = ['''a\.b<c>&d''', "e\\f"]

[[rules]]
id = "x"
regex = '''(?i)tok_[a-z]{3}'''
secretGroup = 1
entropy = 3.5
keywords = ["tok_"]

[[rules]]
id = "y"
entropy = 3
enabled = true
`
	want := `{
  "allowlist": {
    "paths": [
      "a\\.b<c>&d",
      "e\\f"
    ]
  },
  "minVersion": "v8.25.0",
  "rules": [
    {
      "entropy": 3.5,
      "id": "x",
      "keywords": [
        "tok_"
      ],
      "regex": "(?i)tok_[a-z]{3}",
      "secretGroup": 1
    },
    {
      "enabled": true,
      "entropy": 3,
      "id": "y"
    }
  ],
  "title": "t"
}
`
	got, err := Convert("c.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("Convert:\n%s\nwant:\n%s", got, want)
	}
}

// TestConvertErrors checks that a TOML error gives the file, line and
// column, and a value JSON cannot hold gives the file and the key.
func TestConvertErrors(t *testing.T) {
	cases := []struct{ toml, want string }{
		{"title = \"unterminated\n", "c.toml:1:"},
		{"a = 1\na = 2\n", "c.toml:2:1: "},
		// go-toml v2.2.3 panicked on a sign without digits.
		{"[[rules]]\nid = \"x\"\nentropy =- 2\n", "c.toml:3:"},
		{"[[rules]]\nid = \"x\"\nentropy = nan\n", "c.toml: rules.1.entropy: NaN has no JSON form"},
		{"[[rules]]\n[[rules]]\nentropy = -inf\n", "c.toml: rules.2.entropy: -Inf has no JSON form"},
		{"[allowlist]\nsince = 2024-01-02\n", "c.toml: allowlist.since: a toml.LocalDate (a TOML date or time)"},
		{"when = 1979-05-27T07:32:00Z\n", "c.toml: when: a time.Time"},
	}
	for _, c := range cases {
		_, err := Convert("c.toml", []byte(c.toml))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to begin %q", c.toml, err, c.want)
		}
	}
}

// positioned is how an error for a document go-toml does not decode
// begins.
var positioned = regexp.MustCompile(`^fuzz\.toml:\d+:\d+: `)

// FuzzConvert feeds arbitrary TOML to Convert. Its contract: JSON or an
// error naming the file (with line and column when go-toml does not decode
// the document), never a panic; the JSON is valid, deterministic, and holds
// exactly the values go-toml decodes from the TOML.
func FuzzConvert(f *testing.F) {
	f.Add("title = \"t\"\n[allowlist]\npaths = ['''a''']\n[[rules]]\nid = \"x\"\nregex = '''<a>&'''\nentropy = 3.5\nsecretGroup = 1\nkeywords = [\"k\"]\n")
	f.Add("a = [1, 2.5, true, \"s\", [\"n\"], {b = 1}]\n[t.u]\nv = 1e300\n")
	f.Add("when = 1979-05-27T07:32:00Z\n")
	f.Fuzz(func(t *testing.T, doc string) {
		got, err := Convert("fuzz.toml", []byte(doc))
		var want map[string]any
		werr := toml.Unmarshal([]byte(doc), &want)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			if werr != nil && !positioned.MatchString(err.Error()) {
				t.Fatalf("go-toml: %v; error without line and column: %v", werr, err)
			}
			return
		}
		if werr != nil {
			t.Fatalf("go-toml refuses the document (%v), Convert does not", werr)
		}
		again, _ := Convert("fuzz.toml", []byte(doc))
		if !bytes.Equal(got, again) {
			t.Fatal("not deterministic")
		}
		dec := json.NewDecoder(bytes.NewReader(got))
		dec.UseNumber()
		var back any
		if err := dec.Decode(&back); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, got)
		}
		if msg := same("", want, back); msg != "" {
			t.Fatalf("%s\n%s", msg, got)
		}
	})
}

// same compares a value go-toml decoded (toml) with the one decoded from
// the JSON (with UseNumber), and says where they differ ("" if nowhere).
func same(path string, toml, js any) string {
	switch v := toml.(type) {
	case map[string]any:
		o, ok := js.(map[string]any)
		if !ok || len(o) != len(v) {
			return fmt.Sprintf("%s: %v, JSON has %v", path, v, js)
		}
		for k, e := range v {
			if msg := same(path+"."+k, e, o[k]); msg != "" {
				return msg
			}
		}
	case []any:
		a, ok := js.([]any)
		if !ok || len(a) != len(v) {
			return fmt.Sprintf("%s: %v, JSON has %v", path, v, js)
		}
		for i, e := range v {
			if msg := same(fmt.Sprint(path, "[", i, "]"), e, a[i]); msg != "" {
				return msg
			}
		}
	case int64:
		if n, ok := js.(json.Number); !ok || n.String() != strconv.FormatInt(v, 10) {
			return fmt.Sprintf("%s: integer %d, JSON has %v", path, v, js)
		}
	case float64:
		n, ok := js.(json.Number)
		f, err := n.Float64()
		if !ok || err != nil || f != v || math.Signbit(f) != math.Signbit(v) {
			return fmt.Sprintf("%s: float %v, JSON has %v", path, v, js)
		}
	default: // string, bool
		if js != toml {
			return fmt.Sprintf("%s: %v, JSON has %v", path, v, js)
		}
	}
	return ""
}
