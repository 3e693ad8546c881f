package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
)

// ASFF is the AWS Security Finding Format, which
// `aws securityhub batch-import-findings --findings file://out.json` takes.
// https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html
type asffFinding struct {
	SchemaVersion string            `json:"SchemaVersion"`
	ID            string            `json:"Id"`
	ProductArn    string            `json:"ProductArn"`
	GeneratorID   string            `json:"GeneratorId"`
	AwsAccountID  string            `json:"AwsAccountId"`
	Types         []string          `json:"Types"`
	CreatedAt     string            `json:"CreatedAt"`
	UpdatedAt     string            `json:"UpdatedAt"`
	Severity      asffSeverity      `json:"Severity"`
	Title         string            `json:"Title"`
	Description   string            `json:"Description"`
	Remediation   asffRemediation   `json:"Remediation"`
	ProductFields map[string]string `json:"ProductFields"`
	Resources     []asffResource    `json:"Resources"`
	Compliance    *asffCompliance   `json:"Compliance,omitempty"`
	Workflow      asffWorkflow      `json:"Workflow"`
	RecordState   string            `json:"RecordState"`
}

type asffSeverity struct {
	Label    string `json:"Label"`
	Original string `json:"Original"`
}

type asffRemediation struct {
	Recommendation asffRecommendation `json:"Recommendation"`
}

type asffRecommendation struct {
	Text string `json:"Text"`
	URL  string `json:"Url,omitempty"`
}

type asffResource struct {
	Type      string            `json:"Type"`
	ID        string            `json:"Id"`
	Partition string            `json:"Partition"`
	Region    string            `json:"Region"`
	Details   map[string]any    `json:"Details,omitempty"`
	Tags      map[string]string `json:"Tags,omitempty"`
}

type asffCompliance struct {
	Status              string   `json:"Status"`
	RelatedRequirements []string `json:"RelatedRequirements,omitempty"`
}

type asffWorkflow struct {
	Status string `json:"Status"`
}

// ASFFOptions say where findings are imported: the account and region of
// the Security Hub that receives them. For a live scan they default to the
// estate's; a template scan must give them.
type ASFFOptions struct {
	AccountID string
	Region    string
	// Now stamps CreatedAt/UpdatedAt; zero means the summary's date.
	Now time.Time
}

// asffLimits are the documented maximum lengths of ASFF fields.
const (
	asffTitleMax       = 256
	asffDescriptionMax = 1024
	asffRecommendMax   = 512
)

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// ASFF writes failed and unknown findings as a JSON array of ASFF findings
// (PASS results are not findings in Security Hub's sense), one at a time
// as it makes them: byte for byte what json.Encoder with SetIndent("", "  ")
// writes for the whole array. A suppressed finding is imported with
// Workflow SUPPRESSED, so it stays on record. It returns an error, before
// writing anything, when no account or region can be found for a finding.
func ASFF(w io.Writer, fs []rules.Finding, sum Summary, opt Options, ao ASFFOptions) error {
	return writeASFF(w, Slice(fs), sum, opt, ao)
}

