package awstest

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/time/rate"
)

// Account is a fake account's Lambda and IAM estate, served from Go data
// by ServeAccount: what a test or benchmark describes once and reads
// through the real SDK.
type Account struct {
	ID string
	// Partition is the partition of the caller identity's ARN; "" means
	// "aws".
	Partition string
	Functions []Function
	Roles     []Role
	// Users and Groups are IAM users and groups, listed by
	// GetAccountAuthorizationDetails on its first page.
	Users  []User
	Groups []Group
	// ManagedPolicies are customer managed policy documents by ARN.
	ManagedPolicies map[string]string
	// Packages are deployment packages (zip bytes) by function name,
	// served unsigned at the Code.Location GetFunction returns, as S3
	// serves a presigned URL.
	Packages map[string][]byte
}

// Function is a fake function. Policies maps a qualifier ("" for the
// function itself, an alias name or a version) to its resource policy.
type Function struct {
	Name, Region, Runtime, Handler, Role string
	Timeout, MemorySize                  int
	Env                                  map[string]string
	Tracing                              string // "Active" or ""
	KMSKey                               string
	DeadLetter                           string
	Layers                               []string
	SubnetIDs, SecurityGroupIDs          []string
	Reserved                             *int
	Versions                             []string
	Aliases                              map[string]string // name -> version
	Policies                             map[string]string
	URLs                                 []URL
	// OnFailure is the unqualified function's on-failure destination.
	OnFailure string
	Tags      map[string]string
	// RecursiveLoop is GetFunctionRecursionConfig's answer ("" means
	// Terminate, Lambda's default); UpdateRuntimeOn and PinnedRuntime are
	// GetRuntimeManagementConfig's ("" means Auto).
	RecursiveLoop, UpdateRuntimeOn, PinnedRuntime string
	// Revision is the configuration's RevisionId and LastModified its
	// time; "" means "1" and 2026-01-01. A test changes them to show a
	// function changed since an earlier collection.
	Revision, LastModified string
}

// URL is a fake function URL.
type URL struct {
	Qualifier    string
	AuthType     string
	AllowOrigins []string
}

// Role is a fake IAM role with its policies as JSON text.
type Role struct {
	Name    string
	Trust   string
	Inline  map[string]string
	Managed []string
}

// User is a fake IAM user: inline policies as JSON text, attached
// managed policy ARNs, and the names of its groups.
type User struct {
	Name    string
	Inline  map[string]string
	Managed []string
	Groups  []string
}

// Group is a fake IAM group.
type Group struct {
	Name    string
	Inline  map[string]string
	Managed []string
}

// ARN returns the function's ARN in account.
func (f *Function) ARN(account string) string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", f.Region, account, f.Name)
}

// ServeAccount answers STS GetCallerIdentity, the Lambda operations the
// collector calls and IAM GetAccountAuthorizationDetails from a, with
// AWS's page sizes (ListFunctions 50 per page, GetAccountAuthorizationDetails
// 100). Every other operation answers an empty success (see EmptyDefault).
// https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
func (s *Server) ServeAccount(a *Account) {
	s.serveAccount(a, s.Handle)
	s.mu.Lock()
	s.packages = a.Packages
	s.mu.Unlock()
	s.EmptyDefault()
}

