package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/secrets"
)

// secretScanner returns the shared secret scanner, or nil (the rules then
// say UNKNOWN) if gitleaks' rules could not be loaded.
func secretScanner() (*secrets.Scanner, string) {
	s, err := secrets.Default()
	if err != nil {
		return nil, err.Error()
	}
	return s, ""
}

func hitText(h inventory.SecretHit) string {
	return fmt.Sprintf("%s (%s), fingerprint %s", h.Where, h.Detector, h.Fingerprint)
}

var secretInEnv = &Rule{
	ID:         "LS302",
	Name:       "secret-in-environment",
	Severity:   High,
	Severities: []Severity{Critical},
	Title:      "Secret stored in an environment variable",
	Description: "A function's environment variable holds a credential in clear: a cloud or API key, a " +
		"token, a private key, a password. Anyone who can read the function's configuration " +
		"(lambda:GetFunction, the console, a template in a repository) gets it, and it cannot be " +
		"rotated without a deployment. References are not secrets: ARNs, {{resolve:secretsmanager:...}} " +
		"and {{resolve:ssm-secure:...}} dynamic references, ${ssm:...} variables, Refs to NoEcho " +
		"parameters or to secret resources, and placeholders. AWS's documented example access keys " +
		"(AKIAIOSFODNN7EXAMPLE with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, and AKIAI44QH8DHBEXAMPLE with " +
		"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY) are placeholders too, both halves alike, here and in code " +
		"(LS304): they are published and grant nothing; the PASS names the variables that hold them. Cloud credentials and private keys are " +
		"critical. The finding names the variable and the detector, never the value (a fingerprint " +
		"identifies it).",
	Remediation: Remediation{
		Text:           "Move the secret to Secrets Manager or Parameter Store (SecureString), give the role access to it, and read it at run time (or use the Parameters and Secrets Lambda extension); rotate the exposed value.",
		CLI:            "aws secretsmanager create-secret --name NAME --secret-string ... && aws lambda update-function-configuration --function-name FN --environment Variables={SECRET_ARN=arn:...}",
		CloudFormation: "Pass the secret's ARN (!Ref Secret) instead of the value, or use a {{resolve:secretsmanager:...}} dynamic reference.",
		Terraform:      "Store the value in aws_secretsmanager_secret and pass its ARN in environment variables.",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",
		"https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
		"https://github.com/gitleaks/gitleaks",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-7"}},
	Check:      checkSecretInEnv,
}

func checkSecretInEnv(in *Input) []Result {
	s, why := secretScanner()
	return eachFunction(in, func(f *inventory.Function, res *Result) bool {
		switch {
		case gapUnknown(f, inventory.FieldEnvironment, res):
			res.Message = "the environment could not be read: " + res.Message
		case len(f.Environment) == 0:
			return false
		case s == nil:
			res.unknown("secret rules unavailable: " + why)
		default:
			judgeEnvironment(s, f, res)
		}
		return true
	})
}

// judgeEnvironment looks for secrets in the environment variables of f.
func judgeEnvironment(s *secrets.Scanner, f *inventory.Function, res *Result) {
	critical := false
	var names, examples []string
	for _, v := range f.Environment {
		if v.Secret == nil && secrets.AWSExampleCredential(v.Value) {
			examples = append(examples, v.Name)
		}
		var hits []inventory.SecretHit
		if v.Secret != nil {
			hits = append(hits, *v.Secret) // found (and redacted) when collected
		} else {
			for _, h := range s.EnvVar(v.Name, v.Value, v.Origin) {
				hits = append(hits, inventory.SecretHit{Detector: h.Detector, Description: h.Description, Critical: h.Critical, Fingerprint: h.Fingerprint, Where: v.Name, Source: v.Source})
			}
		}
		for _, h := range hits {
			critical = critical || h.Critical
			res.Evidence = append(res.Evidence, Evidence{Label: "variable " + v.Name, Value: fmt.Sprintf("%s: %s, fingerprint %s", h.Detector, h.Description, h.Fingerprint), Source: v.Source})
		}
		if len(hits) > 0 && !slices.Contains(names, v.Name) {
			names = append(names, v.Name)
		}
	}
	switch {
	case len(names) == 0 && len(examples) > 0:
		res.pass(fmt.Sprintf("no secret in %s (%s hold AWS's documented example keys, placeholders that grant nothing)", plural(len(f.Environment), "environment variable"), strings.Join(examples, ", ")))
	case len(names) == 0:
		res.pass("no secret in " + plural(len(f.Environment), "environment variable"))
	default:
		if critical {
			res.Severity = sev(Critical)
		}
		res.fail(fmt.Sprintf("%s keeps a secret in environment variable %s", f.Label(), strings.Join(names, ", ")))
		res.atEvidence()
	}
}

var secretInCode = &Rule{
	ID:         "LS304",
	Name:       "secret-in-code",
	Severity:   High,
	Severities: []Severity{Critical},
	Title:      "Secret written in function or layer code",
	Description: "The function's code (a template's CodeUri directory, inline code, a zip; for a live " +
		"account, the deployment package read with --scan-code) or a layer's content holds a " +
		"credential. Anyone who can download the package (lambda:GetFunction) or read the repository " +
		"gets it. The finding points to the file and line inside the package; it never shows the value. " +
		"AWS's documented example access keys are placeholders, not secrets (see LS302).",
	Remediation: Remediation{
		Text:           "Remove the secret from the code and its history, rotate it, and read it from Secrets Manager or Parameter Store at run time.",
		CLI:            "aws secretsmanager create-secret --name NAME --secret-string ...",
		CloudFormation: "Give the function the secret's ARN and secretsmanager:GetSecretValue on it.",
		Terraform:      "aws_secretsmanager_secret plus an IAM statement for secretsmanager:GetSecretValue on it.",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html",
		"https://github.com/gitleaks/gitleaks",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-7"}},
	Check:      checkSecretInCode,
}

// codeResult judges a scan of code (a function's or a layer's, named by
// label); it returns false when there was no code at hand to judge.
func codeResult(res *Result, label string, cs *inventory.CodeScan) bool {
	if cs == nil {
		return false // the code was not at hand: nothing to judge
	}
	critical := false
	for _, h := range cs.Hits {
		critical = critical || h.Critical
		res.Evidence = append(res.Evidence, Evidence{Label: h.Where, Value: fmt.Sprintf("%s: %s, fingerprint %s", h.Detector, h.Description, h.Fingerprint), Source: h.Source})
	}
	switch {
	case len(cs.Hits) > 0:
		if critical {
			res.Severity = sev(Critical)
		}
		msg := fmt.Sprintf("%s in the code of %s (first: %s)", plural(len(cs.Hits), "secret"), label, hitText(cs.Hits[0]))
		if len(cs.Problems) > 0 {
			msg += "; " + notScanned(cs.Problems)
		}
		res.fail(msg)
		res.atEvidence()
	case cs.Files == 0 && len(cs.Problems) > 1:
		res.unknown("the code could not be scanned: " + cs.Problems[0] + fmt.Sprintf(" (and %d more problems)", len(cs.Problems)-1))
	case cs.Files == 0 && len(cs.Problems) > 0:
		res.unknown("the code could not be scanned: " + cs.Problems[0])
	case len(cs.Problems) > 0:
		// A partial read is never a PASS: a secret may sit in what was
		// not scanned.
		res.unknown(fmt.Sprintf("no secret in the %s (%d KiB) scanned, but %s", plural(cs.Files, "file"), cs.Bytes>>10, notScanned(cs.Problems)))
	default:
		res.pass(fmt.Sprintf("no secret in %s (%d KiB) of code", plural(cs.Files, "file"), cs.Bytes>>10))
	}
	return true
}

// plural counts a noun that takes an s: "1 file", "2 files", "0 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// notScanned names what of a package was not scanned, and why.
func notScanned(problems []string) string {
	msg := fmt.Sprintf("%d parts were not scanned: %s", len(problems), problems[0])
	if len(problems) == 1 {
		msg = "1 part was not scanned: " + problems[0]
	}
	if len(problems) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(problems)-1)
	}
	return msg
}

