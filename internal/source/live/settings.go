package live

import (
	"context"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	i2types "github.com/aws/aws-sdk-go-v2/service/inspector2/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// The detection services of a region: AWS Config recording, Amazon
// Inspector scanning of Lambda functions (packages and code), and
// GuardDuty Lambda Protection (network activity logs).
// https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html
// https://docs.aws.amazon.com/inspector/v2/APIReference/API_BatchGetAccountStatus.html
// https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListDetectors.html
// https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html
var (
	opConfigRecorderStatus = op(configservice.ServiceID, "DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorderStatus",
		"whether AWS Config is recording in the region", "LS611")
	opInspectorStatus = op(inspector2.ServiceID, "BatchGetAccountStatus", "inspector2:BatchGetAccountStatus",
		"whether Amazon Inspector scans the region's Lambda functions and their code", "LS612")
	opListDetectors = op(guardduty.ServiceID, "ListDetectors", "guardduty:ListDetectors",
		"the region's GuardDuty detector", "LS613")
	opGetDetector = op(guardduty.ServiceID, "GetDetector", "guardduty:GetDetector",
		"whether GuardDuty Lambda Protection (LAMBDA_NETWORK_LOGS) is on", "LS613")
)

// Gap fields of RegionSettings (its JSON names).
const (
	fieldConfigRecorder      = "configRecorder"
	fieldGuardDutyLambda     = "guardDutyLambda"
	fieldInspectorLambda     = "inspectorLambda"
	fieldInspectorLambdaCode = "inspectorLambdaCode"
)

// collectSettings reads the region's detection settings into its
// RegionSettings; a call that fails leaves its setting nil with a Gap.
func (r *region) collectSettings(ctx context.Context) {
	var wg sync.WaitGroup
	for _, f := range []func(context.Context, *inventory.RegionSettings){r.configRecorder, r.inspector, r.guardDuty} {
		wg.Add(1)
		go func() { defer wg.Done(); f(ctx, r.settings()) }()
	}
	wg.Wait()
}

// configRecorder: recording when any configuration recorder of the region
// is recording; a region without one is not.
func (r *region) configRecorder(ctx context.Context, s *inventory.RegionSettings) {
	out, err := configservice.NewFromConfig(r.cfg).DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	r.add(func(*inventory.Estate) {
		if err != nil {
			gap(&s.Resource, call(opConfigRecorderStatus), err, fieldConfigRecorder)
			return
		}
		recording := false
		for _, st := range out.ConfigurationRecordersStatus {
			recording = recording || st.Recording
		}
		s.ConfigRecorder = &recording
	})
}

// inspector reads whether Inspector scans Lambda functions (standard
// scanning) and their code (code scanning) for this account.
func (r *region) inspector(ctx context.Context, s *inventory.RegionSettings) {
	out, err := inspector2.NewFromConfig(r.cfg).BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{r.id}})
	r.add(func(*inventory.Estate) {
		if err != nil {
			gap(&s.Resource, call(opInspectorStatus), err, fieldInspectorLambda, fieldInspectorLambdaCode)
			return
		}
		for _, a := range out.Accounts {
			if aws.ToString(a.AccountId) != r.id {
				continue
			}
			fns, code := false, false
			if rs := a.ResourceState; rs != nil {
				fns = inspectorEnabled(rs.Lambda)
				code = inspectorEnabled(rs.LambdaCode)
			}
			s.InspectorLambda, s.InspectorLambdaCode = &fns, &code
			return
		}
		reason := call(opInspectorStatus) + " returned no status for account " + r.id
		for _, f := range out.FailedAccounts {
			if aws.ToString(f.AccountId) == r.id {
				reason = call(opInspectorStatus) + " failed for account " + r.id + " (" + string(f.ErrorCode) + ")"
			}
		}
		for _, field := range []string{fieldInspectorLambda, fieldInspectorLambdaCode} {
			s.Gaps = appendGap(s.Gaps, inventory.Gap{Field: field, Reason: reason, Call: call(opInspectorStatus), Kind: inventory.GapFailed})
		}
	})
}

// inspectorEnabled reports whether a scan type is ENABLED (not ENABLING,
// DISABLING, SUSPENDED...).
func inspectorEnabled(st *i2types.State) bool {
	return st != nil && st.Status == i2types.StatusEnabled
}

// guardDuty reads whether the region's detector is enabled with Lambda
// Protection on; a region without a detector has it off.
func (r *region) guardDuty(ctx context.Context, s *inventory.RegionSettings) {
	client := guardduty.NewFromConfig(r.cfg)
	fail := func(c string, err error) {
		r.add(func(*inventory.Estate) { gap(&s.Resource, c, err, fieldGuardDutyLambda) })
	}
	var ids []string
	p := guardduty.NewListDetectorsPaginator(client, &guardduty.ListDetectorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			fail(call(opListDetectors), err)
			return
		}
		ids = append(ids, page.DetectorIds...)
	}
	sort.Strings(ids)
	enabled := false
	for _, id := range ids {
		d, err := client.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		switch {
		case isNotFound(err):
			continue
		case err != nil:
			fail(call(opGetDetector), err)
			return
		}
		enabled = enabled || lambdaProtection(d)
	}
	r.add(func(*inventory.Estate) { s.GuardDutyLambda = &enabled })
}

// lambdaProtection reports whether a detector is enabled with its
// LAMBDA_NETWORK_LOGS feature on.
// https://docs.aws.amazon.com/guardduty/latest/ug/lambda-protection.html
func lambdaProtection(d *guardduty.GetDetectorOutput) bool {
	if d.Status != gdtypes.DetectorStatusEnabled {
		return false
	}
	for _, f := range d.Features {
		if f.Name == gdtypes.DetectorFeatureResultLambdaNetworkLogs && f.Status == gdtypes.FeatureStatusEnabled {
			return true
		}
	}
	return false
}
