package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Checks of single function settings: code integrity, versions, tracing,
// concurrency, timeout, failure handling, environment encryption.

var noCodeSigning = &Rule{
	ID:       "LS502",
	Name:     "code-signing-not-enforced",
	Severity: Medium,
	Title:    "Function code signing is missing or only warns",
	Description: "The function has no code-signing configuration, or its configuration's " +
		"UntrustedArtifactOnDeployment policy is Warn (AWS's default), so code that is not signed by an " +
		"allowed signing profile is still deployed. Code signing does not apply to container images.",
	Remediation: Remediation{
		Text:           "Create an AWS Signer profile, a code-signing config with UntrustedArtifactOnDeployment: Enforce, and attach it to the function.",
		CLI:            "aws lambda create-code-signing-config --allowed-publishers SigningProfileVersionArns=ARN --code-signing-policies UntrustedArtifactOnDeployment=Enforce",
		CloudFormation: "AWS::Lambda::CodeSigningConfig CodeSigningPolicies.UntrustedArtifactOnDeployment: Enforce; function CodeSigningConfigArn.",
		Terraform:      "aws_lambda_code_signing_config policies { untrusted_artifact_on_deployment = \"Enforce\" }; aws_lambda_function code_signing_config_arn.",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-3"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if f.PackageType == "Image" {
				return false
			}
			if gapUnknown(f, inventory.FieldCodeSigning, res) {
				return true
			}
			if f.CodeSigningConfig == "" {
				res.fail(f.Label() + " has no code-signing configuration")
				return true
			}
			csc := in.Index.CodeSigningConfig(f.CodeSigningConfig)
			if csc == nil {
				res.unknown("code-signing config " + inventory.Describe(f.CodeSigningConfig) + " is not in the estate, so its policy cannot be read")
				return true
			}
			res.Evidence = []Evidence{{Label: "UntrustedArtifactOnDeployment", Value: csc.UntrustedArtifactOnDeployment, Source: csc.Source}}
			if csc.UntrustedArtifactOnDeployment == "Enforce" {
				res.pass("code signing is enforced")
			} else {
				res.fail(f.Label() + " has code signing with UntrustedArtifactOnDeployment Warn: unsigned code is still deployed")
			}
			return true
		})
	},
}

var noVersions = &Rule{
	ID:       "LS503",
	Name:     "no-versions",
	Severity: Low,
	Title:    "Function has no published versions or aliases to roll back to",
	Description: "Every deployment replaces $LATEST in place. Without published versions and an alias " +
		"that callers use, a bad or malicious change cannot be rolled back quickly, and there is no " +
		"record of what code ran when.",
	Remediation: Remediation{
		Text:           "Publish versions on each deployment and point callers at an alias (SAM: AutoPublishAlias).",
		CLI:            "aws lambda publish-version --function-name NAME && aws lambda create-alias --function-name NAME --name live --function-version 1",
		CloudFormation: "SAM: AutoPublishAlias: live; or AWS::Lambda::Version and AWS::Lambda::Alias.",
		Terraform:      "aws_lambda_function publish = true; aws_lambda_alias.",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html"},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldVersions, res) {
				return true
			}
			if len(f.Versions) > 0 || len(f.Aliases) > 0 {
				res.pass(fmt.Sprintf("%d published versions, %d aliases", len(f.Versions), len(f.Aliases)))
			} else {
				res.fail(f.Label() + " has no published version or alias")
			}
			return true
		})
	},
}

