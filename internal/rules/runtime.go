package rules

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

//go:embed runtimes.yaml
var builtinRuntimes []byte

// Runtime is one Lambda runtime and its end-of-life dates (zero when AWS
// has not scheduled them).
type Runtime struct {
	ID          string
	Name        string
	Deprecation time.Time
	BlockCreate time.Time
	BlockUpdate time.Time
}

// RuntimeTable is the runtime support table the runtime rule judges with,
// and the date it reflects.
type RuntimeTable struct {
	AsOf     time.Time
	Source   string
	Runtimes map[string]Runtime
}

type runtimeFile struct {
	AsOf     string `yaml:"asOf"`
	Source   string `yaml:"source"`
	Runtimes []struct {
		ID          string `yaml:"id"`
		Name        string `yaml:"name"`
		Deprecation string `yaml:"deprecation"`
		BlockCreate string `yaml:"blockCreate"`
		BlockUpdate string `yaml:"blockUpdate"`
	} `yaml:"runtimes"`
}

// ParseRuntimeTable reads a runtime table in the format of the built-in
// runtimes.yaml (asOf, source, and runtimes with id, name, deprecation,
// blockCreate, blockUpdate as YYYY-MM-DD). name labels errors. An id must
// look like a Lambda runtime identifier (letters, digits, '.', '-', '_',
// as in python3.13 or provided.al2023, see
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-Runtime),
// and source and name must be one line of printable text: both end up in
// report cells.
func ParseRuntimeTable(name string, data []byte) (*RuntimeTable, error) {
	var f runtimeFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	t := &RuntimeTable{Source: f.Source, Runtimes: map[string]Runtime{}}
	var err error
	if t.AsOf, err = parseDate(f.AsOf); err != nil || t.AsOf.IsZero() {
		return nil, fmt.Errorf("%s: asOf must be a date (YYYY-MM-DD), got %q", name, f.AsOf)
	}
	if !oneLine(f.Source) {
		return nil, fmt.Errorf("%s: source must be one line of text (a URL), got %q", name, f.Source)
	}
	for i, r := range f.Runtimes {
		switch {
		case r.ID == "":
			return nil, fmt.Errorf("%s: runtime %d has no id", name, i+1)
		case !runtimeID.MatchString(r.ID):
			return nil, fmt.Errorf("%s: runtime %d: id %q is not a Lambda runtime identifier (such as python3.13 or provided.al2023)", name, i+1, r.ID)
		case !oneLine(r.Name):
			return nil, fmt.Errorf("%s: runtime %s: name must be one line of text, got %q", name, r.ID, r.Name)
		}
		rt := Runtime{ID: r.ID, Name: r.Name}
		for _, d := range []struct {
			s   string
			dst *time.Time
			key string
		}{{r.Deprecation, &rt.Deprecation, "deprecation"}, {r.BlockCreate, &rt.BlockCreate, "blockCreate"}, {r.BlockUpdate, &rt.BlockUpdate, "blockUpdate"}} {
			if *d.dst, err = parseDate(d.s); err != nil {
				return nil, fmt.Errorf("%s: runtime %s: %s: %w", name, r.ID, d.key, err)
			}
		}
		t.Runtimes[r.ID] = rt
	}
	return t, nil
}

// runtimeID is the shape of a Lambda runtime identifier.
var runtimeID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// oneLine reports whether s has no control characters (newlines, tabs,
// escapes).
func oneLine(s string) bool {
	return !strings.ContainsFunc(s, unicode.IsControl)
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse("2006-01-02", s)
}

var (
	defaultRuntimesOnce sync.Once
	defaultRuntimes     *RuntimeTable
)

// DefaultRuntimes returns the built-in runtime table, parsed once. Callers
// must not change it.
func DefaultRuntimes() *RuntimeTable {
	defaultRuntimesOnce.Do(func() {
		t, err := ParseRuntimeTable("runtimes.yaml", builtinRuntimes)
		if err != nil {
			panic(err) // embedded data, checked by the package tests
		}
		defaultRuntimes = t
	})
	return defaultRuntimes
}

func day(t time.Time) string { return t.Format("2006-01-02") }

