package cloudformation

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// TestBadValueWarns checks that one value CloudFormation would refuse
// leaves that value unresolved, with a warning naming file, line and
// column, and the rest of the template read: a template is never skipped
// whole for one bad value.
func TestBadValueWarns(t *testing.T) {
	cases := []struct {
		name, extra, value, want string
		line                     int
	}{
		{"getatt without a dot", "", "!GetAtt NoDot", "Fn::GetAtt needs Resource.Attribute", 13},
		{"ref to nothing", "", "!Ref Missing", `Ref to "Missing", which is neither a parameter nor a resource`, 13},
		{"getatt to nothing", "", "!GetAtt Missing.Arn", `Fn::GetAtt refers to "Missing", which is not a resource`, 13},
		{"select past the end", "", "!Select [3, [a, b]]", "Fn::Select index 3 is past the end of a list of 2", 13},
		{"select with a placeholder default", "", "!Select [2, !Split [',', 'a,b']]", "Fn::Select index 2 is past the end of a list of 2", 13},
		{"unknown tag", "", "!Bogus x", "unknown tag !Bogus", 13},
		{"unknown intrinsic", "", "{Fn::Ref: P}", "unknown intrinsic function Fn::Ref", 13},
		{"sub of nothing", "", "!Sub '${Nothing}-x'", "Fn::Sub refers to ${Nothing}", 13},
		{"if on no condition", "", "!If [Nope, a, b]", `no condition named "Nope"`, 13},
		{"select from a placeholder parameter default", "Parameters:\n  Subnets: {Type: String, Default: CHANGEME}\n", "!Select [1, !Split [',', !Ref Subnets]]", "Fn::Select index 1 is past the end of a list of 1", 15},
		{"condition cycle", "Conditions:\n  C1: !Not [!Condition C2]\n  C2: !Not [!Condition C1]\n", "!If [C1, a, b]", "depends on itself", 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := header + c.extra + `Resources:
  G:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Role: arn:aws:iam::111122223333:role/g
  F:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          V: ` + c.value + `
          OK: fine
      Runtime: python3.13
      Role: arn:aws:iam::111122223333:role/r
`
			e, warnings, err := Read("bad.yaml", []byte(src))
			if err != nil {
				t.Fatalf("the template is skipped for one bad value: %v", err)
			}
			f := fn(t, e, "F")
			if r, ok := inventory.UnresolvedReason(env(f, "V")); !ok || !strings.Contains(r, c.want) {
				t.Errorf("V = %q, want unresolved saying %q", env(f, "V"), c.want)
			}
			if env(f, "OK") != "fine" || f.Runtime != "python3.13" || fn(t, e, "G").Runtime != "python3.13" {
				t.Errorf("the rest of the template is not read: OK=%q runtime=%q", env(f, "OK"), f.Runtime)
			}
			prefix := fmt.Sprintf("bad.yaml:%d:", c.line)
			found := false
			for _, w := range warnings {
				if strings.HasPrefix(w, prefix) && strings.Contains(w, c.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no warning starting %q and saying %q in %q", prefix, c.want, warnings)
			}
		})
	}
}

// TestBadResourceConditionWarns checks that a resource whose Condition
// cannot be evaluated is kept, with a warning, rather than the file
// skipped.
func TestBadResourceConditionWarns(t *testing.T) {
	src := header + "Conditions:\n  C1: !Not [!Condition C2]\n  C2: !Not [!Condition C1]\nResources:\n  A: {Type: AWS::Lambda::Function, Condition: C1, Properties: {Runtime: python3.13}}\n  B: {Type: AWS::Lambda::Function, Condition: Nope, Properties: {Runtime: python3.13}}\n"
	e, warnings, err := Read("bad.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	fn(t, e, "A")
	fn(t, e, "B")
	got := strings.Join(warnings, "\n")
	for _, want := range []string{"bad.yaml:4:", "depends on itself", "bad.yaml:7:", `no condition named "Nope"`} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings %q do not say %q", got, want)
		}
	}
}

// TestBadResourceWarns checks that a resource without a Type, or that is
// not a map, is left out with a warning, and the rest is read.
func TestBadResourceWarns(t *testing.T) {
	src := header + "Resources:\n  F: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.13}}\n  A: {Properties: {}}\n  B: just text\n"
	e, warnings, err := Read("bad.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	fn(t, e, "F")
	got := strings.Join(warnings, "\n")
	for _, want := range []string{"bad.yaml:4:6: resource A has no Type: it is not read", "bad.yaml:5:6: resource B is not a map: it is not read"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings %q do not say %q", got, want)
		}
	}
}

