package needs

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Formats are the output formats of Write.
var Formats = []string{"iam", "sam", "cloudformation", "terraform", "json"}

// Proposal is the least-privilege policy for one function, with the
// evidence it rests on and the diff against the function's current role.
type Proposal struct {
	// Function is the function's label (its name, or its logical ID);
	// ID is its ID in the estate (a logical ID, an address or an ARN).
	Function string `json:"function"`
	ID       string `json:"id"`
	// Role is the current execution role's label ("" when unknown).
	Role string `json:"role,omitempty"`
	// Basis says what the needs rest on (Evidence.Basis).
	Basis      string      `json:"basis"`
	Statements []Statement `json:"statements"`
	// Diff is the current role against the needs; nil when the role's
	// policies could not be read.
	Diff *Diff `json:"diff,omitempty"`
	// RoleUnread says why the current role could not be held against the
	// needs, when Diff is nil.
	RoleUnread string `json:"roleUnread,omitempty"`
}

// Write writes proposals in format (one of Formats) to w:
//   - iam: the IAM policy document of each function (a JSON object keyed
//     by function when there are several); the evidence goes to side,
//     one line per statement, with the diff;
//   - sam: each function's Policies list, SAM policy templates used where
//     one grants exactly what is needed, evidence as YAML comments;
//   - cloudformation: an AWS::IAM::Role per function, evidence as comments;
//   - terraform: a data "aws_iam_policy_document" block per function,
//     evidence as comments;
//   - json: the proposals themselves (evidence and diff included).
func Write(w, side io.Writer, format string, ps []Proposal) error {
	switch format {
	case "iam":
		return writeIAM(w, side, ps)
	case "sam":
		return writeYAML(w, ps, true)
	case "cloudformation":
		return writeYAML(w, ps, false)
	case "terraform":
		return writeTerraform(w, ps)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		out := make([]Proposal, len(ps))
		for i, p := range ps {
			out[i] = described(p)
		}
		return enc.Encode(out)
	}
	return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
}

