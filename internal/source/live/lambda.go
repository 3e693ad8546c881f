package live

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/secrets"
)

// Lambda operations and the quota bucket each falls in (see BucketOf).
// ListFunctions with FunctionVersion=ALL returns every function's
// configuration and every published version in one paginated listing;
// event source mappings and code-signing configs are listed account-wide
// rather than per function. What remains per function: GetFunction (its
// own 100/s bucket: reserved concurrency, tags, code location), GetPolicy
// per qualifier (15/s bucket), and ListAliases, ListFunctionUrlConfigs and
// — only for functions invoked asynchronously — ListFunctionEventInvokeConfigs
// in the shared 15/s control-plane bucket.
// https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
var (
	opListFunctions = op(lambda.ServiceID, "ListFunctions", "lambda:ListFunctions",
		"every function's configuration (runtime, role, environment, VPC, layers, tracing, DLQ) and its published versions (FunctionVersion=ALL)",
		"LS204", "LS301", "LS302", "LS401", "LS403", "LS405", "LS406", "LS407", "LS408", "LS501", "LS503", "LS504", "LS505", "LS506", "LS507", "LS601", "LS614", "LS615", "LS616", "LS702", "LS703", "LS704")
	opGetFunction = op(lambda.ServiceID, "GetFunction", "lambda:GetFunction",
		"reserved concurrency and tags (and, with --scan-code, the package's download URL)", "LS304", "LS701")
	opGetPolicy = op(lambda.ServiceID, "GetPolicy", "lambda:GetPolicy",
		"the resource-based policy of the function and of each alias and version", "LS101", "LS102", "LS103", "LS104", "LS703")
	opListAliases = op(lambda.ServiceID, "ListAliases", "lambda:ListAliases",
		"aliases, each with its own resource policy and URL; something to roll back to", "LS101", "LS503")
	opListURLs = op(lambda.ServiceID, "ListFunctionUrlConfigs", "lambda:ListFunctionUrlConfigs",
		"the function URLs of every qualifier with auth type, CORS and creation time", "LS104", "LS105", "LS121", "LS122")
	opListInvokeConfigs = op(lambda.ServiceID, "ListFunctionEventInvokeConfigs", "lambda:ListFunctionEventInvokeConfigs",
		"on-failure destinations of asynchronous invocation (asked only for functions invoked asynchronously)", "LS703")
	opListMappings = op(lambda.ServiceID, "ListEventSourceMappings", "lambda:ListEventSourceMappings",
		"event source mappings of the region (one listing for all functions): batch size, retries, bisect, destinations, filters, response types", "LS204", "LS703", "LS705", "LS706", "LS707")
	opListCSCs = op(lambda.ServiceID, "ListCodeSigningConfigs", "lambda:ListCodeSigningConfigs",
		"code-signing configs of the region and their policies", "LS502")
	opListFunctionsByCSC = op(lambda.ServiceID, "ListFunctionsByCodeSigningConfig", "lambda:ListFunctionsByCodeSigningConfig",
		"which functions each code-signing config covers (instead of one call per function)", "LS502")
	opListLayers = op(lambda.ServiceID, "ListLayers", "lambda:ListLayers",
		"the region's layers", "LS106")
	opListLayerVersions = op(lambda.ServiceID, "ListLayerVersions", "lambda:ListLayerVersions",
		"each layer's versions", "LS106", "LS505")
	opGetLayerPolicy = op(lambda.ServiceID, "GetLayerVersionPolicy", "lambda:GetLayerVersionPolicy",
		"who may use each layer version", "LS106")
	opAccountSettings = op(lambda.ServiceID, "GetAccountSettings", "lambda:GetAccountSettings",
		"the region's concurrency limit", "LS701")
)

// call names an operation in gaps and summaries ("lambda:GetPolicy").
func call(o Operation) string { return o.Key() }

