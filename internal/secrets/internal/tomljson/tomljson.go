// Package tomljson converts a gitleaks configuration from TOML, the form
// gitleaks ships (config/gitleaks.toml), to JSON, the form lambdasec embeds:
// internal/secrets reads its rules with encoding/json so that the binary
// does not link a TOML parser. It is imported only by the generator
// (internal/secrets/internal/gen) and by tests, never by the binary.
package tomljson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Convert returns the JSON form of the TOML document data, named name in
// errors. The conversion keeps every key and value: a table becomes an
// object (keys sorted, as encoding/json writes maps), an array an array,
// a string a string, an integer an integer, a float a number and a
// boolean a boolean; it is indented by two spaces, ends with a newline,
// and does not escape <, > and & (regular expressions stay readable).
// It knows nothing of gitleaks' keys: internal/secrets checks those.
//
// Errors: a TOML syntax or type error, as "name:line:col: message"; a value
// JSON cannot hold (a date or time, NaN or an infinity), as "name: key:
// message", naming the key by its dotted path (array indexes 1-based).
func Convert(name string, data []byte) ([]byte, error) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return nil, fmt.Errorf("%s:%d:%d: %s", name, line, col, de.Error())
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := check(nil, doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// check returns an error for the first value under v (at path) that JSON
// cannot hold as it is: TOML's dates and times (which would become strings)
// and the floats nan and ±inf.
func check(path []string, v any) error {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if err := check(append(path, k), e); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range v {
			if err := check(append(path, fmt.Sprint(i+1)), e); err != nil {
				return err
			}
		}
	case string, bool, int64:
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: %v has no JSON form", strings.Join(path, "."), v)
		}
	default:
		return fmt.Errorf("%s: a %T (a TOML date or time) has no place in a gitleaks configuration", strings.Join(path, "."), v)
	}
	return nil
}
