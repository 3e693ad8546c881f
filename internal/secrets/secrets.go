// Package secrets finds credentials in environment variables and in
// function code, with gitleaks' maintained rule set (its default
// configuration: cloud keys, Stripe, Slack, GitHub, private keys, JWTs,
// generic high-entropy values next to secret keywords...) applied by a
// matcher of its own (rules.go reads the rules, match.go applies them as
// gitleaks' documentation defines: keyword prefilter, regex, secret
// group, entropy, allowlists), plus what
// environment variables add: a name that says secret with a literal value.
// It tells references (ARNs, {{resolve:...}} dynamic references, ${ssm:...},
// NoEcho parameters) and placeholders ("changeme", "<token>") apart from
// secrets.
//
// The rules: gitleaks.toml is gitleaks' file as its release ships it, kept
// unchanged as the source of truth; gitleaks.json is its conversion to JSON
// (every key and value, by internal/tomljson; regenerate it with
// `go run ./internal/gen` in this directory), which the binary embeds and
// reads with encoding/json, so that it links no TOML parser.
// update-gitleaks-rules.sh replaces the TOML with another release's and
// regenerates the JSON; TestGitleaksJSON fails when the JSON is not the
// committed TOML's conversion.
//
// It never returns a secret's value: a Hit carries a redacted fingerprint
// (the first four characters and a SHA-256 prefix), enough to tell two
// findings of the same secret apart and nothing more.
package secrets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Hit is a secret found: which detector found it, whether it is a
// critical kind (a cloud credential or a private key), its redacted
// fingerprint, and where (1-based line and column in the scanned text, the
// column in bytes where the rule's match begins; 0 for an environment
// variable; line 1 and column 0 for a rule that matches a file by its
// name, such as gitleaks' pkcs12-file).
type Hit struct {
	Detector    string
	Description string
	Critical    bool
	Fingerprint string
	Line        int
	Column      int
}

// Scanner detects secrets with gitleaks' default rule set. It is safe
// for concurrent use.
type Scanner struct {
	rules *ruleSet
}

// Default returns the scanner with gitleaks' default rule set (see
// GitleaksVersion), built once; an error means the embedded rule set did
// not load, which a test guards against.
var Default = sync.OnceValues(func() (*Scanner, error) {
	js, err := gitleaksJSON()
	if err != nil {
		return nil, fmt.Errorf("gitleaks default rules: %w", err)
	}
	rs, err := loadRules("gitleaks.json", js)
	if err != nil {
		return nil, fmt.Errorf("gitleaks default rules: %w", err)
	}
	return &Scanner{rules: rs}, nil
})

// Rules returns how many detection rules the scanner has.
func (s *Scanner) Rules() int { return len(s.rules.rules) }

// criticalRules are gitleaks rule IDs (and prefixes) of cloud credentials
// and private keys: a leak of them hands over infrastructure.
var criticalRules = []string{"aws-", "gcp-", "azure-", "alibaba-", "private-key", "pkcs12", "digitalocean-", "heroku-", "linode-", "hashicorp-tf", "vault-", "doppler-", "flyio-", "github-app-token", "gitlab-"}

func critical(ruleID string) bool {
	for _, p := range criticalRules {
		if strings.HasPrefix(ruleID, p) {
			return true
		}
	}
	return false
}

// Fingerprint redacts a secret: its first four characters and the first
// 12 hex digits of its SHA-256 ("AKIA…sha256:3f2a9c1b04de"). Secrets
// shorter than 12 characters show none of their characters. Characters
// are runes (a byte that is not UTF-8 is one), so a fingerprint is valid
// UTF-8 whenever the secret is.
func Fingerprint(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	prefix := ""
	if utf8.RuneCountInString(secret) >= 12 {
		// The first four characters as they are in the secret (a byte
		// that is not UTF-8 counts as one character and stays as it is).
		n := 0
		for range 4 {
			_, size := utf8.DecodeRuneInString(secret[n:])
			n += size
		}
		prefix = secret[:n] + "…"
	}
	return prefix + "sha256:" + hex.EncodeToString(sum[:6])
}