// collectLambda reads the region's functions and everything Lambda keeps
// about them. started is called once the region answered (it is enabled);
// the result is false when the functions could not be listed.
func (r *region) collectLambda(ctx context.Context, started func()) bool {
	client := lambda.NewFromConfig(r.cfg)
	byARN := map[string]*inventory.Function{}
	var order []*inventory.Function
	versions := map[string][]string{}
	p := lambda.NewListFunctionsPaginator(client, &lambda.ListFunctionsInput{FunctionVersion: ltypes.FunctionVersionAll})
	first := true
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if first && isRegionDisabled(err) {
				r.disabled = true
				r.add(func(e *inventory.Estate) {
					e.Gaps = append(e.Gaps, inventory.Gap{Field: "region:" + r.name, Kind: inventory.GapSkipped, Region: r.name,
						Call: call(opListFunctions), Reason: "region " + r.name + " skipped: Lambda is not enabled there for this account (" + errorCode(err) + ")"})
				})
				return false
			}
			if first {
				started()
			}
			r.estateGap(call(opListFunctions), err, "functions")
			return false
		}
		if first {
			first = false
			started()
		}
		for _, c := range page.Functions {
			arn := aws.ToString(c.FunctionArn)
			v := aws.ToString(c.Version)
			if v != "" && v != "$LATEST" {
				base := strings.TrimSuffix(arn, ":"+v)
				versions[base] = append(versions[base], v)
				continue
			}
			f := r.function(c)
			if byARN[f.ARN] == nil {
				byARN[f.ARN] = f
				order = append(order, f)
			}
		}
	}
	if first {
		started()
	}
	for arn, vs := range versions {
		if f := byARN[arn]; f != nil {
			f.Versions = vs
		}
	}
	r.account.progress(0, len(order))
	r.functionPublicAccessBlock()

	var wg sync.WaitGroup
	for _, f := range []func(context.Context, *lambda.Client, map[string]*inventory.Function){
		r.eventSourceMappings, r.codeSigning, r.layers, r.accountSettings, r.capacityProviders,
	} {
		wg.Add(1)
		go func() { defer wg.Done(); f(ctx, client, byARN) }()
	}
	r.each(ctx, len(order), func(i int) {
		if old := r.since.function(order[i], r.opts.ScanCode); old != nil {
			r.since.reuse(old, order[i], r.opts.ScanCode)
		} else {
			r.functionDetails(ctx, client, order[i])
		}
		r.provisionedConcurrency(ctx, client, order[i])
		r.account.progress(1, 0)
	})
	wg.Wait()
	if r.cscApply != nil {
		r.cscApply()
	}
	r.fmu.Lock()
	r.functions = order
	r.fmu.Unlock()
	r.add(func(e *inventory.Estate) { e.Functions = append(e.Functions, order...) })
	return true
}

// function maps a ListFunctions entry to the model.
func (r *region) function(c ltypes.FunctionConfiguration) *inventory.Function {
	arn := aws.ToString(c.FunctionArn)
	f := &inventory.Function{
		Resource:     inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(c.FunctionName), Region: r.name, Source: inventory.Source{ARN: arn}},
		PackageType:  string(c.PackageType),
		Runtime:      string(c.Runtime),
		Handler:      aws.ToString(c.Handler),
		Role:         aws.ToString(c.Role),
		KMSKey:       aws.ToString(c.KMSKeyArn),
		Timeout:      int(aws.ToInt32(c.Timeout)),
		MemorySize:   int(aws.ToInt32(c.MemorySize)),
		RevisionID:   aws.ToString(c.RevisionId),
		LastModified: aws.ToString(c.LastModified),
	}
	for _, a := range c.Architectures {
		f.Architectures = append(f.Architectures, string(a))
	}
	if c.TracingConfig != nil && c.TracingConfig.Mode == ltypes.TracingModeActive {
		f.TracingMode = string(c.TracingConfig.Mode)
	}
	if c.Environment != nil {
		if c.Environment.Error != nil {
			// Lambda could not decrypt the variables (a KMS key it may not
			// use): the values are not there to judge.
			f.AddGap(inventory.FieldEnvironment, "Lambda could not read the environment: "+aws.ToString(c.Environment.Error.ErrorCode), call(opListFunctions))
		}
		names := make([]string, 0, len(c.Environment.Variables))
		for k := range c.Environment.Variables {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			f.Environment = append(f.Environment, envVar(k, c.Environment.Variables[k], f.Source))
		}
	}
	if c.VpcConfig != nil && aws.ToString(c.VpcConfig.VpcId) != "" {
		f.VPC = &inventory.VPCConfig{SubnetIDs: c.VpcConfig.SubnetIds, SecurityGroupIDs: c.VpcConfig.SecurityGroupIds,
			IPv6DualStack: aws.ToBool(c.VpcConfig.Ipv6AllowedForDualStack), Source: f.Source}
	}
	for _, l := range c.Layers {
		f.Layers = append(f.Layers, aws.ToString(l.Arn))
	}
	if c.DeadLetterConfig != nil {
		f.DeadLetterTarget = aws.ToString(c.DeadLetterConfig.TargetArn)
	}
	if f.PackageType == "" {
		f.PackageType = "Zip"
	}
	configurationB(f, c)
	functionSurfaces(f, c)
	return f
}