var deprecatedRuntime = &Rule{
	ID:         "LS501",
	Name:       "runtime-deprecated",
	Severity:   High,
	Severities: []Severity{Medium, Critical},
	Title:      "Function uses a deprecated or soon-deprecated runtime",
	Description: "The function's runtime has reached, or will soon reach, its deprecation date in AWS's " +
		"runtime table: AWS stops applying security patches, then blocks creating and finally updating " +
		"functions on it. The finding states the dates from the table (and the table's date), compared " +
		"with the scan date (--now).",
	Remediation: Remediation{
		Text:           "Move the function to a supported runtime of the same language and test it.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --runtime python3.13",
		CloudFormation: "Runtime: python3.13 (or the current version of your language)",
		Terraform:      "runtime = \"python3.13\"",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-2",
	},
	Compliance: []Compliance{{"AWS FSBP", "Lambda.2"}, {"OWASP Serverless Top 10", "SAS-6"}},
	Check:      checkRuntime,
}

func checkRuntime(in *Input) []Result {
	table := in.Config.Runtimes
	if table == nil {
		table = DefaultRuntimes()
	}
	soon := in.Config.SoonDays
	if soon == 0 {
		soon = 180
	}
	return eachFunction(in, func(f *inventory.Function, res *Result) bool {
		rt, ok := table.Runtimes[f.Runtime]
		switch {
		case f.PackageType == "Image":
			return false // the image brings its own runtime
		case gapUnknown(f, inventory.FieldRuntime, res):
			res.Message = "the runtime is not known: " + res.Message
		case f.Runtime == "":
			res.unknown("no runtime is set")
		case !ok:
			res.unknown(fmt.Sprintf("runtime %s is not in the runtime table (as of %s); update the table or pass --runtimes", f.Runtime, day(table.AsOf)))
		default:
			res.Evidence = []Evidence{{Label: "runtime", Value: f.Runtime}}
			judgeRuntime(rt, in.Now, time.Duration(soon)*24*time.Hour, fmt.Sprintf(" (AWS runtime table as of %s)", day(table.AsOf)), res)
		}
		return true
	})
}

// judgeRuntime judges runtime rt at time now: FAIL once deprecated, or
// within soon of it; asOf ends every message.
func judgeRuntime(rt Runtime, now time.Time, soon time.Duration, asOf string, res *Result) {
	switch {
	case rt.Deprecation.IsZero():
		res.pass(fmt.Sprintf("%s has no deprecation date scheduled%s", rt.ID, asOf))
	case !now.Before(rt.Deprecation):
		msg := fmt.Sprintf("%s was deprecated on %s", rt.ID, day(rt.Deprecation))
		switch {
		case !rt.BlockUpdate.IsZero() && !now.Before(rt.BlockUpdate):
			res.Severity = sev(Critical)
			msg += fmt.Sprintf("; functions on it can no longer be updated since %s", day(rt.BlockUpdate))
		case !rt.BlockCreate.IsZero() && !now.Before(rt.BlockCreate):
			msg += fmt.Sprintf("; creating functions on it is blocked since %s and updating them will be from %s", day(rt.BlockCreate), dayOr(rt.BlockUpdate))
		default:
			msg += fmt.Sprintf("; creating functions on it will be blocked from %s and updating them from %s", dayOr(rt.BlockCreate), dayOr(rt.BlockUpdate))
		}
		res.fail(msg + asOf)
	case rt.Deprecation.Sub(now) <= soon:
		res.Severity = sev(Medium)
		days := int(rt.Deprecation.Sub(now).Hours()/24) + 1
		res.fail(fmt.Sprintf("%s will be deprecated on %s (in %d days); creating functions on it is blocked from %s, updating them from %s%s",
			rt.ID, day(rt.Deprecation), days, dayOr(rt.BlockCreate), dayOr(rt.BlockUpdate), asOf))
	default:
		res.pass(fmt.Sprintf("%s is supported until %s%s", rt.ID, day(rt.Deprecation), asOf))
	}
}

func dayOr(t time.Time) string {
	if t.IsZero() {
		return "a date not yet scheduled"
	}
	return day(t)
}