func writeIAM(w, side io.Writer, ps []Proposal) error {
	var v any
	if len(ps) == 1 {
		v = DocumentOf(ps[0].Statements)
	} else {
		m := map[string]Document{}
		for _, p := range ps {
			key := p.Function
			if _, dup := m[key]; dup {
				key += " (" + p.ID + ")" // the same name in two estates
			}
			m[key] = DocumentOf(p.Statements)
		}
		v = m
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	for _, p := range ps {
		for _, line := range commentary(p) {
			if _, err := fmt.Fprintln(side, line); err != nil {
				return err
			}
		}
	}
	return nil
}

// commentary is a proposal's evidence and diff as lines of text: what the
// comments of the YAML and HCL formats say, and the side listing of IAM.
func commentary(p Proposal) []string {
	out := []string{fmt.Sprintf("%s: needs from %s", p.Function, p.Basis)}
	for _, st := range p.Statements {
		out = append(out, statementNotes(st, "  ")...)
	}
	out = append(out, diffNotes(p, "  ")...)
	return out
}

// statementNotes are the lines that explain one statement.
func statementNotes(st Statement, indent string) []string {
	var out []string
	out = append(out, indent+st.Sid+":")
	for _, n := range st.Evidence {
		line := indent + "  " + n.Action
		if n.Resource != "*" && len(st.Resources) > 1 {
			line += " on " + inventory.Describe(n.Resource)
		}
		out = append(out, line+": "+oneLine(n.Describe()))
	}
	for _, ph := range st.Placeholders {
		out = append(out, indent+"  PLACEHOLDER "+inventory.Describe(ph)+": the resource is not known; replace it before deploying")
	}
	return out
}

func diffNotes(p Proposal, indent string) []string {
	if p.Diff == nil {
		if p.RoleUnread != "" {
			return []string{indent + "current role not compared: " + oneLine(p.RoleUnread)}
		}
		return nil
	}
	role := p.Role
	if role == "" {
		role = "the current role"
	}
	var out []string
	if len(p.Diff.Unneeded) == 0 {
		out = append(out, indent+role+" grants nothing beyond these needs")
	} else {
		out = append(out, indent+role+" grants beyond these needs (to remove or narrow):")
		for _, g := range p.Diff.Unneeded {
			out = append(out, indent+"  - "+oneLine(g.Describe()))
		}
	}
	if len(p.Diff.Missing) > 0 {
		out = append(out, indent+role+" does not grant (these calls would fail at run time):")
		for _, n := range p.Diff.Missing {
			out = append(out, indent+"  - "+n.Action+" on "+inventory.Describe(n.Resource)+": "+oneLine(n.Describe()))
		}
	}
	return out
}

// oneLine keeps a string from estate data on one line of a comment.
func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

// yamlScalar writes a resource for a CloudFormation template: a plain
// value quoted, one Ref token as !Ref, one GetAtt token as !GetAtt,
// anything else with tokens as !Sub.
func yamlScalar(s string) string {
	if !inventory.HasToken(s) {
		return strconv.Quote(s)
	}
	if id, ok := inventory.RefTarget(s); ok && s == inventory.RefToken(id) {
		return "!Ref " + id
	}
	if strings.HasPrefix(s, "{{attr.") && strings.Count(s, "{{") == 1 && strings.HasSuffix(s, "}}") {
		return "!GetAtt " + strings.TrimSuffix(strings.TrimPrefix(s, "{{attr."), "}}")
	}
	return "!Sub " + strconv.Quote(inventory.Describe(s))
}

// samTemplate is a SAM policy template lambdasec writes when a resource's
// needs are exactly its actions: the template's name, its one parameter,
// the ARN prefix of the resource (the parameter is the rest of the ARN's
// resource part) and its actions.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html
type samTemplate struct {
	name, param, service, prefix string
	actions                      []string
}

var samTemplates = []samTemplate{
	{"DynamoDBCrudPolicy", "TableName", "dynamodb", "table/", []string{"dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem"}},
	{"DynamoDBReadPolicy", "TableName", "dynamodb", "table/", []string{"dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"}},
	{"DynamoDBWritePolicy", "TableName", "dynamodb", "table/", []string{"dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}},
	{"SQSSendMessagePolicy", "QueueName", "sqs", "", []string{"sqs:SendMessage", "sqs:SendMessageBatch"}},
	{"SQSPollerPolicy", "QueueName", "sqs", "", []string{"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"}},
	{"SNSPublishMessagePolicy", "TopicName", "sns", "", []string{"sns:Publish"}},
	{"KMSDecryptPolicy", "KeyId", "kms", "key/", []string{"kms:Decrypt"}},
	{"EventBridgePutEventsPolicy", "EventBusName", "events", "event-bus/", []string{"events:PutEvents"}},
}

// templateFor returns the SAM policy template (and its parameter value)
// that grants exactly statement st, when there is one: a statement on one
// resource of the template's kind, in the stack's own region and account,
// whose actions are the template's.
func templateFor(st Statement) (samTemplate, string, bool) {
	if len(st.Resources) != 1 {
		return samTemplate{}, "", false
	}
	parts := strings.SplitN(st.Resources[0], ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return samTemplate{}, "", false
	}
	for _, t := range samTemplates {
		if parts[2] != t.service || !strings.HasPrefix(parts[5], t.prefix) || strings.Join(st.Actions, ",") != strings.Join(t.actions, ",") {
			continue
		}
		if parts[3] != inventory.RegionToken || parts[4] != inventory.AccountIDToken {
			continue
		}
		name := strings.TrimPrefix(parts[5], t.prefix)
		if name == "" || strings.ContainsAny(name, "*?/:") || inventory.IsUnresolved(name) {
			continue
		}
		return t, name, true
	}
	return samTemplate{}, "", false
}

func writeYAML(w io.Writer, ps []Proposal, sam bool) error {
	var b strings.Builder
	if sam {
		b.WriteString("# AWS SAM: put each function's Policies in its AWS::Serverless::Function Properties.\n")
	} else {
		b.WriteString("# CloudFormation: one execution role per function; point the function's Role at it.\nResources:\n")
	}
	for _, p := range ps {
		ind := ""
		if !sam {
			ind = "  "
		}
		for _, line := range append([]string{p.Function + ": needs from " + p.Basis}, diffNotes(p, "  ")...) {
			b.WriteString(ind + "# " + line + "\n")
		}
		if sam {
			fmt.Fprintf(&b, "%s:\n  Policies:\n", yamlKey(p.ID))
			if len(p.Statements) == 0 {
				b.WriteString("    []\n")
			}
			// SAM policy templates first, then one document with the
			// other statements.
			var plain []Statement
			for _, st := range p.Statements {
				t, name, ok := templateFor(st)
				if !ok {
					plain = append(plain, st)
					continue
				}
				for _, l := range statementNotes(st, "") {
					b.WriteString("    # " + l + "\n")
				}
				fmt.Fprintf(&b, "    - %s:\n        %s: %s\n", t.name, t.param, yamlScalar(name))
			}
			if len(plain) > 0 {
				b.WriteString("    - Version: \"2012-10-17\"\n      Statement:\n")
			}
			for _, st := range plain {
				for _, l := range statementNotes(st, "") {
					b.WriteString("        # " + l + "\n")
				}
				writeYAMLStatement(&b, st, "        ")
			}
			continue
		}
		fmt.Fprintf(&b, "  %sRole:\n    Type: AWS::IAM::Role\n    Properties:\n", yamlKey(sidWord(p.ID)))
		b.WriteString("      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n" +
			"          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n            Action: sts:AssumeRole\n")
		b.WriteString("      Policies:\n        - PolicyName: least-privilege\n          PolicyDocument:\n            Version: \"2012-10-17\"\n            Statement:\n")
		if len(p.Statements) == 0 {
			b.WriteString("              []\n")
		}
		for _, st := range p.Statements {
			for _, l := range statementNotes(st, "") {
				b.WriteString("              # " + l + "\n")
			}
			writeYAMLStatement(&b, st, "              ")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeYAMLStatement(b *strings.Builder, st Statement, ind string) {
	fmt.Fprintf(b, "%s- Sid: %s\n%s  Effect: Allow\n%s  Action:\n", ind, st.Sid, ind, ind)
	for _, a := range st.Actions {
		fmt.Fprintf(b, "%s    - %s\n", ind, a)
	}
	fmt.Fprintf(b, "%s  Resource:\n", ind)
	for _, r := range st.Resources {
		fmt.Fprintf(b, "%s    - %s\n", ind, yamlScalar(r))
	}
}

// yamlKey writes a logical ID or name as a YAML mapping key.
func yamlKey(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return strconv.Quote(s)
		}
	}
	return s
}

// hclString writes a resource as a Terraform string: the stack's region
// and account as the aws_region and aws_caller_identity data sources,
// a reference token as the referenced address's arn, an unresolved
// value as a placeholder.
func hclString(s string) string {
	if id, ok := inventory.RefTarget(s); ok && s == inventory.RefToken(id) && strings.Contains(id, ".") {
		return id + ".arn"
	}
	s = strings.NewReplacer(inventory.RegionToken, "${data.aws_region.current.name}",
		inventory.AccountIDToken, "${data.aws_caller_identity.current.account_id}").Replace(s)
	// Describe writes ${X} for a reference to a resource: in HCL that
	// would be an interpolation, so it is escaped ($${X}) and stays a
	// placeholder to replace with the resource's reference.
	var b strings.Builder
	for rest := s; rest != ""; {
		i := strings.Index(rest, "${data.aws_")
		if i < 0 {
			b.WriteString(strings.ReplaceAll(inventory.Describe(rest), "${", "$${"))
			break
		}
		j := strings.Index(rest[i:], "}") + i + 1
		b.WriteString(strings.ReplaceAll(inventory.Describe(rest[:i]), "${", "$${"))
		b.WriteString(rest[i:j])
		rest = rest[j:]
	}
	return strconv.Quote(b.String())
}

func writeTerraform(w io.Writer, ps []Proposal) error {
	var b strings.Builder
	needData := false
	for _, p := range ps {
		for _, line := range append([]string{p.Function + ": needs from " + p.Basis}, diffNotes(p, "  ")...) {
			b.WriteString("# " + line + "\n")
		}
		fmt.Fprintf(&b, "data \"aws_iam_policy_document\" %q {\n", tfName(p.ID))
		for _, st := range p.Statements {
			for _, l := range statementNotes(st, "") {
				b.WriteString("  # " + l + "\n")
			}
			fmt.Fprintf(&b, "  statement {\n    sid     = %q\n    effect  = \"Allow\"\n    actions = [", st.Sid)
			for i, a := range st.Actions {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(strconv.Quote(a))
			}
			b.WriteString("]\n    resources = [")
			for i, r := range st.Resources {
				if i > 0 {
					b.WriteString(", ")
				}
				h := hclString(r)
				needData = needData || strings.Contains(h, "data.aws_")
				b.WriteString(h)
			}
			b.WriteString("]\n  }\n")
		}
		b.WriteString("}\n\n")
	}
	if needData {
		b.WriteString("data \"aws_region\" \"current\" {}\ndata \"aws_caller_identity\" \"current\" {}\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// tfName turns a function's ID into a Terraform block name.
func tfName(id string) string {
	if i := strings.LastIndexAny(id, ".:"); i >= 0 {
		id = id[i+1:]
	}
	var b strings.Builder
	for _, r := range id {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 || b.String()[0] >= '0' && b.String()[0] <= '9' {
		return "fn_" + b.String()
	}
	return b.String()
}

// SortProposals sorts proposals by function label, then ID.
func SortProposals(ps []Proposal) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Function != ps[j].Function {
			return ps[i].Function < ps[j].Function
		}
		return ps[i].ID < ps[j].ID
	})
}

// described returns a copy of p with template tokens in its resources
// written as inventory.Describe writes them ("${AWS::Region}",
// "<unresolved: ...>"), for JSON readers that do not know lambdasec's
// tokens.
func described(p Proposal) Proposal {
	needsOf := func(ns []Need) []Need {
		out := make([]Need, len(ns))
		for i, n := range ns {
			n.Resource = inventory.Describe(n.Resource)
			out[i] = n
		}
		return out
	}
	strs := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = inventory.Describe(s)
		}
		return out
	}
	sts := make([]Statement, len(p.Statements))
	for i, st := range p.Statements {
		st.Resources, st.Placeholders, st.Evidence = strs(st.Resources), strs(st.Placeholders), needsOf(st.Evidence)
		if st.Placeholders == nil || len(st.Placeholders) == 0 {
			st.Placeholders = nil
		}
		sts[i] = st
	}
	p.Statements = sts
	if p.Diff != nil {
		d := Diff{Unneeded: p.Diff.Unneeded, Missing: needsOf(p.Diff.Missing)}
		p.Diff = &d
	}
	return p
}