var envScanner = sync.OnceValues(secrets.Default)

// envVar maps a variable. A value the secret rules would call a secret is
// replaced by its fingerprint here, at collection, so that no snapshot
// ever holds it; the hit goes with the variable for the rules.
func envVar(name, value string, src inventory.Source) inventory.EnvVar {
	v := inventory.EnvVar{Name: name, Value: value, Source: src}
	s, err := envScanner()
	if err != nil {
		// Without the scanner the value cannot be judged safe to keep.
		v.Value = "(not kept: secret rules unavailable)"
		return v
	}
	if hits := s.EnvVar(name, value, ""); len(hits) > 0 {
		h := hits[0]
		v.Secret = &inventory.SecretHit{Detector: h.Detector, Description: h.Description, Critical: h.Critical, Fingerprint: h.Fingerprint, Where: name, Source: src}
		v.Value = "(redacted: " + h.Fingerprint + ")"
	}
	return v
}

// functionDetails reads what ListFunctions does not return for one
// function, recording a Gap for each call that fails.
func (r *region) functionDetails(ctx context.Context, client *lambda.Client, f *inventory.Function) {
	name := f.Name
	out, err := client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)})
	if err != nil {
		gap(&f.Resource, call(opGetFunction), err, inventory.FieldReservedConcurrency)
		if r.opts.ScanCode {
			gap(&f.Resource, call(opGetFunction), err, inventory.FieldCode)
		}
	} else {
		if out.Concurrency != nil && out.Concurrency.ReservedConcurrentExecutions != nil {
			n := int(*out.Concurrency.ReservedConcurrentExecutions)
			f.ReservedConcurrency = &n
		}
		if len(out.Tags) > 0 {
			f.Tags = out.Tags
		}
		if out.Code != nil {
			// The presigned package location is a credential for a few
			// minutes: it is used (--scan-code), never kept.
			f.Code = &inventory.Code{ImageURI: aws.ToString(out.Code.ImageUri), Source: f.Source}
			if r.opts.ScanCode && f.PackageType == "Zip" {
				r.scanPackage(ctx, f, aws.ToString(out.Code.Location))
			}
		}
	}

	// Aliases, then every qualifier's resource policy.
	qualifiers := []string{""}
	var aliases []inventory.Alias
	ap := lambda.NewListAliasesPaginator(client, &lambda.ListAliasesInput{FunctionName: aws.String(name)})
	for ap.HasMorePages() {
		page, err := ap.NextPage(ctx)
		if err != nil {
			gap(&f.Resource, call(opListAliases), err, inventory.FieldVersions)
			gap(&f.Resource, call(opListAliases), err, inventory.FieldPermissions)
			aliases = nil
			break
		}
		for _, a := range page.Aliases {
			aliases = append(aliases, inventory.Alias{Name: aws.ToString(a.Name), ARN: aws.ToString(a.AliasArn),
				FunctionVersion: aws.ToString(a.FunctionVersion), Source: inventory.Source{ARN: aws.ToString(a.AliasArn)}})
		}
	}
	f.Aliases = aliases
	for _, a := range aliases {
		qualifiers = append(qualifiers, a.Name)
	}
	qualifiers = append(qualifiers, f.Versions...)
	asyncUnknown := false
	for _, q := range qualifiers {
		in := &lambda.GetPolicyInput{FunctionName: aws.String(name)}
		if q != "" {
			in.Qualifier = aws.String(q)
		}
		pol, err := client.GetPolicy(ctx, in)
		switch {
		case isNotFound(err):
			continue // no resource policy
		case err != nil:
			gap(&f.Resource, call(opGetPolicy), err, inventory.FieldPermissions)
			asyncUnknown = true
			continue
		}
		src := f.Source
		if q != "" {
			src.ARN = f.ARN + ":" + q
		}
		f.Permissions = append(f.Permissions, inventory.ResourcePolicy{Qualifier: q,
			Policy: inventory.Policy{Name: "resource policy", Document: []byte(aws.ToString(pol.Policy)), Source: src}})
	}

	up := lambda.NewListFunctionUrlConfigsPaginator(client, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(name)})
	var urls []inventory.FunctionURL
	for up.HasMorePages() {
		page, err := up.NextPage(ctx)
		if err != nil {
			gap(&f.Resource, call(opListURLs), err, inventory.FieldURLs)
			urls = nil
			break
		}
		for _, u := range page.FunctionUrlConfigs {
			urls = append(urls, functionURL(f, u))
		}
	}
	f.URLs = urls
	r.detailsB(ctx, client, f)

	// Only a function something invokes asynchronously needs its
	// on-failure destination (LS703); when the policy could not be read,
	// that cannot be ruled out.
	if !asyncUnknown && !invokedAsync(f) {
		return
	}
	ip := lambda.NewListFunctionEventInvokeConfigsPaginator(client, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(name)})
	var configs []ltypes.FunctionEventInvokeConfig
	for ip.HasMorePages() {
		page, err := ip.NextPage(ctx)
		if err != nil {
			gap(&f.Resource, call(opListInvokeConfigs), err, inventory.FieldEventInvokeConfig)
			return
		}
		configs = append(configs, page.FunctionEventInvokeConfigs...)
	}
	f.Async = eventInvokeConfig(f, configs)
}