var tracingInactive = &Rule{
	ID:       "LS601",
	Name:     "tracing-not-active",
	Severity: Low,
	Title:    "Function does not use X-Ray active tracing",
	Description: "Without active tracing, requests through the function are not traced end to end, which " +
		"slows down both debugging and the investigation of an incident.",
	Remediation: Remediation{
		Text:           "Turn on active tracing (the role needs xray:PutTraceSegments; SAM adds it).",
		CLI:            "aws lambda update-function-configuration --function-name NAME --tracing-config Mode=Active",
		CloudFormation: "TracingConfig: {Mode: Active} (SAM: Tracing: Active)",
		Terraform:      "tracing_config { mode = \"Active\" }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-7",
	},
	Compliance: []Compliance{{"AWS FSBP", "Lambda.7"}, {"OWASP Serverless Top 10", "SAS-5"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldTracing, res) {
				return true
			}
			if f.TracingMode == "Active" {
				res.pass("active tracing is on")
			} else {
				mode := f.TracingMode
				if mode == "" {
					mode = "PassThrough (default)"
				}
				res.fail(f.Label() + " tracing mode is " + mode)
			}
			return true
		})
	},
}

var noReservedConcurrency = &Rule{
	ID:       "LS701",
	Name:     "no-reserved-concurrency",
	Severity: Low,
	Title:    "Function has no reserved concurrency (denial of wallet)",
	Description: "Without reserved concurrency the function can scale to the whole account's concurrency: " +
		"a flood of events runs up the bill (denial of wallet) and starves every other function in the " +
		"region of concurrency.",
	Remediation: Remediation{
		Text:           "Reserve a concurrency that covers the expected peak.",
		CLI:            "aws lambda put-function-concurrency --function-name NAME --reserved-concurrent-executions 50",
		CloudFormation: "ReservedConcurrentExecutions: 50",
		Terraform:      "reserved_concurrent_executions = 50",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-8"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldReservedConcurrency, res) {
				return true
			}
			switch {
			case f.ReservedConcurrency == nil:
				res.fail(f.Label() + " has no reserved concurrency")
			case *f.ReservedConcurrency == 0:
				res.pass("reserved concurrency is 0: the function is switched off")
			default:
				res.pass(fmt.Sprintf("reserved concurrency %d", *f.ReservedConcurrency))
			}
			return true
		})
	},
}

var maxTimeout = &Rule{
	ID:       "LS702",
	Name:     "timeout-maximum",
	Severity: Low,
	Title:    "Function timeout is the 900-second maximum",
	Description: "A 15-minute timeout lets a hung or abused invocation run, and bill, for as long as Lambda " +
		"allows. Most functions need seconds; set the timeout just above the real worst case.",
	Remediation: Remediation{
		Text:           "Lower the timeout to just above the function's real worst case.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --timeout 30",
		CloudFormation: "Timeout: 30",
		Terraform:      "timeout = 30",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-8"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldTimeout, res) {
				return true
			}
			t := f.Timeout
			if t == 0 {
				t = 3
			}
			if t >= 900 {
				res.fail(f.Label() + " times out only after 900 seconds")
			} else {
				res.pass(fmt.Sprintf("timeout %d seconds", t))
			}
			res.Evidence = []Evidence{{Label: "timeout", Value: fmt.Sprintf("%ds", t)}}
			return true
		})
	},
}