// serveAccount gives handle the handlers of a's operations.
func (s *Server) serveAccount(a *Account, handle func(service, op string, h Handler)) {
	byRegion := map[string][]*Function{}
	byName := map[string]*Function{}
	for i := range a.Functions {
		f := &a.Functions[i]
		byRegion[f.Region] = append(byRegion[f.Region], f)
		byName[f.Region+"/"+f.Name] = f
	}
	fn := func(r *Request) *Function {
		name := r.PathParams["FunctionName"]
		if i := strings.LastIndexByte(name, ':'); strings.HasPrefix(name, "arn:") && i > 0 {
			name = name[i+1:]
		}
		return byName[r.Region+"/"+name]
	}
	notFound := func(r *Request) Response { return NotFound(r) }
	handle("sts", "GetCallerIdentity", func(r *Request) Response {
		partition := a.Partition
		if partition == "" {
			partition = "aws"
		}
		return XML(r, X("Arn", "arn:"+partition+":sts::"+a.ID+":assumed-role/audit/lambdasec")+X("UserId", "AROAEXAMPLE:lambdasec")+X("Account", a.ID))
	})
	handle("lambda", "ListFunctions", func(r *Request) Response {
		// With FunctionVersion=ALL every published version is an entry
		// of its own.
		var entries []map[string]any
		for _, f := range byRegion[r.Region] {
			entries = append(entries, a.configuration(f, "$LATEST"))
			if r.Params.Get("FunctionVersion") == "ALL" {
				for _, v := range f.Versions {
					entries = append(entries, a.configuration(f, v))
				}
			}
		}
		start, _ := strconv.Atoi(r.Params.Get("Marker"))
		end := min(start+50, len(entries))
		out := map[string]any{"Functions": entries[start:end]}
		if end < len(entries) {
			out["NextMarker"] = strconv.Itoa(end)
		}
		return JSON(r, out)
	})
	handle("lambda", "GetFunction", func(r *Request) Response {
		f := fn(r)
		if f == nil {
			return notFound(r)
		}
		out := map[string]any{"Configuration": a.configuration(f, "$LATEST"),
			"Code": map[string]any{"RepositoryType": "S3", "Location": s.URL + codePath + f.Name + "?X-Amz-Signature=presigned"}}
		if f.Reserved != nil {
			out["Concurrency"] = map[string]any{"ReservedConcurrentExecutions": *f.Reserved}
		}
		if len(f.Tags) > 0 {
			out["Tags"] = f.Tags
		}
		return JSON(r, out)
	})
	handle("lambda", "GetPolicy", func(r *Request) Response {
		f := fn(r)
		if f == nil {
			return notFound(r)
		}
		doc, ok := f.Policies[r.Params.Get("Qualifier")]
		if !ok {
			return notFound(r)
		}
		return JSON(r, map[string]any{"Policy": doc, "RevisionId": "1"})
	})
	handle("lambda", "ListAliases", func(r *Request) Response {
		f := fn(r)
		if f == nil {
			return notFound(r)
		}
		aliases := []map[string]any{}
		for _, name := range sortedKeys(f.Aliases) {
			aliases = append(aliases, map[string]any{"AliasArn": f.ARN(a.ID) + ":" + name, "Name": name, "FunctionVersion": f.Aliases[name], "RevisionId": "1"})
		}
		return JSON(r, map[string]any{"Aliases": aliases})
	})
	handle("lambda", "ListFunctionUrlConfigs", func(r *Request) Response {
		f := fn(r)
		if f == nil {
			return notFound(r)
		}
		urls := []map[string]any{}
		for _, u := range f.URLs {
			arn := f.ARN(a.ID)
			if u.Qualifier != "" {
				arn += ":" + u.Qualifier
			}
			m := map[string]any{"FunctionUrl": "https://" + f.Name + ".lambda-url." + f.Region + ".on.aws/", "FunctionArn": arn, "AuthType": u.AuthType,
				"CreationTime": "2026-01-01T00:00:00.000+0000", "LastModifiedTime": "2026-01-01T00:00:00.000+0000", "InvokeMode": "BUFFERED"}
			if len(u.AllowOrigins) > 0 {
				m["Cors"] = map[string]any{"AllowOrigins": u.AllowOrigins}
			}
			urls = append(urls, m)
		}
		return JSON(r, map[string]any{"FunctionUrlConfigs": urls})
	})
	handle("lambda", "ListFunctionEventInvokeConfigs", func(r *Request) Response {
		f := fn(r)
		if f == nil {
			return notFound(r)
		}
		configs := []map[string]any{}
		if f.OnFailure != "" {
			configs = append(configs, map[string]any{"FunctionArn": f.ARN(a.ID) + ":$LATEST",
				"DestinationConfig": map[string]any{"OnFailure": map[string]any{"Destination": f.OnFailure}}})
		}
		return JSON(r, map[string]any{"FunctionEventInvokeConfigs": configs})
	})
	handle("lambda", "GetFunctionRecursionConfig", func(r *Request) Response {
		f := fn(r)
		if f == nil {
			return notFound(r)
		}
		loop := cmp.Or(f.RecursiveLoop, "Terminate")
		return JSON(r, map[string]any{"RecursiveLoop": loop})
	})
	handle("lambda", "GetRuntimeManagementConfig", func(r *Request) Response {
		f := fn(r)
		if f == nil {
			return notFound(r)
		}
		out := map[string]any{"FunctionArn": f.ARN(a.ID), "UpdateRuntimeOn": cmp.Or(f.UpdateRuntimeOn, "Auto")}
		if f.PinnedRuntime != "" {
			out["RuntimeVersionArn"] = f.PinnedRuntime
		}
		return JSON(r, out)
	})
	handle("lambda", "GetAccountSettings", func(r *Request) Response {
		return JSON(r, map[string]any{"AccountLimit": map[string]any{"ConcurrentExecutions": 1000, "UnreservedConcurrentExecutions": 1000}})
	})
	handle("iam", "GetAccountAuthorizationDetails", func(r *Request) Response {
		start, _ := strconv.Atoi(r.Params.Get("Marker"))
		end := min(start+100, len(a.Roles))
		var roles []string
		for _, role := range a.Roles[start:end] {
			roles = append(roles, a.roleXML(role))
		}
		var pols []string
		if end == len(a.Roles) {
			for _, arn := range sortedKeys(a.ManagedPolicies) {
				name := arn[strings.LastIndexByte(arn, '/')+1:]
				pols = append(pols, X("member", Raw(X("PolicyName", name)), Raw(X("Arn", arn)), Raw(X("DefaultVersionId", "v1")),
					Raw(Members("PolicyVersionList", []string{X("Document", url.QueryEscape(a.ManagedPolicies[arn])) + X("VersionId", "v1") + X("IsDefaultVersion", true)}))))
			}
		}
		trunc := X("IsTruncated", end < len(a.Roles))
		if end < len(a.Roles) {
			trunc += X("Marker", strconv.Itoa(end))
		}
		var users, groups []string
		if start == 0 {
			for _, u := range a.Users {
				users = append(users, a.userXML(u))
			}
			for _, g := range a.Groups {
				groups = append(groups, a.groupXML(g))
			}
		}
		return XML(r, trunc+"<UserDetailList>"+wrapEach("member", users)+"</UserDetailList><GroupDetailList>"+wrapEach("member", groups)+
			"</GroupDetailList><RoleDetailList>"+wrapEach("member", roles)+"</RoleDetailList><Policies>"+strings.Join(pols, "")+"</Policies>")
	})
}