// eventInvokeConfig picks the configuration of the unqualified function
// ($LATEST) when there is one, else the first qualifier's.
func eventInvokeConfig(f *inventory.Function, configs []ltypes.FunctionEventInvokeConfig) *inventory.EventInvokeConfig {
	if len(configs) == 0 {
		return nil
	}
	sort.Slice(configs, func(i, j int) bool {
		return aws.ToString(configs[i].FunctionArn) < aws.ToString(configs[j].FunctionArn)
	})
	pick := configs[0]
	for _, c := range configs {
		if q := qualifierOf(aws.ToString(c.FunctionArn)); q == "" || q == "$LATEST" {
			pick = c
			break
		}
	}
	arn := aws.ToString(pick.FunctionArn)
	c := &inventory.EventInvokeConfig{Qualifier: qualifierOf(arn), Source: inventory.Source{ARN: arn}}
	if d := pick.DestinationConfig; d != nil {
		if d.OnFailure != nil {
			c.OnFailure = aws.ToString(d.OnFailure.Destination)
		}
		if d.OnSuccess != nil {
			c.OnSuccess = aws.ToString(d.OnSuccess.Destination)
		}
	}
	if pick.MaximumRetryAttempts != nil {
		n := int(*pick.MaximumRetryAttempts)
		c.MaximumRetryAttempts = &n
	}
	if pick.MaximumEventAgeInSeconds != nil {
		n := int(*pick.MaximumEventAgeInSeconds)
		c.MaximumEventAgeSecs = &n
	}
	return c
}

