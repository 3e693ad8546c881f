package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/lambdasec/lambdasec/internal/exposure"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

var confusableName = &Rule{
	ID:       "LS602",
	Name:     "confusable-name",
	Severity: Low,
	Title:    "Function or role name mixes scripts or hides characters",
	Description: "The name of a function or an execution role mixes writing systems in a way that makes it " +
		"look like another name (a Cyrillic \"а\" in \"аdmin\"), is written entirely in letters that look " +
		"Latin but are not (Cyrillic \"раураl\"), or carries invisible or bidirectional control characters " +
		"(U+202E makes \"safe\\u202egnp.exe\" display as \"safeexe.png\"). A reviewer, a console search or " +
		"an alert keyed on the name sees one resource and gets another. Names of one script, and the " +
		"combinations Unicode's highly restrictive profile allows (Latin with Han, Hiragana, Katakana or " +
		"Hangul), pass. lambdasec's reports show such characters escaped.",
	Remediation: Remediation{
		Text:           "Rename the resource with the characters it appears to have (for AWS names, ASCII letters, digits, '-' and '_'), and find out who named it so.",
		CloudFormation: "Set FunctionName / RoleName to an ASCII name (or remove it to let CloudFormation generate one).",
		Terraform:      "Set function_name / name of the aws_lambda_function / aws_iam_role to an ASCII name.",
	},
	References: []string{
		"https://www.unicode.org/reports/tr39/#Restriction_Level_Detection",
		"https://www.unicode.org/reports/tr39/#Confusable_Detection",
		"https://www.unicode.org/reports/tr9/#Directional_Formatting_Characters",
		"https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName",
	},
	Check: checkConfusableNames,
}

func checkConfusableNames(in *Input) []Result {
	out := eachFunction(in, func(f *inventory.Function, res *Result) bool {
		judgeName(res, &f.Resource)
		return true
	})
	// Execution roles only, like every other role rule: a role no function
	// runs with (a state machine's, a CI user's) is outside this rule's scope.
	start := func(r *inventory.Role) Result {
		return roleResult(&roleView{&exposure.RoleView{Role: r, Functions: in.Index.FunctionsOfRole(r)}})
	}
	out = append(out, each(in.Estate.Roles, start, func(r *inventory.Role, res *Result) bool {
		if len(res.Functions) == 0 {
			return false
		}
		judgeName(res, &r.Resource)
		return true
	})...)
	// A function whose role the estate does not hold (another stack's, an
	// ARN, an unresolved value) still has a role name to judge: from the
	// ARN when it can be read, UNKNOWN when it cannot, never nothing.
	for _, f := range in.Estate.Functions {
		if in.Index.Role(f.Role) == nil {
			out = append(out, outsideRoleName(f))
		}
	}
	return out
}

// outsideRoleName judges the name of a function's execution role that is
// not in the estate, read from the role's ARN
// (arn:PARTITION:iam::ACCOUNT:role/PATH/NAME).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
func outsideRoleName(f *inventory.Function) Result {
	ref := f.Role
	if ref == "" {
		ref = f.ID + " (role)"
	}
	res := Result{Resource: ref, Kind: KindRole, Label: inventory.Describe(ref), Source: f.Source, Skips: f.Skips, Functions: []string{f.ID}}
	if gapUnknown(f, inventory.FieldRole, &res) {
		res.Message = "execution role is not known: " + res.Message
		return res
	}
	if reason, ok := inventory.UnresolvedReason(f.Role); ok {
		res.unknown("execution role is not known: " + reason)
		return res
	}
	a, err := arn.Parse(f.Role)
	if err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") {
		res.unknown("the name could not be read: the execution role is " + inventory.Describe(f.Role) + ", not a role ARN")
		return res
	}
	name := a.Resource[strings.LastIndex(a.Resource, "/")+1:]
	if inventory.HasToken(name) {
		res.unknown("the name could not be read: " + inventory.Describe(name))
		return res
	}
	res.Label = name
	judgeName(&res, &inventory.Resource{Name: name})
	return res
}