func checkSecretInCode(in *Input) []Result {
	out := eachFunction(in, func(f *inventory.Function, res *Result) bool {
		if f.CodeScan == nil && gapUnknown(f, inventory.FieldCode, res) {
			return true // the code was asked for and could not be had
		}
		return codeResult(res, f.Label(), f.CodeScan)
	})
	return append(out, eachLayer(in, func(l *inventory.Layer, res *Result) bool {
		return codeResult(res, "layer "+l.Label(), l.CodeScan)
	})...)
}

var noEchoDefault = &Rule{
	ID:       "LS305",
	Name:     "noecho-default-secret",
	Severity: High,
	Title:    "NoEcho template parameter has a secret as its default",
	Description: "A NoEcho parameter hides its value in the console and API, but a Default written in the " +
		"template is in clear in the template itself — in the repository, in the S3 bucket " +
		"CloudFormation reads it from, and in every copy.",
	Remediation: Remediation{
		Text:           "Remove the Default and pass the value at deploy time, or better, reference a Secrets Manager secret with a dynamic reference.",
		CloudFormation: "Parameters: {DbPassword: {Type: String, NoEcho: true}} with no Default; or '{{resolve:secretsmanager:NAME:SecretString:password}}'.",
	},
	References: []string{
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html",
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-7"}},
	Check:      checkNoEchoDefault,
}

func checkNoEchoDefault(in *Input) []Result {
	s, why := secretScanner()
	start := func(p *inventory.Parameter) Result {
		return Result{Resource: p.Name, Kind: KindParameter, Label: p.Name, Source: p.Source}
	}
	return each(in.Estate.Parameters, start, func(p *inventory.Parameter, res *Result) bool {
		switch {
		case !p.NoEcho:
			return false
		case !p.HasDefault:
			res.pass("no default: the value is given at deploy time")
		case s == nil:
			res.unknown("secret rules unavailable: " + why)
		default:
			hits := s.EnvVar(p.Name, p.Default, "")
			if len(hits) == 0 && p.Default != "" && !secrets.Placeholder(p.Default) {
				// A NoEcho parameter is a secret by declaration: any
				// literal default is one.
				hits = []secrets.Hit{{Detector: "noecho-default", Description: "the default of a NoEcho parameter", Fingerprint: secrets.Fingerprint(p.Default)}}
			}
			if len(hits) == 0 {
				res.pass("the default is empty or a placeholder")
				break
			}
			res.fail(fmt.Sprintf("NoEcho parameter %s has a secret default, in clear in the template", p.Name),
				Evidence{Label: "Default", Value: fmt.Sprintf("%s, fingerprint %s", hits[0].Detector, hits[0].Fingerprint), Source: p.Source})
		}
		return true
	})
}