var asyncNoDLQ = &Rule{
	ID:       "LS703",
	Name:     "async-no-failure-destination",
	Severity: Medium,
	Title:    "Function invoked asynchronously has no dead-letter queue or on-failure destination",
	Description: "S3, SNS, EventBridge, schedules, CloudWatch Logs and IoT invoke functions asynchronously. " +
		"After the retries, a failed event is dropped unless the function has a dead-letter queue or an " +
		"on-failure destination: data is lost silently, and an attacker who makes the function fail " +
		"leaves no trace of the events.",
	Remediation: Remediation{
		Text:           "Add an on-failure destination (SQS, SNS, EventBridge, Lambda or S3) or a dead-letter queue.",
		CLI:            "aws lambda put-function-event-invoke-config --function-name NAME --destination-config OnFailure={Destination=QUEUE_ARN}",
		CloudFormation: "AWS::Lambda::EventInvokeConfig DestinationConfig.OnFailure.Destination (SAM: EventInvokeConfig or DeadLetterQueue).",
		Terraform:      "aws_lambda_function_event_invoke_config destination_config { on_failure { destination = aws_sqs_queue.dlq.arn } }",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-10"}},
	Check:      checkAsyncNoDLQ,
}

// checkAsyncNoDLQ judges every function: one invoked asynchronously (by a
// trigger of the estate, or by a service its resource policy admits) must
// keep its failed events; one with no asynchronous invoker passes, saying
// so, since silence is not an answer; one whose policy could not be read
// is UNKNOWN, since an asynchronous invoker cannot be ruled out.
func checkAsyncNoDLQ(in *Input) []Result {
	async, unsure := asyncInvokers(in)
	return eachFunction(in, func(f *inventory.Function, res *Result) bool {
		types := async[f.ID]
		if len(types) == 0 {
			noAsyncInvoker(in, f, unsure[f.ID], res)
			return true
		}
		slices.Sort(types)
		types = slices.Compact(types)
		res.Evidence = []Evidence{{Label: "asynchronous triggers", Value: strings.Join(types, ", ")}}
		switch {
		case gapUnknown(f, inventory.FieldDeadLetter, res), gapUnknown(f, inventory.FieldEventInvokeConfig, res):
		case f.DeadLetterTarget != "":
			res.pass("dead-letter queue " + inventory.Describe(f.DeadLetterTarget))
		case f.Async != nil && f.Async.OnFailure != "":
			res.pass("on-failure destination " + inventory.Describe(f.Async.OnFailure))
		default:
			res.fail(fmt.Sprintf("%s is invoked asynchronously (%s) and failed events are dropped: no dead-letter queue or on-failure destination", f.Label(), strings.Join(types, ", ")))
		}
		return true
	})
}

// asyncInvokers finds, per function ID, the types of what invokes it
// asynchronously: triggers of the estate, and services its resource
// policy admits (S3, SNS, EventBridge... invoke asynchronously whether or
// not the source's side of the wiring is in the estate). unsure says, per
// function ID, why an asynchronous invoker cannot be ruled out.
func asyncInvokers(in *Input) (async map[string][]string, unsure map[string]string) {
	async, unsure = map[string][]string{}, map[string]string{}
	for _, t := range in.Estate.Triggers {
		if t.Async {
			if f := in.Index.Function(t.Function); f != nil {
				async[f.ID] = append(async[f.ID], t.Type)
			}
		}
	}
	for _, f := range in.Estate.Functions {
		for i := range f.Permissions {
			rp := &f.Permissions[i]
			pol, err := in.Policy(&rp.Policy)
			if err != nil {
				unsure[f.ID] = fmt.Sprintf("the resource policy of %s does not parse: %v", qualified(f, rp.Qualifier), err)
				continue
			}
			for _, st := range pol.Statements {
				if st.Effect != iampolicy.Allow || st.Principal == nil {
					continue
				}
				for _, svc := range st.Principal.Service {
					if typ, ok := inventory.AsyncInvoker(svc); ok {
						async[f.ID] = append(async[f.ID], typ)
					} else if inventory.IsUnresolved(svc) {
						unsure[f.ID] = "a permission's service principal cannot be resolved: " + inventory.Describe(svc)
					}
				}
			}
		}
	}
	return async, unsure
}

// noAsyncInvoker judges a function with no asynchronous invoker seen: a
// PASS, unless its resource policy could not be read or judged (unsure).
func noAsyncInvoker(in *Input, f *inventory.Function, unsure string, res *Result) {
	const cannot = "whether something invokes %s asynchronously cannot be told: %s"
	switch {
	case gapUnknown(f, inventory.FieldPermissions, res):
		res.Message = fmt.Sprintf(cannot, f.Label(), res.Message)
	case unsure != "":
		res.unknown(fmt.Sprintf(cannot, f.Label(), unsure))
	case in.Estate.Kind == inventory.KindAccount:
		res.pass("no asynchronous invoker: no statement of the resource policy lets S3, SNS, EventBridge, a schedule, CloudWatch Logs, IoT or another asynchronous service invoke the function")
	default:
		res.pass("no asynchronous invoker in this estate")
	}
}

var envNoCMK = &Rule{
	ID:       "LS301",
	Name:     "env-without-cmk",
	Severity: Low,
	Title:    "Environment variables are not encrypted with a customer managed KMS key",
	Description: "The function has environment variables encrypted only with the AWS managed key " +
		"(aws/lambda): anyone who may read the function's configuration sees them in clear, and key " +
		"use cannot be restricted or audited separately. Live, the key a function names is checked with " +
		"kms:DescribeKey: one that AWS manages (KeyManager AWS) is a FAIL, and one DescribeKey could not read " +
		"is UNKNOWN.",
	Remediation: Remediation{
		Text:           "Encrypt the variables with a customer managed KMS key (and keep secrets in Secrets Manager or Parameter Store rather than in variables).",
		CLI:            "aws lambda update-function-configuration --function-name NAME --kms-key-arn KEY_ARN",
		CloudFormation: "KmsKeyArn: !GetAtt Key.Arn",
		Terraform:      "kms_key_arn = aws_kms_key.x.arn",
	},
	References: []string{"https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html"},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-7"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldEnvironment, res) {
				return true
			}
			if len(f.Environment) == 0 {
				return false
			}
			switch {
			case gapUnknown(f, inventory.FieldKMSKey, res):
			case f.KMSKey != "":
				key := in.Index.KMSKey(f.KMSKey)
				if key != nil && key.Manager == inventory.KeyManagerAWS {
					res.fail(fmt.Sprintf("%s has %d environment variables encrypted with %s, which AWS manages (DescribeKey: KeyManager AWS), not a customer managed key", f.Label(), len(f.Environment), inventory.Describe(f.KMSKey)))
					break
				}
				if key != nil && key.Manager == "" {
					if g, denied := key.Gap(inventory.FieldAll); denied {
						res.unknown("whether key " + inventory.Describe(f.KMSKey) + " is customer managed cannot be read: " + g.Reason)
						break
					}
				}
				res.pass("variables are encrypted with " + inventory.Describe(f.KMSKey))
			default:
				res.fail(fmt.Sprintf("%s has %d environment variables encrypted only with the AWS managed key", f.Label(), len(f.Environment)))
			}
			return true
		})
	},
}