// splitFunctionARN splits a function ARN
// (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]) into the
// unqualified ARN and the qualifier ("" when there is none). ok is false,
// and unqualified is s, for anything that is not a function ARN.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html#versioning-versions-using
func splitFunctionARN(s string) (unqualified, qualifier string, ok bool) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "lambda" {
		return s, "", false
	}
	kind, rest, _ := strings.Cut(a.Resource, ":")
	if kind != "function" || rest == "" {
		return s, "", false
	}
	name, qualifier, _ := strings.Cut(rest, ":")
	a.Resource = "function:" + name
	return a.String(), qualifier, true
}

// qualifierOf returns the qualifier of a function ARN, or "".
func qualifierOf(s string) string {
	_, q, _ := splitFunctionARN(s)
	return q
}

// unqualified strips the qualifier from a function ARN; it returns
// anything else as it is.
func unqualified(s string) string {
	u, _, _ := splitFunctionARN(s)
	return u
}

func functionURL(f *inventory.Function, u ltypes.FunctionUrlConfig) inventory.FunctionURL {
	arn := aws.ToString(u.FunctionArn)
	out := inventory.FunctionURL{Qualifier: qualifierOf(arn), AuthType: string(u.AuthType), URL: aws.ToString(u.FunctionUrl),
		InvokeMode: string(u.InvokeMode), CreationTime: aws.ToString(u.CreationTime), Source: inventory.Source{ARN: arn}}
	if c := u.Cors; c != nil {
		out.CORS = &inventory.CORS{AllowOrigins: c.AllowOrigins, AllowMethods: c.AllowMethods, AllowHeaders: c.AllowHeaders,
			AllowCredentials: aws.ToBool(c.AllowCredentials), Source: out.Source}
	}
	return out
}

// invokedAsync reports whether a function's resource policies let a
// service that invokes asynchronously (S3, SNS, EventBridge...) invoke it.
func invokedAsync(f *inventory.Function) bool {
	for _, rp := range f.Permissions {
		pol, err := iampolicy.Parse(rp.Policy.Document)
		if err != nil {
			return true // cannot be ruled out
		}
		for _, st := range pol.Statements {
			if st.Effect != iampolicy.Allow || st.Principal == nil {
				continue
			}
			for _, svc := range st.Principal.Service {
				if _, ok := inventory.AsyncInvoker(svc); ok {
					return true
				}
			}
		}
	}
	return false
}

// eventSourceMappings lists the region's mappings once and ties each to
// its function.
func (r *region) eventSourceMappings(ctx context.Context, client *lambda.Client, byARN map[string]*inventory.Function) {
	p := lambda.NewListEventSourceMappingsPaginator(client, &lambda.ListEventSourceMappingsInput{})
	var out []*inventory.Trigger
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opListMappings), err, "event source mappings")
			return
		}
		for _, m := range page.EventSourceMappings {
			fn := aws.ToString(m.FunctionArn)
			f := byARN[unqualified(fn)]
			if f == nil {
				continue
			}
			arn := aws.ToString(m.EventSourceMappingArn)
			if arn == "" {
				arn = aws.ToString(m.UUID)
			}
			src := aws.ToString(m.EventSourceArn)
			t := &inventory.Trigger{
				Resource: inventory.Resource{ID: arn, ARN: aws.ToString(m.EventSourceMappingArn), Name: aws.ToString(m.UUID), Region: r.name, Source: inventory.Source{ARN: arn}},
				Type:     inventory.TriggerTypeOf(src), Function: f.ID, Qualifier: qualifierOf(fn), SourceARN: src, Mapping: true,
			}
			if m.SelfManagedEventSource != nil {
				t.Type = inventory.TriggerKafka
			}
			switch aws.ToString(m.State) {
			case "Enabled", "Enabling", "Updating", "Creating":
				t.Enabled = true
			}
			if m.DestinationConfig != nil && m.DestinationConfig.OnFailure != nil {
				t.OnFailure = aws.ToString(m.DestinationConfig.OnFailure.Destination)
			}
			mappingSettings(t, m)
			out = append(out, t)
		}
	}
	r.add(func(e *inventory.Estate) { e.Triggers = append(e.Triggers, out...) })
}