// judgeName judges a resource's name, and its ID when that differs (a
// template's logical ID).
func judgeName(res *Result, r *inventory.Resource) {
	for _, name := range []string{r.Name, r.ID} {
		if name == "" {
			continue
		}
		if why := nameSpoof(name); why != "" {
			res.fail(fmt.Sprintf("name %q %s", name, why), Evidence{Label: "name", Value: fmt.Sprintf("%+q", name)})
			return
		}
	}
	if g, ok := r.Gap(inventory.FieldName); ok {
		res.unknown("the name could not be read: " + g.Reason)
		return
	}
	res.pass(fmt.Sprintf("name %q is written in one script", r.Label()))
}

// nameSpoof says how name could pass for another ("mixes Latin and
// Cyrillic letters"), or returns "" when it cannot. It implements the
// parts of Unicode TS #39 that matter for resource names: invisible and
// bidirectional characters, mixed scripts beyond the highly restrictive
// profile, and whole-script confusables of Latin.
func nameSpoof(name string) string {
	var hidden []string
	scripts := map[string]bool{}
	lookalikes := 0
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp):
			hidden = append(hidden, fmt.Sprintf("U+%04X", r))
			continue
		case !unicode.IsLetter(r):
			continue
		}
		letters++
		if latinLookalikes[r] {
			lookalikes++
		}
		if s := scriptOf(r); s != "" {
			scripts[s] = true
		}
	}
	if len(hidden) > 0 {
		return "holds invisible or direction-changing characters (" + strings.Join(hidden, ", ") + ")"
	}
	var names []string
	for s := range scripts {
		names = append(names, s)
	}
	sort.Strings(names)
	switch {
	case len(names) > 1 && !allowedMix(scripts):
		return "mixes " + strings.Join(names, " and ") + " letters (it can pass for another name)"
	case len(names) == 1 && names[0] != "Latin" && letters > 0 && lookalikes == letters:
		return "is written in " + names[0] + " letters that all look Latin (it can pass for a Latin name)"
	}
	return ""
}

// scripts lambdasec tells apart: the ones whose letters are confused with
// Latin, and the ones of the highly restrictive profile.
var scriptTables = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek},
	{"Armenian", unicode.Armenian}, {"Cherokee", unicode.Cherokee}, {"Coptic", unicode.Coptic},
	{"Georgian", unicode.Georgian}, {"Han", unicode.Han}, {"Hiragana", unicode.Hiragana},
	{"Katakana", unicode.Katakana}, {"Hangul", unicode.Hangul}, {"Bopomofo", unicode.Bopomofo},
	{"Arabic", unicode.Arabic}, {"Hebrew", unicode.Hebrew},
}

// scriptOf names the script of a letter ("Other" for a script not listed
// above, "" for Common and Inherited characters).
func scriptOf(r rune) string {
	for _, s := range scriptTables {
		if unicode.Is(s.table, r) {
			return s.name
		}
	}
	if unicode.In(r, unicode.Common, unicode.Inherited) {
		return ""
	}
	return "Other"
}

// allowedMix reports whether a set of scripts is one Unicode's highly
// restrictive profile allows: Latin with Han, Hiragana and Katakana
// (Japanese), with Han and Bopomofo (Chinese), or with Han and Hangul
// (Korean). https://www.unicode.org/reports/tr39/#Restriction_Level_Detection
func allowedMix(scripts map[string]bool) bool {
	for _, set := range [][]string{{"Latin", "Han", "Hiragana", "Katakana"}, {"Latin", "Han", "Bopomofo"}, {"Latin", "Han", "Hangul"}} {
		ok := true
		for s := range scripts {
			if !slices.Contains(set, s) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// latinLookalikes are letters of other scripts that look like Latin
// letters in common fonts, from Unicode's confusables.txt (the entries
// whose prototype is one Latin letter). A name made only of them can pass
// for a Latin name. https://www.unicode.org/Public/security/latest/confusables.txt
var latinLookalikes = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "" +
		// Cyrillic
		"аАвВсСеЕһНіІјЈкКмМоОрРѕЅтТуУхХԁԛԜԝԌӏӀɡ" + "ҮүЬьЗзԃБ" +
		// Greek
		"αΑβΒεΕηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧζΖγ" +
		// Armenian, Cherokee
		"օսհոցԳՏ" + "ᎪᏴᏟᎠᎬᎻᏆᏦᏞᎷᏒᏚᎢᏙᏔᏃ" {
		m[r] = true
	}
	return m
}()
