package suppress

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// unknownField is how yaml.v3 words an unknown key under KnownFields.
var unknownField = regexp.MustCompile(`^line (\d+): field (.+) not found in type suppress\.(\w+)$`)

// decodeError rewrites the decoder's errors as "file:line: message", with
// the keys allowed where an unknown key was found.
func decodeError(p string, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("%s: %w", p, err)
	}
	var msgs []string
	for _, e := range te.Errors {
		if m := unknownField.FindStringSubmatch(e); m != nil {
			known := map[string]string{
				"Config": "ignore, severity, trusted-accounts, disable, skip, multi-tenant",
				"Ignore": "rule, resource, file, reason, expires",
				"Skip":   "dirs, files",
			}[m[3]]
			msgs = append(msgs, fmt.Sprintf("%s:%s: unknown key %q (known keys here: %s)", p, m[1], m[2], known))
			continue
		}
		if line, rest, ok := strings.Cut(strings.TrimPrefix(e, "line "), ": "); ok && strings.HasPrefix(e, "line ") {
			msgs = append(msgs, fmt.Sprintf("%s:%s: %s", p, line, rest))
			continue
		}
		msgs = append(msgs, p+": "+e)
	}
	return errors.New(strings.Join(msgs, "\n"))
}