// codeSigning lists the region's code-signing configs and the functions
// each covers: two listings instead of one call per function.
func (r *region) codeSigning(ctx context.Context, client *lambda.Client, byARN map[string]*inventory.Function) {
	var configs []*inventory.CodeSigningConfig
	covered := map[string]string{} // function ARN -> config ID
	failed := func(c string, err error) {
		// Which functions a config covers is unknown: none of the
		// functions can be said to be unsigned.
		r.cscApply = func() {
			for _, f := range byARN {
				gap(&f.Resource, c, err, inventory.FieldCodeSigning)
			}
		}
	}
	p := lambda.NewListCodeSigningConfigsPaginator(client, &lambda.ListCodeSigningConfigsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			failed(call(opListCSCs), err)
			return
		}
		for _, c := range page.CodeSigningConfigs {
			arn := aws.ToString(c.CodeSigningConfigArn)
			csc := &inventory.CodeSigningConfig{Resource: inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(c.CodeSigningConfigId), Region: r.name, Source: inventory.Source{ARN: arn}}}
			if c.AllowedPublishers != nil {
				csc.SigningProfiles = c.AllowedPublishers.SigningProfileVersionArns
			}
			if c.CodeSigningPolicies != nil {
				csc.UntrustedArtifactOnDeployment = string(c.CodeSigningPolicies.UntrustedArtifactOnDeployment)
			}
			configs = append(configs, csc)
		}
	}
	r.add(func(e *inventory.Estate) { e.CodeSigningConfigs = append(e.CodeSigningConfigs, configs...) })
	for _, csc := range configs {
		fp := lambda.NewListFunctionsByCodeSigningConfigPaginator(client, &lambda.ListFunctionsByCodeSigningConfigInput{CodeSigningConfigArn: aws.String(csc.ARN)})
		for fp.HasMorePages() {
			page, err := fp.NextPage(ctx)
			if err != nil {
				failed(call(opListFunctionsByCSC), err)
				return
			}
			for _, fn := range page.FunctionArns {
				covered[unqualified(fn)] = csc.ID
			}
		}
	}
	r.cscApply = func() {
		for arn, id := range covered {
			if f := byARN[arn]; f != nil {
				f.CodeSigningConfig = id
			}
		}
	}
}

// layers reads the region's own layers, their versions and who may use
// each version.
func (r *region) layers(ctx context.Context, client *lambda.Client, _ map[string]*inventory.Function) {
	var names []string
	p := lambda.NewListLayersPaginator(client, &lambda.ListLayersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opListLayers), err, "layers")
			return
		}
		for _, l := range page.Layers {
			names = append(names, aws.ToString(l.LayerName))
		}
	}
	var mu sync.Mutex
	var out []*inventory.Layer
	r.each(ctx, len(names), func(i int) {
		name := names[i]
		vp := lambda.NewListLayerVersionsPaginator(client, &lambda.ListLayerVersionsInput{LayerName: aws.String(name)})
		for vp.HasMorePages() {
			page, err := vp.NextPage(ctx)
			if err != nil {
				r.estateGap(call(opListLayerVersions), err, "versions of layer "+name)
				return
			}
			for _, v := range page.LayerVersions {
				arn := aws.ToString(v.LayerVersionArn)
				l := &inventory.Layer{Resource: inventory.Resource{ID: arn, ARN: arn, Name: name, Region: r.name, Source: inventory.Source{ARN: arn}},
					Version: strconv.FormatInt(v.Version, 10)}
				for _, rt := range v.CompatibleRuntimes {
					l.CompatibleRuntimes = append(l.CompatibleRuntimes, string(rt))
				}
				pol, err := client.GetLayerVersionPolicy(ctx, &lambda.GetLayerVersionPolicyInput{LayerName: aws.String(name), VersionNumber: aws.Int64(v.Version)})
				switch {
				case isNotFound(err):
				case err != nil:
					gap(&l.Resource, call(opGetLayerPolicy), err, inventory.FieldPermissions)
				default:
					l.Policy = &inventory.Policy{Name: "layer version policy", Document: []byte(aws.ToString(pol.Policy)), Source: l.Source}
				}
				mu.Lock()
				out = append(out, l)
				mu.Unlock()
			}
		}
	})
	r.add(func(e *inventory.Estate) { e.Layers = append(e.Layers, out...) })
}

