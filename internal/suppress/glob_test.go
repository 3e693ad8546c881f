package suppress

import "testing"

func TestMatchPath(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"serverless.yml", "serverless.yml", true},
		{"serverless.yml", "svc/a/serverless.yml", true},
		{"serverless.yml", "svc/serverless.yaml", false},
		{"k8s", "deploy/k8s", true},
		{"k8s/", "deploy/k8s", true},
		{"deploy/k8s", "deploy/k8s", true},
		{"deploy/k8s", "x/deploy/k8s", false},
		{"**/k8s", "x/deploy/k8s", true},
		{"**/k8s/**", "x/k8s/a/b.yaml", true},
		{"infra/**/*.json", "infra/cdk.out/a.template.json", true},
		{"infra/**/*.json", "infra/a.json", true},
		{"infra/**/*.json", "other/infra/a.json", false},
		{"./infra/*.yaml", "infra/app.yaml", true},
		{"infra/*.yaml", "./infra/app.yaml", true},
		{"infra/*.yaml", "infra/sub/app.yaml", false},
		{"*.test.yaml", "a/b/c.test.yaml", true},
		{"[", "[", false}, // invalid: matches nothing
	}
	for _, tt := range tests {
		if got := MatchPath(tt.pattern, tt.name); got != tt.want {
			t.Errorf("MatchPath(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestCheckPathGlob(t *testing.T) {
	for _, p := range []string{"a/**/b", "**", "*.yaml", "x/[ab]/y"} {
		if err := CheckPathGlob(p); err != nil {
			t.Errorf("CheckPathGlob(%q) = %v, want nil", p, err)
		}
	}
	for _, p := range []string{"", "a**", "x/[/y"} {
		if err := CheckPathGlob(p); err == nil {
			t.Errorf("CheckPathGlob(%q) = nil, want an error", p)
		}
	}
}