// Text finds the secrets in a text file's content. filePath (slash
// separated) lets gitleaks' path allowlists and path rules apply. Lines
// and columns are 1-based; a column counts bytes from the start of its
// line. Rules run on the lines around their keywords (see matchNear).
func (s *Scanner) Text(filePath string, content []byte) []Hit {
	text := string(content)
	li := newLineIndex(text)
	type found struct {
		Hit
		secret string
	}
	var all []found
	for _, f := range s.rules.matchNear(li, path.Clean(filePath)) {
		if awsExampleCredentials[strings.TrimSpace(f.secret)] {
			continue // a documented example, as in EnvVar
		}
		h := Hit{Detector: f.rule.id, Description: f.rule.description, Critical: critical(f.rule.id),
			Fingerprint: Fingerprint(f.secret), Line: f.line, Column: f.column}
		if f.line == 0 {
			h.Line = 1 // a path rule: the file itself
		}
		all = append(all, found{h, f.secret})
	}
	// gitleaks has no rule for a URL with a password in it
	// ("postgres://user:pw@host/db"); environment variables are checked
	// for one, and so is code.
	for _, m := range urlWithPassword.FindAllStringSubmatchIndex(text, -1) {
		pw := urlPassword(text[m[0]:m[1]])
		if pw == "" {
			continue
		}
		ln := li.line(m[2])
		dup := false
		for _, f := range all {
			if f.Line == ln+1 && strings.Contains(f.secret, pw) {
				dup = true
			}
		}
		if !dup {
			all = append(all, found{Hit{Detector: "url-credentials", Description: "a URL with a password in it", Fingerprint: Fingerprint(pw),
				Line: ln + 1, Column: m[2] - li.starts[ln] + 1}, pw})
		}
	}
	// As gitleaks does when it runs all rules together (dropGeneric): a
	// generic finding inside a specific one on the same line, a URL's
	// password included, is the same secret.
	var hits []Hit
	for _, f := range all {
		dup := false
		if generic(f.Detector) {
			for _, g := range all {
				if g.Line == f.Line && !generic(g.Detector) && strings.Contains(g.secret, f.secret) {
					dup = true
					break
				}
			}
		}
		if !dup {
			hits = append(hits, f.Hit)
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Line != hits[j].Line {
			return hits[i].Line < hits[j].Line
		}
		if hits[i].Detector != hits[j].Detector {
			return hits[i].Detector < hits[j].Detector
		}
		return hits[i].Column < hits[j].Column
	})
	return dedupeHits(hits)
}

// splitLines splits text after each newline, keeping the newlines.
func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

func dedupeHits(hits []Hit) []Hit {
	var out []Hit
	seen := map[string]bool{}
	for _, h := range hits {
		k := fmt.Sprintf("%d|%s", h.Line, h.Fingerprint)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, h)
	}
	return out
}

// secretName matches variable names that say they hold a secret.
var secretName = regexp.MustCompile(`(?i)(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|priv[_-]?key|credential|creds|auth[_-]?key|client[_-]?secret|signing[_-]?key|encryption[_-]?key|master[_-]?key|session[_-]?key|webhook[_-]?url|dsn|connection[_-]?string|conn[_-]?str)`)

// notSecretName matches names that say secret but hold a name, an ID, a
// location or a setting about the secret ("DB_SECRET_ARN", "TOKEN_TTL").
var notSecretName = regexp.MustCompile(`(?i)(_|^)(arn|name|id|ids|path|param|parameter|key[_-]?name|key[_-]?id|ref|url|uri|endpoint|region|ttl|expiry|expires|expiration|timeout|length|len|header|type|version|enabled|rotation|file|dir|prefix|suffix|field|policy|location|bucket|table|queue|topic|secret[_-]?id)$`)

// placeholder matches values that stand for a secret to be filled in.
var placeholder = regexp.MustCompile(`(?i)^(change[-_ ]?me|replace[-_ ]?me|replace[-_ ]?this|to[-_ ]?do|tbd|fixme|placeholder|dummy|example|sample|none|null|nil|undefined|empty|default|test|secret|password|token|x+|\*+|\.+|-+|0+|<.*>|\[.*\]|\{.*\}|\$\{.*\}|\$[A-Z_][A-Z0-9_]*|%[a-z_]+%|your[-_ ].*|your[-_].*|insert[-_ ].*|enter[-_ ].*|put[-_ ].*here|my[-_]?(secret|password|token|api[-_]?key))$`)

// isReference reports whether a value names where a secret is kept
// rather than holding it: an ARN, a CloudFormation dynamic reference, a
// Serverless Framework ${ssm:...} variable, a deploy-time token.
func isReference(v string) bool {
	switch {
	case strings.HasPrefix(v, "arn:"),
		strings.Contains(v, "{{resolve:"),
		strings.HasPrefix(v, "${ssm:"), strings.HasPrefix(v, "${ssm("), strings.HasPrefix(v, "${secretsmanager:"),
		strings.HasPrefix(v, "ssm:"), strings.HasPrefix(v, "secretsmanager:"):
		return true
	}
	// A value that is only a template token (a Ref to a resource) holds
	// no literal secret.
	if inventory.HasToken(v) && strings.TrimSpace(stripTokens(v)) == "" {
		return true
	}
	return false
}

func stripTokens(s string) string {
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+2:]
	}
}

// awsExampleCredentials are the access key pairs AWS's documentation
// prints in its examples. They are published and grant nothing, so they are
// placeholders, in variables and in code alike, both halves of each pair.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds-programmatic-access.html
// https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html
var awsExampleCredentials = map[string]bool{
	"AKIAIOSFODNN7EXAMPLE":                     true,
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": true,
	"AKIAI44QH8DHBEXAMPLE":                     true,
	"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY": true,
}

