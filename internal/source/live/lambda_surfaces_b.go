package live

import (
	"context"
	"runtime/debug"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The per-function reads of inventory/surfaces_b.go. ListFunctions
// already returns the logging configuration and the runtime version in
// use; the recursion setting and the runtime update mode take one call
// each (the second only for functions on a Lambda-managed runtime: an
// image brings its own).
// https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionRecursionConfig.html
// https://docs.aws.amazon.com/lambda/latest/api/API_GetRuntimeManagementConfig.html
var (
	opGetRecursionConfig = op(lambda.ServiceID, "GetFunctionRecursionConfig", "lambda:GetFunctionRecursionConfig",
		"whether Lambda stops the function when it detects a recursive loop (RecursiveLoop Allow or Terminate)", "LS708")
	opGetRuntimeManagement = op(lambda.ServiceID, "GetRuntimeManagementConfig", "lambda:GetRuntimeManagementConfig",
		"the runtime update mode (Auto, FunctionUpdate, Manual) and the pinned runtime version of functions on a Lambda-managed runtime", "LS506")
)

// lambdaSDK names the Lambda module (and its version, when the build
// records it) the collector is built with, for the gaps of operations that
// version does not have.
var lambdaSDK = sync.OnceValue(func() string {
	const path = "github.com/aws/aws-sdk-go-v2/service/lambda"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				return path + " " + d.Version
			}
		}
	}
	return path + " (the version this build uses)"
})

// configurationB maps the ListFunctions fields of surfaces_b.go: the
// logging configuration (the default log group /aws/lambda/NAME is kept
// as "") and the runtime version the function runs.
func configurationB(f *inventory.Function, c ltypes.FunctionConfiguration) {
	if l := c.LoggingConfig; l != nil {
		lc := &inventory.LoggingConfig{ApplicationLogLevel: string(l.ApplicationLogLevel), SystemLogLevel: string(l.SystemLogLevel),
			LogFormat: string(l.LogFormat), LogGroup: aws.ToString(l.LogGroup), Source: f.Source}
		if lc.LogGroup == "/aws/lambda/"+f.Name {
			lc.LogGroup = ""
		}
		f.Logging = lc
	}
	if v := c.RuntimeVersionConfig; v != nil && aws.ToString(v.RuntimeVersionArn) != "" {
		f.RuntimeManagement = &inventory.RuntimeManagement{InUseVersionARN: aws.ToString(v.RuntimeVersionArn), Source: f.Source}
	}
}

// detailsB reads a function's recursion setting and, for a function on a
// Lambda-managed runtime, its runtime update mode; a call that fails
// leaves a Gap for its field.
func (r *region) detailsB(ctx context.Context, client *lambda.Client, f *inventory.Function) {
	rc, err := client.GetFunctionRecursionConfig(ctx, &lambda.GetFunctionRecursionConfigInput{FunctionName: aws.String(f.Name)})
	if err != nil {
		gap(&f.Resource, call(opGetRecursionConfig), err, inventory.FieldRecursiveLoop)
	} else if rc.RecursiveLoop != "" {
		f.RecursiveLoop = &inventory.RecursionConfig{Loop: string(rc.RecursiveLoop), Source: f.Source}
	}
	if f.PackageType != "Zip" || f.Runtime == "" {
		return
	}
	rm, err := client.GetRuntimeManagementConfig(ctx, &lambda.GetRuntimeManagementConfigInput{FunctionName: aws.String(f.Name)})
	if err != nil {
		gap(&f.Resource, call(opGetRuntimeManagement), err, inventory.FieldRuntimeManagement)
		return
	}
	if f.RuntimeManagement == nil {
		f.RuntimeManagement = &inventory.RuntimeManagement{Source: f.Source}
	}
	f.RuntimeManagement.UpdateRuntimeOn = string(rm.UpdateRuntimeOn)
	f.RuntimeManagement.PinnedVersionARN = aws.ToString(rm.RuntimeVersionArn)
}

// reuseB carries the recursion setting and the runtime update mode of an
// unchanged function over from an earlier snapshot (collect --since),
// keeping the runtime version ListFunctions reports now.
func reuseB(old, f *inventory.Function) {
	f.RecursiveLoop = old.RecursiveLoop
	if old.RuntimeManagement == nil {
		return
	}
	rm := *old.RuntimeManagement
	rm.InUseVersionARN = ""
	if f.RuntimeManagement != nil {
		rm.InUseVersionARN = f.RuntimeManagement.InUseVersionARN
	}
	f.RuntimeManagement = &rm
}

// functionPublicAccessBlock records, once per region, that the functions'
// public-access settings were not read: the Lambda module the collector is
// built with has no GetPublicAccessBlockConfig operation, so LS123 says
// UNKNOWN with this reason rather than guess.
func (r *region) functionPublicAccessBlock() {
	r.add(func(e *inventory.Estate) {
		e.Gaps = append(e.Gaps, inventory.Gap{Field: inventory.FieldFunctionPublicAccessBlock + " in " + r.name, Kind: inventory.GapSkipped, Region: r.name,
			Call:   "lambda:GetPublicAccessBlockConfig",
			Reason: "lambda:GetPublicAccessBlockConfig was not called: " + lambdaSDK() + " has no such operation, so the public-access settings of the functions could not be read"})
	})
}
