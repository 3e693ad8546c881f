package iampolicy

import (
	"strings"
	"testing"
)

// TestCatalogue checks levels of well-known actions against the Service
// Authorization Reference and the wildcard expansion.
func TestCatalogue(t *testing.T) {
	c := Actions()
	for action, want := range map[string]string{
		"lambda:InvokeFunction":         LevelWrite,
		"lambda:AddPermission":          LevelPermissions,
		"lambda:ListFunctions":          LevelList,
		"lambda:GetFunction":            LevelRead,
		"lambda:TagResource":            LevelTagging,
		"S3:getobject":                  LevelRead, // actions compare case-insensitively
		"s3:PutBucketPolicy":            LevelPermissions,
		"iam:PutRolePolicy":             LevelPermissions,
		"kms:Decrypt":                   LevelWrite,
		"dynamodb:Scan":                 LevelRead,
		"secretsmanager:GetSecretValue": LevelRead,
	} {
		got, ok := c.Level(action)
		if !ok || got != want {
			t.Errorf("Level(%s) = %q, %v; want %q", action, got, ok, want)
		}
	}
	if _, ok := c.Level("lambda:NoSuchAction"); ok {
		t.Error("an unknown action has a level")
	}
	puts, complete := c.Expand("s3:Put*Policy")
	if !complete || len(puts) < 3 {
		t.Fatalf("s3:Put*Policy expanded to %v (complete %v)", puts, complete)
	}
	for _, a := range puts {
		if !strings.HasPrefix(a, "s3:Put") || !strings.HasSuffix(a, "Policy") {
			t.Errorf("s3:Put*Policy expanded to %s", a)
		}
	}
	all, complete := c.Expand("lambda:*")
	if !complete || len(all) < 60 {
		t.Errorf("lambda:* expanded to %d actions", len(all))
	}
	if _, complete := c.Expand("*"); complete {
		t.Error("* cannot be complete: the catalogue holds some services only")
	}
	st := &Statement{NotAction: []string{"iam:*"}}
	acts, _ := c.GrantedActions(st)
	for _, a := range acts {
		if strings.HasPrefix(a, "iam:") {
			t.Fatalf("NotAction iam:* granted %s", a)
		}
	}
	if len(acts) < 5000 {
		t.Errorf("NotAction iam:* granted only %d catalogue actions", len(acts))
	}
}

// TestCheckAction checks what the catalogue says about policy actions:
// typos and made-up services are found, wildcards and services whose
// actions are not held are not mistaken for them.
func TestCheckAction(t *testing.T) {
	c := Actions()
	for pattern, want := range map[string]ActionCheck{
		"*":                             ActionKnown,
		"sts:GetCallerIdentity":         ActionKnown,
		"STS:getcalleridentity":         ActionKnown, // case-insensitive
		"s3:Get*":                       ActionKnown,
		"s3:*":                          ActionKnown,
		"*:GetObject":                   ActionKnown,
		"lambda:Invoke*":                ActionKnown,
		"sts:GetCallerIdentify":         ActionUnknown,
		"s3:GetObjekt*":                 ActionUnknown,
		"dynamodb:PutItems":             ActionUnknown,
		"lamda:InvokeFunction":          ActionUnknownService,
		"foo*:Bar":                      ActionUnknownService,
		"aoss:APIAccessAll":             ActionUnchecked, // a real service whose actions are not held
		"s3GetObject":                   ActionMalformed,
		"s3:":                           ActionMalformed,
		"cloudformation:DescribeEvents": ActionKnown, // newer than the levels, in names.actions
	} {
		if got := c.CheckAction(pattern); got != want {
			t.Errorf("CheckAction(%q) = %d, want %d", pattern, got, want)
		}
	}
	if c.NamesSource == "" || len(c.prefixes) < 400 {
		t.Errorf("names: source %q, %d prefixes", c.NamesSource, len(c.prefixes))
	}
	for svc := range c.byService {
		if !c.prefixes[svc] {
			t.Errorf("catalogued service %s is not among the documented prefixes", svc)
		}
	}
}