// AWSExampleCredential reports whether v is one of the access keys or
// secret keys AWS's documentation prints as examples.
func AWSExampleCredential(v string) bool { return awsExampleCredentials[strings.TrimSpace(v)] }

// Placeholder reports whether a value is an obvious placeholder, AWS's
// documented example access keys included.
func Placeholder(v string) bool {
	v = strings.TrimSpace(v)
	return awsExampleCredentials[v] || placeholder.MatchString(v)
}

// EnvVar finds the secret a variable holds, if any. origin is the
// variable's inventory.Origin*: values that come from a NoEcho parameter,
// a resource or a dynamic reference hold no literal secret in the source.
// A value is checked with the gitleaks rules (as a NAME="value" line, so
// keyword-based rules see the name); failing that, a name that says
// secret with a literal value that is not a placeholder, a reference, a
// number or a boolean is a hit of detector "secret-name".
//
// A value built by Fn::Sub or Fn::Join holds deploy-time tokens between
// literal parts ("sk_live_…${AWS::Region}", "Bearer ${Token}"), and one
// only partly resolvable (origin unresolved) still has the parts that were
// written: each literal part is also checked with the gitleaks rules on
// its own, since a token next to a secret hides it from rules that want
// the secret to end at a quote or a space.
func (s *Scanner) EnvVar(name, value, origin string) []Hit {
	switch origin {
	case inventory.OriginNoEchoParameter, inventory.OriginResource, inventory.OriginDynamicReference:
		return nil
	case inventory.OriginUnresolved:
		return s.parts(name, value)
	}
	v := strings.TrimSpace(value)
	if v == "" || isReference(v) || Placeholder(v) {
		return nil
	}
	if hits := s.detect(name, value); len(hits) > 0 {
		return hits
	}
	if hits := s.parts(name, value); len(hits) > 0 {
		return hits
	}
	if pw := urlPassword(v); pw != "" {
		return []Hit{{Detector: "url-credentials", Description: "a URL with a password in it", Fingerprint: Fingerprint(pw)}}
	}
	if secretName.MatchString(name) && !notSecretName.MatchString(name) && literalSecret(v) {
		return []Hit{{Detector: "secret-name", Description: "variable name says it holds a secret, and its value is a literal", Fingerprint: Fingerprint(value)}}
	}
	return nil
}

// detect runs the gitleaks rules over NAME="value", as gitleaks would
// over one line of text.
func (s *Scanner) detect(name, value string) []Hit {
	var hits []Hit
	for _, f := range s.rules.matchWhole(fmt.Sprintf("%s=%q\n", name, value), "") {
		if isReference(f.secret) || Placeholder(f.secret) {
			continue
		}
		hits = append(hits, Hit{Detector: f.rule.id, Description: f.rule.description, Critical: critical(f.rule.id), Fingerprint: Fingerprint(f.secret)})
	}
	return dedupeHits(hits)
}

// parts runs the gitleaks rules over each literal part of a value that
// holds template tokens ({{...}}); nil for a value without tokens.
func (s *Scanner) parts(name, value string) []Hit {
	if !inventory.HasToken(value) || strings.Contains(value, "{{resolve:") {
		return nil
	}
	var hits []Hit
	for _, p := range literalParts(value) {
		if p = strings.TrimSpace(p); p == "" || isReference(p) || Placeholder(p) {
			continue
		}
		hits = append(hits, s.detect(name, p)...)
		if pw := urlPassword(p); pw != "" {
			hits = append(hits, Hit{Detector: "url-credentials", Description: "a URL with a password in it", Fingerprint: Fingerprint(pw)})
		}
	}
	return dedupeHits(hits)
}

// literalParts returns the text between the {{...}} tokens of s.
func literalParts(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return append(out, s)
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+j+2:]
	}
}

// urlWithPassword finds URLs with a user and password in text; the
// password (group 1) holds none of the characters that mark string
// interpolation in code ("{pw}", "${PW}", "%s", "<password>").
var urlWithPassword = regexp.MustCompile(`\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@'"{}$%<>]+:([^\s/@'"{}$%<>]+)@[^\s'"/]+`)

// urlPassword returns the password of a URL with credentials in it
// ("postgres://user:pw@host/db"), unless it is a placeholder or a
// deploy-time token.
func urlPassword(v string) string {
	if !strings.Contains(v, "://") || !strings.Contains(v, "@") {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || u.User == nil {
		return ""
	}
	pw, ok := u.User.Password()
	if !ok || len(pw) < 4 || Placeholder(pw) || isReference(pw) || inventory.HasToken(pw) {
		return ""
	}
	return pw
}

// literalSecret reports whether a value under a secret-sounding name looks
// like a secret: not a boolean, not a plain number, not a single word of
// lower-case letters shorter than 6 characters.
func literalSecret(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off", "enabled", "disabled":
		return false
	}
	if strings.Trim(v, "0123456789.-_") == "" {
		return false
	}
	return len(v) >= 6
}