// codePath is where the fake serves deployment packages.
const codePath = "/__packages/"

func (a *Account) roleXML(role Role) string {
	arn := "arn:aws:iam::" + a.ID + ":role/" + role.Name
	inline, managed := inlineXML(role.Inline), attachedXML(role.Managed)
	return X("RoleName", role.Name) + X("Arn", arn) + X("Path", "/") + X("RoleId", "AROA"+strings.ToUpper(role.Name)) +
		X("AssumeRolePolicyDocument", url.QueryEscape(role.Trust)) + Members("RolePolicyList", inline) + Members("AttachedManagedPolicies", managed)
}

// userXML is a UserDetail as GetAccountAuthorizationDetails returns it.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UserDetail.html
func (a *Account) userXML(u User) string {
	var groups []string
	for _, g := range u.Groups {
		groups = append(groups, X("member", g))
	}
	return X("Path", "/") + X("UserName", u.Name) + X("UserId", "AIDA"+strings.ToUpper(u.Name)) + X("Arn", "arn:aws:iam::"+a.ID+":user/"+u.Name) +
		X("CreateDate", "2026-01-01T00:00:00Z") + Members("UserPolicyList", inlineXML(u.Inline)) +
		"<GroupList>" + strings.Join(groups, "") + "</GroupList>" + Members("AttachedManagedPolicies", attachedXML(u.Managed))
}

// groupXML is a GroupDetail as GetAccountAuthorizationDetails returns it.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GroupDetail.html
func (a *Account) groupXML(g Group) string {
	return X("Path", "/") + X("GroupName", g.Name) + X("GroupId", "AGPA"+strings.ToUpper(g.Name)) + X("Arn", "arn:aws:iam::"+a.ID+":group/"+g.Name) +
		X("CreateDate", "2026-01-01T00:00:00Z") + Members("GroupPolicyList", inlineXML(g.Inline)) + Members("AttachedManagedPolicies", attachedXML(g.Managed))
}