// accountSettings reads the region's Lambda account settings.
func (r *region) accountSettings(ctx context.Context, client *lambda.Client, _ map[string]*inventory.Function) {
	s := r.settings()
	out, err := client.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
	r.add(func(*inventory.Estate) {
		if err != nil {
			gap(&s.Resource, call(opAccountSettings), err, "concurrentExecutions")
			return
		}
		if out.AccountLimit != nil {
			n := int(out.AccountLimit.ConcurrentExecutions)
			s.ConcurrentExecutions = &n
		}
	})
}

// settings returns the region's RegionSettings, creating it once. Callers
// change it under the account lock (r.add).
func (r *region) settings() *inventory.RegionSettings {
	r.mu.Lock()
	defer r.mu.Unlock()
	id := r.arn("lambdasec", r.id, "settings")
	for _, s := range r.est.Settings {
		if s.ID == id {
			return s
		}
	}
	s := &inventory.RegionSettings{Resource: inventory.Resource{ID: id, Name: r.name + " settings", Region: r.name, Source: inventory.Source{ARN: id}}}
	r.est.Settings = append(r.est.Settings, s)
	return s
}

// scanPackage downloads a function's package from its presigned URL (at
// most CodeLimits.MaxPackage bytes, in memory) and scans it for secrets.
func (r *region) scanPackage(ctx context.Context, f *inventory.Function, location string) {
	if location == "" {
		f.AddGap(inventory.FieldCode, "GetFunction gave no package location", call(opGetFunction))
		return
	}
	s, err := envScanner()
	if err != nil {
		f.AddGap(inventory.FieldCode, "secret rules unavailable: "+err.Error(), "")
		return
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, location, nil)
	if err != nil {
		f.AddGap(inventory.FieldCode, "bad package location", call(opGetFunction))
		return
	}
	// The configuration's client: its proxy and TLS settings, and the
	// attempt timeout (which bounds the whole download).
	resp, err := r.cfg.HTTPClient.Do(req)
	if err != nil {
		f.AddGap(inventory.FieldCode, "package download failed: "+err.Error(), "")
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		f.AddGap(inventory.FieldCode, fmt.Sprintf("package download answered HTTP %d", resp.StatusCode), "")
		return
	}
	max := r.opts.CodeLimits.MaxPackage
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		f.AddGap(inventory.FieldCode, "package download failed: "+err.Error(), "")
		return
	}
	if int64(len(data)) > max {
		f.AddGap(inventory.FieldCode, fmt.Sprintf("package larger than %d MiB, not scanned", max>>20), "")
		return
	}
	res := s.Zip(f.Name+".zip", data, r.opts.CodeLimits)
	cs := &inventory.CodeScan{Files: res.Files, Bytes: res.Bytes, Problems: res.Problems}
	for _, h := range res.Hits {
		cs.Hits = append(cs.Hits, inventory.SecretHit{Detector: h.Detector, Description: h.Description, Critical: h.Critical,
			Fingerprint: h.Fingerprint, Where: h.File, Source: inventory.Source{File: f.ARN + "!/" + h.File, Line: h.Line, Column: h.Column}})
	}
	f.CodeScan = cs
}