// writeASFF is ASFF for findings read from fs (two passes: every
// finding's account and region are checked before the first is written).
func writeASFF(w io.Writer, fs Findings, sum Summary, opt Options, ao ASFFOptions) error {
	now := ao.Now
	if now.IsZero() {
		now = sum.Now
	}
	stamp := now.UTC().Format(time.RFC3339)
	err := fs.Each(func(es []rules.Finding) error {
		for _, f := range es {
			if f.Status == rules.Pass {
				continue
			}
			if _, _, err := asffWhere(f, ao); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	wrote := 0
	err = fs.Each(func(es []rules.Finding) error {
		for _, f := range es {
			if f.Status == rules.Pass {
				continue
			}
			acct, region, _ := asffWhere(f, ao)
			b, err := json.MarshalIndent(asffOf(f, acct, region, stamp, opt), "  ", "  ")
			if err != nil {
				return err
			}
			if wrote == 0 {
				bw.WriteString("[\n  ")
			} else {
				bw.WriteString(",\n  ")
			}
			bw.Write(b)
			wrote++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if wrote == 0 {
		bw.WriteString("[]\n")
	} else {
		bw.WriteString("\n]\n")
	}
	return bw.Flush()
}

// asffWhere returns the account and region a finding is imported into:
// ao's, else its resource's; an error when either is missing.
func asffWhere(f rules.Finding, ao ASFFOptions) (acct, region string, err error) {
	acct, region = ao.AccountID, ao.Region
	if a := estateAccount(f); acct == "" && a != "" {
		acct = a
	}
	if r := arnRegion(f.Source.ARN); region == "" && r != "" {
		region = r
	}
	if !iampolicy.IsAccountID(acct) || region == "" {
		return "", "", fmt.Errorf("ASFF needs an AWS account ID and region for %s (%s): give them with --asff-account and --asff-region", f.Resource, f.Estate)
	}
	return acct, region, nil
}

// asffOf returns the ASFF finding of f, imported into acct and region,
// stamped with stamp (RFC 3339).
func asffOf(f rules.Finding, acct, region, stamp string, opt Options) asffFinding {
	sev := strings.ToUpper(f.Severity.String())
	if sev == "INFO" {
		sev = "INFORMATIONAL"
	}
	af := asffFinding{
		SchemaVersion: "2018-10-08",
		ID:            "lambdasec/" + f.Fingerprint,
		ProductArn:    fmt.Sprintf("arn:aws:securityhub:%s:%s:product/%s/default", region, acct, acct),
		GeneratorID:   "lambdasec/" + f.Rule.ID,
		AwsAccountID:  acct,
		Types:         []string{"Software and Configuration Checks/AWS Security Best Practices/" + f.Rule.Name},
		CreatedAt:     stamp,
		UpdatedAt:     stamp,
		Severity:      asffSeverity{Label: sev, Original: f.Severity.String()},
		Title:         clip(f.Rule.ID+" "+f.Rule.Title, asffTitleMax),
		Description:   clip(Display(f.Message), asffDescriptionMax), // shown in the console
		Remediation:   asffRemediation{Recommendation: asffRecommendation{Text: clip(f.Rule.Remediation.Text, asffRecommendMax)}},
		ProductFields: map[string]string{"lambdasec/Status": string(f.Status), "lambdasec/Estate": Display(f.Estate), "lambdasec/Location": Display(location(opt.BaseDir, f.Source))},
		Resources:     []asffResource{asffResourceOf(f, region)},
		Workflow:      asffWorkflow{Status: "NEW"},
		RecordState:   "ACTIVE",
	}
	if len(f.Rule.References) > 0 {
		af.Remediation.Recommendation.URL = f.Rule.References[0]
	}
	if f.Status == rules.Fail {
		af.Compliance = &asffCompliance{Status: "FAILED"}
	} else {
		af.Compliance = &asffCompliance{Status: "NOT_AVAILABLE"}
	}
	for _, c := range f.Rule.Compliance {
		af.Compliance.RelatedRequirements = append(af.Compliance.RelatedRequirements, c.Framework+" "+c.Control)
	}
	if f.Suppressed != nil {
		af.Workflow.Status = "SUPPRESSED"
		af.ProductFields["lambdasec/SuppressionReason"] = Display(f.Suppressed.Reason)
	}
	return af
}

// estateAccount returns the account of a finding's resource, when its
// ARN names one.
func estateAccount(f rules.Finding) string {
	if a := iampolicy.AccountOf(f.Source.ARN); iampolicy.IsAccountID(a) {
		return a
	}
	if iampolicy.IsAccountID(f.Estate) {
		return f.Estate
	}
	return ""
}

func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 && !inventory.HasToken(parts[3]) {
		return parts[3]
	}
	return ""
}

// asffResourceOf describes the finding's resource in ASFF's terms.
// https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html
func asffResourceOf(f rules.Finding, region string) asffResource {
	r := asffResource{Type: "Other", ID: f.Resource, Partition: "aws", Region: region}
	switch f.Kind {
	case rules.KindFunction, rules.KindFunctionURL:
		r.Type = "AwsLambdaFunction"
	case rules.KindRole:
		r.Type = "AwsIamRole"
	case rules.KindLayer:
		r.Type = "AwsLambdaLayerVersion"
	case rules.KindSecret:
		r.Type = "AwsSecretsManagerSecret"
	case rules.KindAPIStage, rules.KindAPIRoute:
		r.Type = "AwsApiGatewayStage"
	case rules.KindAPI:
		r.Type = "AwsApiGatewayRestApi"
		if f.Source.ARN != "" && strings.Contains(f.Source.ARN, ":/apis/") {
			r.Type = "AwsApiGatewayV2Api"
		}
	case rules.KindLoadBalancer, rules.KindListener:
		r.Type = "AwsElbv2LoadBalancer"
	}
	if f.Source.ARN != "" {
		r.ID = f.Source.ARN
	} else if f.Source.File != "" {
		// A template resource has no ARN yet: name it by file and logical ID.
		r.ID = relPath("", f.Source.File) + "#" + f.Source.LogicalID
		r.Type = "Other"
	}
	return r
}