// TestSAMForms reads forms SAM accepts that plain CloudFormation does not
// know: Fn::GetAtt on a generated resource named through its SAM resource
// (the list form with a dotted logical ID, and the short form), Fn::Sub of
// a Fn::Transform, and the Rules section's !ValueOf.
func TestSAMForms(t *testing.T) {
	src := `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String, Default: prod}
Rules:
  ProdOnly:
    RuleCondition: !Equals [!Ref Env, prod]
    Assertions:
      - Assert: !Contains [[a, b], !ValueOf [Env, Name]]
      - Assert: {"Fn::EachMemberIn": [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], !RefAll "AWS::EC2::VPC::Id"]}
Resources:
  F:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: a.h
      CodeUri: s3://b/k.zip
      AutoPublishAlias: live
      Environment:
        Variables:
          LIST: {"Fn::GetAtt": [F.Alias, Name]}
          SHORT: !GetAtt F.Alias.Name
          VERSION: {"Fn::GetAtt": [F.Version, Version]}
          SUB: {"Fn::Sub": {"Fn::Transform": {Name: AWS::Include, Parameters: {Location: s3://b/x}}}}
`
	e, warnings, err := Read("sam.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f := fn(t, e, "F")
	alias := aliasID("F", "live")
	for name, want := range map[string]string{
		"LIST":    inventory.AttrToken(alias, "Name"),
		"SHORT":   inventory.AttrToken(alias, "Name"),
		"VERSION": inventory.AttrToken("FVersion", "Version"),
		"SUB":     inventory.UnresolvedToken("Fn::Transform (a macro)"),
	} {
		if got := env(f, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	for _, w := range warnings {
		if strings.Contains(w, "unknown") || strings.Contains(w, "not a resource") {
			t.Errorf("unexpected warning %q", w)
		}
	}
}

// chain writes a template of n SNS topics, each named with expr (in which
// P stands for the previous topic's logical ID), and a function whose
// variable refers to the last.
func chain(n int, expr string) []byte {
	var b strings.Builder
	b.WriteString("Resources:\n  T0:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: start}\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  T%d:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: %s\n", i, strings.ReplaceAll(expr, "P", fmt.Sprintf("T%d", i-1)))
	}
	fmt.Fprintf(&b, "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.13\n      Role: arn:aws:iam::111122223333:role/r\n      Environment:\n        Variables:\n          LAST: !GetAtt T%d.Arn\n", n)
	return []byte(b.String())
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestReferenceChainIsLinear reads chains of resources each named after
// its predecessor twice (issue 18: 22 links took 62 s and 4.6 GB, doubling
// per link). Each resource's ARN is worked out once and no resolved string
// grows past maxResolved, so the memory allocated stays small; the budget
// is measured, not timed.
func TestReferenceChainIsLinear(t *testing.T) {
	cases := []struct {
		name, expr string
		links      int
	}{
		{"join", "!Join ['', [!GetAtt P.Arn, !GetAtt P.Arn]]", 20},
		{"select", "!Select [0, [!Ref P, !Ref P]]", 20},
		{"sub", "!Sub '${P.Arn}${P.Arn}${P.Arn}${P.Arn}'", 10},
		// Far past what exponential work could finish.
		{"join long", "!Join ['', [!GetAtt P.Arn, !GetAtt P.Arn]]", 400},
		{"select long", "!Select [0, [!Ref P, !Ref P]]", 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := chain(c.links, c.expr)
			var warnings []string
			var err error
			got := allocated(func() { _, warnings, err = Read("chain.yaml", src) })
			if err != nil {
				t.Fatal(err)
			}
			const limit = 128 << 20
			if got > limit {
				t.Errorf("reading %d links allocated %d MiB, over the %d MiB budget", c.links, got>>20, limit>>20)
			}
			t.Logf("%d links: %.1f MiB allocated, %d warnings", c.links, float64(got)/(1<<20), len(warnings))
		})
	}
}

// TestLongStringIsUnresolved checks that a value growing past maxResolved
// is unresolved, with a warning naming file and line.
func TestLongStringIsUnresolved(t *testing.T) {
	_, warnings, err := Read("chain.yaml", chain(24, "!Join ['', [!GetAtt P.Arn, !GetAtt P.Arn]]"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(warnings, "\n")
	if !strings.Contains(got, "chain.yaml:") || !strings.Contains(got, "Fn::Join builds a string of more than") {
		t.Errorf("no warning about the long string in %q", got)
	}
}

// TestGlobalsAliasBudget reads a small SAM template whose Globals hold a
// structure built of YAML aliases, which the Globals merge copies into
// every function (issue 18: a 32 KB template of this kind ran out of
// memory). The copies count against the file's budget: the file is
// refused with a message naming it, and what the reader allocated before
// refusing stays bounded.
func TestGlobalsAliasBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("Transform: AWS::Serverless-2016-10-31\nMetadata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&b, "  a%d: &a%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("Globals:\n  Function:\n    Environment:\n      Variables:\n        X: *a4\nResources:\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "  F%d:\n    Type: AWS::Serverless::Function\n    Properties: {Runtime: python3.13, Handler: a.h, CodeUri: s3://b/k.zip}\n", i)
	}
	src := []byte(b.String())
	var err error
	got := allocated(func() { _, _, err = Read("globals.yaml", src) })
	t.Logf("%d-byte template: %.1f MiB allocated; %v", len(src), float64(got)/(1<<20), err)
	var fe *Error
	if !errors.As(err, &fe) || fe.File != "globals.yaml" || !strings.Contains(fe.Msg, "expands to more than") {
		t.Errorf("want the file refused for expanding past its budget, got %v", err)
	}
	const limit = 512 << 20
	if got > limit {
		t.Errorf("reading allocated %d MiB, over the %d MiB budget", got>>20, limit>>20)
	}
}

// TestReadMemory bounds what the reader allocates and keeps (issue 18:
// a scan of one 9 MB template peaked at 6.7 GB, most of it in the
// report; bench/memory.sh measures the whole scan). The estate kept per
// small template stays small, and reading a big template allocates a
// bounded multiple of its size.
func TestReadMemory(t *testing.T) {
	tiny := func(i int) []byte {
		return []byte(fmt.Sprintf("Resources:\n  Fn%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.13\n      Role: arn:aws:iam::111122223333:role/app\n      Code: {S3Bucket: b, S3Key: Fn%d.zip}\n", i, i))
	}
	const n = 2000
	keep := make([]*inventory.Estate, 0, n)
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	for i := 0; i < n; i++ {
		e, _, err := Read(fmt.Sprintf("t%d.yaml", i), tiny(i))
		if err != nil {
			t.Fatal(err)
		}
		keep = append(keep, e)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	perTemplate := (int64(m1.HeapAlloc) - int64(m0.HeapAlloc)) / n
	runtime.KeepAlive(keep)
	t.Logf("%d templates: %d bytes kept per template, %d allocated", n, perTemplate, (m1.TotalAlloc-m0.TotalAlloc)/n)
	if perTemplate > 16<<10 {
		t.Errorf("the reader keeps %d bytes per one-function template, over 16 KiB", perTemplate)
	}

	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "  Fn%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.13\n      Role: arn:aws:iam::111122223333:role/app\n      Code: {S3Bucket: b, S3Key: Fn%d.zip}\n", i, i)
	}
	big := []byte(b.String())
	got := allocated(func() {
		if _, _, err := Read("big.yaml", big); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("%d-byte template of 5000 functions: %d bytes allocated (%.0f per input byte)", len(big), got, float64(got)/float64(len(big)))
	if got > 100*uint64(len(big)) {
		t.Errorf("reading a %d-byte template allocated %d bytes, over 100 per input byte", len(big), got)
	}
}

// TestFindInMapByRegionIsLinear reads many Fn::FindInMap look-ups keyed by
// the region in a big mapping: whether the entries agree is worked out
// once per mapping and key, not once per look-up (quadratic before).
func TestFindInMapByRegionIsLinear(t *testing.T) {
	const n = 3000
	var b strings.Builder
	b.WriteString("Mappings:\n  M:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    r%d: {k: same}\n", i)
	}
	b.WriteString("Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.13\n      Role: arn:aws:iam::111122223333:role/r\n      Environment:\n        Variables:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "          V%d: !FindInMap [M, !Ref AWS::Region, k]\n", i)
	}
	src := []byte(b.String())
	var e *inventory.Estate
	var err error
	got := allocated(func() { e, _, err = Read("map.yaml", src) })
	if err != nil {
		t.Fatal(err)
	}
	if v := env(fn(t, e, "F"), "V7"); v != "same" {
		t.Errorf("V7 = %q, want the value every region agrees on", v)
	}
	t.Logf("%d look-ups in a mapping of %d: %.1f MiB allocated", n, n, float64(got)/(1<<20))
	const limit = 64 << 20
	if got > limit {
		t.Errorf("allocated %d MiB, over %d MiB", got>>20, limit>>20)
	}
}
