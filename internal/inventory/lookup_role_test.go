package inventory

import "testing"

func TestRoleNameFromARN(t *testing.T) {
	for _, tc := range []struct {
		in, name string
		ok       bool
	}{
		{"arn:aws:iam::123456789012:role/app", "app", true},
		{"arn:aws:iam::123456789012:role/service-role/app", "app", true},
		{"arn:aws:iam::" + AccountIDToken + ":role/app", "app", true},
		{"arn:aws:iam::123456789012:user/app", "", false},
		{"app", "", false},
	} {
		if name, ok := RoleNameFromARN(tc.in); name != tc.name || ok != tc.ok {
			t.Errorf("RoleNameFromARN(%q) = %q, %v; want %q, %v", tc.in, name, ok, tc.name, tc.ok)
		}
	}
}
