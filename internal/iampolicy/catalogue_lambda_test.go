package iampolicy

import (
	"slices"
	"strings"
	"testing"
)

// TestLambdaAdditions checks the Lambda actions of actions.json's
// "additions" (2025–2026: Web Functions, capacity providers, durable
// executions, MicroVMs, resource policies): they have levels, the Lambda
// wildcards expand to them, and the catalogue no longer calls them
// unknown. Every assertion fails on the catalogue of 2025-11-18.
func TestLambdaAdditions(t *testing.T) {
	c := Actions()
	for action, want := range map[string]string{
		"lambda:InvokeWebFunctionEndpoint":   LevelWrite,
		"lambda:CreateWebFunction":           LevelWrite,
		"lambda:GetWebFunctionEndpoint":      LevelRead,
		"lambda:ListWebFunctions":            LevelList,
		"lambda:PassCapacityProvider":        LevelWrite,
		"lambda:CreateMicrovmShellAuthToken": LevelWrite,
		"lambda:GetDurableExecutionHistory":  LevelRead,
		"lambda:ListCapacityProviders":       LevelList,
		"lambda:PutResourcePolicy":           LevelPermissions,
		"lambda:GetResourcePolicy":           LevelRead,
	} {
		if got, ok := c.Level(action); !ok || got != want {
			t.Errorf("Level(%s) = %q, %v; want %q", action, got, ok, want)
		}
		if got := c.CheckAction(action); got != ActionKnown {
			t.Errorf("CheckAction(%s) = %d, want known", action, got)
		}
	}
	invoke, complete := c.Expand("lambda:Invoke*")
	if !complete || !slices.Equal(invoke, []string{"lambda:InvokeAsync", "lambda:InvokeFunction", "lambda:InvokeFunctionUrl", "lambda:InvokeWebFunctionEndpoint"}) {
		t.Errorf("lambda:Invoke* expanded to %v (complete %v)", invoke, complete)
	}
	all, _ := c.Expand("lambda:*")
	for _, want := range []string{"lambda:InvokeWebFunctionEndpoint", "lambda:PassCapacityProvider", "lambda:CreateMicrovmShellAuthToken", "lambda:PutResourcePolicy", "lambda:UpdateWebFunctionEndpoint"} {
		if !slices.Contains(all, want) {
			t.Errorf("lambda:* does not expand to %s", want)
		}
	}
	// The 49 later names and the 15 Web Function actions join the 70 of
	// 2025-11-18, each once.
	if len(all) != 70+49+15 || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Errorf("lambda:* expanded to %d actions, want %d", len(all), 70+49+15)
	}
	st := &Statement{Action: []string{"lambda:*Web*"}}
	acts, complete := c.GrantedActions(st)
	if !complete || len(acts) != 15 {
		t.Errorf("lambda:*Web* granted %d actions (complete %v): %v", len(acts), complete, acts)
	}
	if types, ok := c.ResourceTypes("LAMBDA:invokewebfunctionendpoint"); !ok || !slices.Equal(types, []string{"webFunctionEndpoint"}) {
		t.Errorf("ResourceTypes(lambda:InvokeWebFunctionEndpoint) = %v, %v", types, ok)
	}
	if _, ok := c.ResourceTypes("lambda:InvokeFunction"); ok {
		t.Error("resource types recorded for an action the additions do not hold")
	}
	if !strings.Contains(c.AdditionsSource, "list_awslambda") || !strings.HasPrefix(c.AdditionsAsOf, "2026-") {
		t.Errorf("additions source %q as of %q", c.AdditionsSource, c.AdditionsAsOf)
	}
}
