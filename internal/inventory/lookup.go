package inventory

import "strings"

// Index finds an estate's items by reference. Build it once with NewIndex
// after the estate is complete; it does not see later changes.
type Index struct {
	functions      map[string]*Function
	roles          map[string]*Role
	policies       map[string]*ManagedPolicy
	layers         map[string]*Layer
	subnets        map[string]*Subnet
	securityGroups map[string]*SecurityGroup
	secrets        map[string]*Secret
	kmsKeys        map[string]*KMSKey
	codeSigning    map[string]*CodeSigningConfig
	rolesUsers     map[*Role][]*Function
}

// NewIndex indexes e's items by ID, ARN and name, and each role's functions.
func NewIndex(e *Estate) *Index {
	ix := &Index{
		functions:      map[string]*Function{},
		roles:          map[string]*Role{},
		policies:       map[string]*ManagedPolicy{},
		layers:         map[string]*Layer{},
		subnets:        map[string]*Subnet{},
		securityGroups: map[string]*SecurityGroup{},
		secrets:        map[string]*Secret{},
		kmsKeys:        map[string]*KMSKey{},
		codeSigning:    map[string]*CodeSigningConfig{},
		rolesUsers:     map[*Role][]*Function{},
	}
	for _, f := range e.Functions {
		addKeys(ix.functions, &f.Resource, f)
	}
	for _, r := range e.Roles {
		addKeys(ix.roles, &r.Resource, r)
	}
	for _, p := range e.ManagedPolicies {
		addKeys(ix.policies, &p.Resource, p)
	}
	for _, l := range e.Layers {
		addKeys(ix.layers, &l.Resource, l)
	}
	for _, s := range e.Subnets {
		addKeys(ix.subnets, &s.Resource, s)
	}
	for _, g := range e.SecurityGroups {
		addKeys(ix.securityGroups, &g.Resource, g)
	}
	for _, s := range e.Secrets {
		addKeys(ix.secrets, &s.Resource, s)
	}
	for _, k := range e.KMSKeys {
		addKeys(ix.kmsKeys, &k.Resource, k)
	}
	for _, c := range e.CodeSigningConfigs {
		addKeys(ix.codeSigning, &c.Resource, c)
	}
	for _, f := range e.Functions {
		if r := ix.Role(f.Role); r != nil {
			ix.rolesUsers[r] = append(ix.rolesUsers[r], f)
		}
	}
	return ix
}

func addKeys[T any](m map[string]T, r *Resource, v T) {
	for _, k := range []string{r.ID, r.ARN, r.Name} {
		if k == "" {
			continue
		}
		if _, taken := m[k]; !taken {
			m[k] = v
		}
	}
}

func find[T any](m map[string]T, ref string) T {
	if v, ok := m[ref]; ok {
		return v
	}
	if id, ok := RefTarget(ref); ok {
		if v, ok := m[id]; ok {
			return v
		}
	}
	// A qualified or versioned ARN (function:name:alias, layer:name:3)
	// still names the base resource.
	if strings.HasPrefix(ref, "arn:") {
		if i := strings.LastIndexByte(ref, ':'); i > 0 {
			if v, ok := m[ref[:i]]; ok {
				return v
			}
		}
	}
	var zero T
	return zero
}

// Function returns the function ref names (ID, ARN, name or a Ref/GetAtt
// token), or nil.
func (ix *Index) Function(ref string) *Function { return find(ix.functions, ref) }

// Role returns the role ref names (ID, ARN, name or token), or nil.
func (ix *Index) Role(ref string) *Role { return find(ix.roles, ref) }

// ManagedPolicy returns the estate's managed policy ref names, or nil.
func (ix *Index) ManagedPolicy(ref string) *ManagedPolicy { return find(ix.policies, ref) }

// Layer returns the layer ref names, or nil.
func (ix *Index) Layer(ref string) *Layer { return find(ix.layers, ref) }

// Subnet returns the subnet ref names, or nil.
func (ix *Index) Subnet(ref string) *Subnet { return find(ix.subnets, ref) }

// SecurityGroup returns the security group ref names, or nil.
func (ix *Index) SecurityGroup(ref string) *SecurityGroup { return find(ix.securityGroups, ref) }

// Secret returns the secret ref names, or nil.
func (ix *Index) Secret(ref string) *Secret { return find(ix.secrets, ref) }

// KMSKey returns the KMS key ref names, or nil.
func (ix *Index) KMSKey(ref string) *KMSKey { return find(ix.kmsKeys, ref) }

// CodeSigningConfig returns the code-signing config ref names, or nil.
func (ix *Index) CodeSigningConfig(ref string) *CodeSigningConfig {
	return find(ix.codeSigning, ref)
}

// FunctionsOfRole returns the functions whose execution role is r, in
// estate order.
func (ix *Index) FunctionsOfRole(r *Role) []*Function { return ix.rolesUsers[r] }

// RoleNameFromARN returns the role name at the end of an IAM role ARN
// ("arn:aws:iam::123456789012:role/path/name" gives "name"; the path is
// dropped, as IAM role names are unique without it), or "", false when s
// names no role. s may hold tokens (an unresolved account or partition).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
func RoleNameFromARN(s string) (string, bool) {
	i := strings.LastIndex(s, ":role/")
	if i < 0 {
		return "", false
	}
	name := s[i+len(":role/"):]
	if j := strings.LastIndexByte(name, '/'); j >= 0 {
		name = name[j+1:]
	}
	return name, true
}