// inlineXML is a PolicyDetail list, documents URL-encoded as IAM returns them.
func inlineXML(inline map[string]string) []string {
	var out []string
	for _, name := range sortedKeys(inline) {
		out = append(out, X("PolicyName", name)+X("PolicyDocument", url.QueryEscape(inline[name])))
	}
	return out
}

// attachedXML is an AttachedPolicy list.
func attachedXML(arns []string) []string {
	var out []string
	for _, m := range arns {
		out = append(out, X("PolicyArn", m)+X("PolicyName", m[strings.LastIndexByte(m, '/')+1:]))
	}
	return out
}

// configuration is a FunctionConfiguration as Lambda returns it.
// https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
func (a *Account) configuration(f *Function, version string) map[string]any {
	arn := f.ARN(a.ID)
	if version != "$LATEST" {
		arn += ":" + version
	}
	c := map[string]any{"FunctionName": f.Name, "FunctionArn": arn, "Runtime": f.Runtime, "Handler": f.Handler,
		"Role": "arn:aws:iam::" + a.ID + ":role/" + f.Role, "Version": version, "PackageType": "Zip",
		"Timeout": f.Timeout, "MemorySize": f.MemorySize, "CodeSize": 1024, "LastModified": "2026-01-01T00:00:00.000+0000", "RevisionId": "1"}
	if f.Revision != "" {
		c["RevisionId"] = f.Revision
	}
	if f.LastModified != "" {
		c["LastModified"] = f.LastModified
	}
	if f.Timeout == 0 {
		c["Timeout"] = 3
	}
	if f.MemorySize == 0 {
		c["MemorySize"] = 128
	}
	tracing := "PassThrough"
	if f.Tracing != "" {
		tracing = f.Tracing
	}
	c["TracingConfig"] = map[string]any{"Mode": tracing}
	if len(f.Env) > 0 {
		c["Environment"] = map[string]any{"Variables": f.Env}
	}
	if f.KMSKey != "" {
		c["KMSKeyArn"] = f.KMSKey
	}
	if f.DeadLetter != "" {
		c["DeadLetterConfig"] = map[string]any{"TargetArn": f.DeadLetter}
	}
	if len(f.SubnetIDs) > 0 {
		c["VpcConfig"] = map[string]any{"SubnetIds": f.SubnetIDs, "SecurityGroupIds": f.SecurityGroupIDs, "VpcId": "vpc-0fake"}
	}
	var layers []map[string]any
	for _, l := range f.Layers {
		layers = append(layers, map[string]any{"Arn": l, "CodeSize": 1})
	}
	if layers != nil {
		c["Layers"] = layers
	}
	return c
}

// EmptyDefault makes every request no handler or fixture answers succeed
// with an empty answer in its protocol ("{}", an empty XML result), as an
// account with none of that resource would.
func (s *Server) EmptyDefault() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emptyDefault = true
}

func emptyAnswer(r *Request) Response {
	switch protocolOf(r.Service) {
	case protoQuery:
		return XML(r, "")
	case protoCBOR:
		return CBOR(map[string]any{})
	case protoRESTXML:
		return s3Empty(r)
	}
	return JSON(r, map[string]any{})
}

// Quota makes the server throttle an operation class the way AWS does:
// a token bucket of perSecond requests (burst as given) per region; a
// request finding it empty gets the service's throttling error. match
// picks the requests it covers ("lambda:GetPolicy" and the like, or a
// func for "every other Lambda call").
func (s *Server) Quota(match func(service, op string) bool, perSecond float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quotas = append(s.quotas, &quota{match: match, rate: perSecond, burst: burst, buckets: map[string]*rate.Limiter{}})
}

type quota struct {
	match   func(service, op string) bool
	rate    float64
	burst   int
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// allow takes a token for the request's region, or reports throttling.
func (q *quota) allow(region string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	b := q.buckets[region]
	if b == nil {
		b = rate.NewLimiter(rate.Limit(q.rate), q.burst)
		q.buckets[region] = b
	}
	return b.Allow()
}

// Throttled returns how many requests the quotas refused.
func (s *Server) Throttled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttled
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
