package suppress

import (
	"fmt"
	"path"
	"strings"
)

// CheckPathGlob reports whether pattern is a valid path glob for
// MatchPath, and why not.
func CheckPathGlob(pattern string) error {
	if strings.TrimSpace(pattern) == "" {
		return fmt.Errorf("empty pattern")
	}
	for _, seg := range strings.Split(pattern, "/") {
		if seg == "**" {
			continue
		}
		if strings.Contains(seg, "**") {
			return fmt.Errorf("pattern %q: ** must be a whole path element (as in a/**/b)", pattern)
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("pattern %q: %w", pattern, err)
		}
	}
	return nil
}

// MatchPath reports whether the slash-separated path name matches pattern,
// as .gitignore-style tools (Trivy's --skip-dirs, Checkov's --skip-path)
// do: "*", "?" and "[...]" match within one path element (path.Match), a
// "**" element matches any number of elements, none included, and a
// pattern without "/" matches the last element at any depth
// ("serverless.yml" is "**/serverless.yml"). A leading "./" on either side
// is ignored. An invalid pattern matches nothing (see CheckPathGlob).
func MatchPath(pattern, name string) bool {
	pattern = strings.TrimPrefix(pattern, "./")
	name = strings.TrimPrefix(path.Clean(name), "./")
	if !strings.Contains(strings.TrimSuffix(pattern, "/"), "/") {
		pattern = "**/" + pattern
	}
	return matchElems(strings.Split(strings.TrimSuffix(pattern, "/"), "/"), strings.Split(name, "/"))
}

func matchElems(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			// Collapse repeated "**" and try every split.
			for len(pat) > 0 && pat[0] == "**" {
				pat = pat[1:]
			}
			if len(pat) == 0 {
				return true
			}
			for i := 0; i <= len(name); i++ {
				if matchElems(pat, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
