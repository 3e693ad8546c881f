package live

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// deniedCodes are the error codes with which AWS services refuse a caller
// that lacks a permission.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
var deniedCodes = map[string]bool{
	"AccessDenied":                true,
	"AccessDeniedException":       true,
	"UnauthorizedOperation":       true, // EC2
	"UnauthorizedException":       true,
	"AuthorizationError":          true, // SNS
	"Forbidden":                   true,
	"ForbiddenException":          true,
	"AuthorizationErrorException": true,
}

// throttleCodes are the codes of throttling errors across services.
var throttleCodes = map[string]bool{
	"Throttling":                             true,
	"ThrottlingException":                    true,
	"ThrottledException":                     true,
	"TooManyRequestsException":               true,
	"RequestLimitExceeded":                   true, // EC2
	"RequestThrottled":                       true,
	"RequestThrottledException":              true,
	"ProvisionedThroughputExceededException": true,
	"SlowDown":                               true,
}

// regionDisabledCodes are what a region that is not enabled for the
// account answers: its STS does not know the credentials.
// https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
var regionDisabledCodes = map[string]bool{
	"UnrecognizedClientException": true,
	"InvalidClientTokenId":        true,
	"AuthFailure":                 true,
	"OptInRequired":               true,
}

// errorCode returns the AWS error code of err, or "".
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// TimeLimitError is why a collection stopped before reading everything:
// it reached Options.MaxDuration. Calls still outstanding then fail with
// an error that wraps it, and become gaps of kind timeout.
type TimeLimitError struct {
	Limit time.Duration
}

func (e *TimeLimitError) Error() string {
	return fmt.Sprintf("the collection reached its time limit of %s", e.Limit)
}

// timeLimited marks err as caused by the collection's time limit when ctx
// ended because of it (the SDK reports a plain context error, or a failed
// sleep between retries).
func timeLimited(ctx context.Context, err error) error {
	var tl *TimeLimitError
	if err == nil || !errors.As(context.Cause(ctx), &tl) || errors.As(err, &tl) {
		return err
	}
	return fmt.Errorf("%w: %w", tl, err)
}

// wireFormats names what each service answers in, for a response the SDK
// could not decode. CloudWatch speaks Smithy RPC v2 CBOR:
// https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html
var wireFormats = map[string]string{
	"cloudwatch": "CBOR (Smithy RPC v2)",
	"iam":        "XML", "sts": "XML", "ec2": "XML", "elasticloadbalancing": "XML",
}

// classify returns the Gap kind of a failed call and a reason for a
// finding: "lambda:GetPolicy was denied (AccessDeniedException)".
func classify(call string, err error) (kind, reason string) {
	code := errorCode(err)
	var ne net.Error
	var tl *TimeLimitError
	var de *smithy.DeserializationError
	switch {
	case errors.As(err, &tl):
		return inventory.GapTimeout, call + " not read: " + tl.Error()
	case code == "" && errors.As(err, &de):
		// The answer was not what the service speaks: a proxy, a captive
		// portal or an incomplete AWS-compatible endpoint answered.
		svc, _, _ := strings.Cut(call, ":")
		format := wireFormats[svc]
		if format == "" {
			format = "JSON"
		}
		detail := "no detail"
		if de.Err != nil {
			detail = de.Err.Error()
		}
		return inventory.GapFailed, fmt.Sprintf("%s failed: the response was not the %s the SDK expected (a proxy or an AWS-compatible endpoint may have answered instead of AWS; decoder: %s)", call, format, detail)
	case deniedCodes[code]:
		return inventory.GapDenied, call + " was denied (" + code + ")"
	case throttleCodes[code]:
		return inventory.GapThrottled, call + " was still throttled after every retry (" + code + ")"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return inventory.GapTimeout, call + " timed out after every retry"
	case code != "":
		return inventory.GapFailed, call + " failed (" + code + ")"
	}
	var me *retry.MaxAttemptsError
	if errors.As(err, &me) {
		return inventory.GapFailed, call + " failed after every retry"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && len(msg)-i < 120 {
		msg = msg[i+2:]
	}
	return inventory.GapFailed, call + " failed (" + msg + ")"
}

// isNotFound reports whether err says the thing asked for does not exist
// (a function with no resource policy answers GetPolicy so).
func isNotFound(err error) bool {
	switch errorCode(err) {
	case "ResourceNotFoundException", "NotFoundException", "NoSuchEntity", "ResourceNotFound":
		return true
	}
	return false
}

// isRegionDisabled reports whether err says the region is not enabled
// for the account.
func isRegionDisabled(err error) bool { return regionDisabledCodes[errorCode(err)] }