var secretNoRotation = &Rule{
	ID:       "LS303",
	Name:     "secret-no-rotation",
	Severity: Medium,
	Title:    "Secrets Manager secret has no rotation",
	Description: "The secret has no rotation schedule, so a credential that leaks stays valid until someone " +
		"notices and rotates it by hand.",
	Remediation: Remediation{
		Text:           "Add a rotation schedule with a rotation function (or a hosted rotation for RDS, Redshift and DocumentDB).",
		CLI:            "aws secretsmanager rotate-secret --secret-id ID --rotation-lambda-arn ARN --rotation-rules AutomaticallyAfterDays=30",
		CloudFormation: "AWS::SecretsManager::RotationSchedule with SecretId and RotationRules (HostedRotationLambda or RotationLambdaARN).",
		Terraform:      "aws_secretsmanager_secret_rotation { rotation_rules { automatically_after_days = 30 } }",
	},
	References: []string{
		"https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-1",
	},
	Compliance: []Compliance{{"AWS FSBP", "SecretsManager.1"}, {"OWASP Serverless Top 10", "SAS-7"}},
	Check: func(in *Input) []Result {
		start := func(s *inventory.Secret) Result { return resultFor(&s.Resource, KindSecret) }
		return each(in.Estate.Secrets, start, func(s *inventory.Secret, res *Result) bool {
			switch {
			case gapUnknown(s, inventory.FieldRotation, res):
			case s.RotationEnabled && s.RotationDays > 0:
				res.pass(fmt.Sprintf("rotation is scheduled every %d days", s.RotationDays))
			case s.RotationEnabled:
				res.pass("rotation is scheduled")
			default:
				res.fail("secret " + s.Label() + " has no rotation schedule")
			}
			return true
		})
	},
}
