package cloudformation

import (
	"fmt"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// SAM connectors (AWS::Serverless::Connector, and the Connectors attribute
// embedded in a resource) grant a source access to a destination: the
// transform writes, by connector profile, a Lambda permission on a
// destination function, or a managed policy on the source's (or the
// destination's) role. Only the profiles that involve a Lambda function
// are modelled; queue and topic policies between other services are not.
// The statements follow SAM's connector profiles and the translator's
// outputs.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/reference-sam-connector.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-connector.html

// connectorEnd is one side of a connector, with what the profiles refer to.
type connectorEnd struct {
	typ        string // CloudFormation type, after the SAM transform
	arn        string
	name       string
	resourceID string // what Ref returns for an API: its ID
	qualifier  string // the API stage/method part of execute-api ARNs
	role       string // the role's name or ARN, for policies on this end
	at         *value
}

// connectorStatement is one Allow statement of a connector profile.
// Resources use %{Source.Arn}, %{Destination.Arn} and %{Destination.Name}.
type connectorStatement struct {
	actions   []string
	resources []string
}

// connectorProfile is what a connector between two types generates.
// principal is set for a Lambda permission on the destination function;
// otherwise the statements become a managed policy on the source's role
// (onSource) or the destination's.
type connectorProfile struct {
	principal, sourceArn string
	sourceAccount        bool
	onSource             bool
	read, write          []connectorStatement
}

const (
	ctLambda  = "AWS::Lambda::Function"
	ctS3      = "AWS::S3::Bucket"
	ctDynamo  = "AWS::DynamoDB::Table"
	ctSQS     = "AWS::SQS::Queue"
	ctSNS     = "AWS::SNS::Topic"
	ctSFN     = "AWS::StepFunctions::StateMachine"
	ctBus     = "AWS::Events::EventBus"
	ctRule    = "AWS::Events::Rule"
	ctREST    = "AWS::ApiGateway::RestApi"
	ctV2      = "AWS::ApiGatewayV2::Api"
	ctAppSync = "AWS::AppSync::GraphQLApi"
	ctAppDS   = "AWS::AppSync::DataSource"
	ctPlace   = "AWS::Location::PlaceIndex"
)

var (
	invokeStatement  = []connectorStatement{{[]string{"lambda:InvokeAsync", "lambda:InvokeFunction"}, []string{"%{Destination.Arn}"}}}
	s3Read           = []connectorStatement{{[]string{"s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectLegalHold", "s3:GetObjectRetention", "s3:GetObjectTorrent", "s3:GetObjectVersion", "s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTorrent", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions", "s3:ListMultipartUploadParts"}, []string{"%{Destination.Arn}", "%{Destination.Arn}/*"}}}
	s3Write          = []connectorStatement{{[]string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:RestoreObject"}, []string{"%{Destination.Arn}", "%{Destination.Arn}/*"}}}
	dynamoRead       = []connectorStatement{{[]string{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:PartiQLSelect"}, []string{"%{Destination.Arn}", "%{Destination.Arn}/index/*"}}}
	dynamoWrite      = []connectorStatement{{[]string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLDelete", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate"}, []string{"%{Destination.Arn}", "%{Destination.Arn}/index/*"}}}
	sfnExecutions    = "arn:aws:states:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":execution:%{Destination.Name}:*"
	executeAPIArnFmt = "arn:aws:execute-api:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":%{Source.ResourceId}/%{Source.Qualifier}"
)

// connectorProfiles maps source type, then destination type, to what the
// connector generates.
var connectorProfiles = map[string]map[string]connectorProfile{
	ctRule:    {ctLambda: {principal: "events.amazonaws.com", sourceArn: "%{Source.Arn}"}},
	ctREST:    {ctLambda: {principal: "apigateway.amazonaws.com", sourceArn: executeAPIArnFmt}},
	ctV2:      {ctLambda: {principal: "apigateway.amazonaws.com", sourceArn: executeAPIArnFmt}},
	ctSNS:     {ctLambda: {principal: "sns.amazonaws.com", sourceArn: "%{Source.Arn}"}},
	ctS3:      {ctLambda: {principal: "s3.amazonaws.com", sourceArn: "%{Source.Arn}", sourceAccount: true}},
	ctAppSync: {ctLambda: {principal: "appsync.amazonaws.com", sourceArn: "arn:aws:appsync:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":apis/%{Source.ResourceId}"}},
	ctSFN:     {ctLambda: {onSource: true, write: invokeStatement}},
	ctAppDS:   {ctLambda: {onSource: true, write: []connectorStatement{{[]string{"lambda:InvokeAsync", "lambda:InvokeFunction"}, []string{"%{Destination.Arn}", "%{Destination.Arn}:*"}}}}},
	ctDynamo:  {ctLambda: {read: []connectorStatement{{[]string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"}, []string{"%{Source.Arn}/stream/*"}}}}},
	ctSQS: {ctLambda: {
		read:  []connectorStatement{{[]string{"sqs:ReceiveMessage", "sqs:GetQueueAttributes"}, []string{"%{Source.Arn}"}}},
		write: []connectorStatement{{[]string{"sqs:DeleteMessage"}, []string{"%{Source.Arn}"}}}}},
	ctLambda: {
		ctLambda: {onSource: true, write: invokeStatement},
		ctS3:     {onSource: true, read: s3Read, write: s3Write},
		ctDynamo: {onSource: true, read: dynamoRead, write: dynamoWrite},
		ctSQS: {onSource: true,
			read:  []connectorStatement{{[]string{"sqs:ReceiveMessage", "sqs:GetQueueAttributes"}, []string{"%{Destination.Arn}"}}},
			write: []connectorStatement{{[]string{"sqs:DeleteMessage", "sqs:SendMessage", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue"}, []string{"%{Destination.Arn}"}}}},
		ctSNS: {onSource: true, write: []connectorStatement{{[]string{"sns:Publish"}, []string{"%{Destination.Arn}"}}}},
		ctSFN: {onSource: true,
			read: []connectorStatement{
				{[]string{"states:DescribeStateMachine", "states:ListExecutions"}, []string{"%{Destination.Arn}"}},
				{[]string{"states:DescribeExecution", "states:DescribeStateMachineForExecution", "states:GetExecutionHistory"}, []string{sfnExecutions}}},
			write: []connectorStatement{
				{[]string{"states:StartExecution", "states:StartSyncExecution"}, []string{"%{Destination.Arn}"}},
				{[]string{"states:StopExecution"}, []string{sfnExecutions}}}},
		ctBus:   {onSource: true, write: []connectorStatement{{[]string{"events:PutEvents"}, []string{"%{Destination.Arn}"}}}},
		ctPlace: {onSource: true, read: []connectorStatement{{[]string{"geo:DescribePlaceIndex", "geo:GetPlace", "geo:SearchPlaceIndexForPosition", "geo:SearchPlaceIndexForSuggestions", "geo:SearchPlaceIndexForText"}, []string{"%{Destination.Arn}"}}}},
	},
}

// connectorType maps a SAM resource type to the type the transform
// generates, which is what the profiles are keyed by.
func connectorType(typ string) string {
	switch typ {
	case "AWS::Serverless::Function":
		return ctLambda
	case "AWS::Serverless::Api":
		return ctREST
	case "AWS::Serverless::HttpApi", "AWS::Serverless::WebSocketApi":
		return ctV2
	case "AWS::Serverless::SimpleTable":
		return ctDynamo
	case "AWS::Serverless::StateMachine":
		return ctSFN
	case "AWS::Serverless::GraphQLApi":
		return ctAppSync
	}
	return typ
}

// expandConnectors expands every AWS::Serverless::Connector and every
// Connectors attribute. It runs after the other SAM resources are
// expanded, so functions have their roles.
func (t *template) expandConnectors(r *resolver) {
	for _, res := range append([]*resource(nil), t.resources...) {
		if res.typ == "AWS::Serverless::Connector" {
			t.expandConnector(res.id, res.props, &connectorEnd{}, r, res.at)
			continue
		}
		cs := res.raw.get("Connectors")
		for i, name := range cs.keysOrNil() {
			p, err := r.resolve(cs.vals[i].get("Properties"))
			if err != nil || p == nil || p.kind != kindMap {
				t.warnAt(cs.vals[i].line, cs.vals[i].col, "connector %s of %s cannot be read", name, res.id)
				continue
			}
			src := t.connectorEndOf(res, r, cs.vals[i])
			t.expandConnector(res.id+name, p, src, r, cs.vals[i])
		}
	}
}

// connectorEndOf describes a resource of the template as a connector end.
func (t *template) connectorEndOf(res *resource, r *resolver, at *value) *connectorEnd {
	e := &connectorEnd{typ: connectorType(res.typ), arn: r.arnOf(res), name: inventory.RefToken(res.id), resourceID: inventory.RefToken(res.id), qualifier: "*", at: at}
	if e.typ == ctLambda && res.props != nil {
		e.role = res.props.get("Role").text()
	}
	if e.typ == ctSFN && res.props != nil {
		e.role = res.props.get("Role").text()
		if e.role == "" {
			e.role = res.props.get("RoleArn").text()
		}
	}
	return e
}

// connectorEnds reads a connector's Source or Destination: {Id: X} for a
// resource of the template, or Type and Arn (with Name, ResourceId,
// Qualifier, RoleName) for anything else.
func (t *template) connectorEnds(v *value, r *resolver) []*connectorEnd {
	var out []*connectorEnd
	items := []*value{v}
	if v != nil && v.kind == kindList {
		items = v.list
	}
	for _, it := range items {
		if it == nil || it.kind != kindMap {
			continue
		}
		var e *connectorEnd
		if id := it.get("Id").text(); id != "" {
			res := t.byID[id]
			if res == nil {
				t.warnAt(it.line, it.col, "connector names %s, which is not a resource of this template", id)
				continue
			}
			e = t.connectorEndOf(res, r, it)
		} else {
			e = &connectorEnd{typ: connectorType(it.get("Type").text()), arn: it.get("Arn").text(), name: it.get("Name").text(), resourceID: it.get("ResourceId").text(), qualifier: "*", at: it}
		}
		if q := it.get("Qualifier").text(); q != "" {
			e.qualifier = q
		}
		if rn := it.get("RoleName").text(); rn != "" {
			e.role = rn
		}
		out = append(out, e)
	}
	return out
}

// expandConnector writes what one connector generates. src, when its typ
// is set, is the resource that embeds the connector.
func (t *template) expandConnector(id string, p *value, src *connectorEnd, r *resolver, at *value) {
	srcs := []*connectorEnd{src}
	if src.typ == "" {
		srcs = t.connectorEnds(p.get("Source"), r)
	}
	dsts := t.connectorEnds(p.get("Destination"), r)
	perms := map[string]bool{}
	for _, s := range p.get("Permissions").strings() {
		perms[s] = true
	}
	multi := p.get("Destination") != nil && p.get("Destination").kind == kindList
	for _, s := range srcs {
		for i, d := range dsts {
			prof, ok := connectorProfiles[s.typ][d.typ]
			if !ok {
				continue // a profile between two other services: not modelled
			}
			cid := id
			if multi {
				cid = fmt.Sprintf("%sDestination%d", id, i)
			}
			sub := strings.NewReplacer("%{Source.Arn}", s.arn, "%{Source.ResourceId}", s.resourceID, "%{Source.Qualifier}", s.qualifier,
				"%{Destination.Arn}", d.arn, "%{Destination.Name}", d.name)
			if prof.principal != "" {
				if !perms["Write"] {
					continue
				}
				kv := []any{"Action", "lambda:InvokeFunction", "FunctionName", d.arn, "Principal", prof.principal, "SourceArn", sub.Replace(prof.sourceArn)}
				if prof.sourceAccount {
					kv = append(kv, "SourceAccount", inventory.AccountIDToken)
				}
				t.add(cid+"WriteLambdaPermission", "AWS::Lambda::Permission", id, at, obj(at, kv...))
				continue
			}
			var stmts []*value
			for _, cat := range []string{"Read", "Write"} {
				if !perms[cat] {
					continue
				}
				list := prof.read
				if cat == "Write" {
					list = prof.write
				}
				for _, st := range list {
					res := make([]string, len(st.resources))
					for j, rs := range st.resources {
						res[j] = sub.Replace(rs)
					}
					stmts = append(stmts, obj(at, "Effect", "Allow", "Action", st.actions, "Resource", res))
				}
			}
			role := d.role
			if prof.onSource {
				role = s.role
			}
			if len(stmts) == 0 {
				continue
			}
			if role == "" {
				t.warnAt(at.line, at.col, "connector %s grants a role lambdasec cannot find; its policy is not modelled", id)
				continue
			}
			t.add(cid+"Policy", "AWS::IAM::ManagedPolicy", id, at, obj(at,
				"PolicyDocument", obj(at, "Version", "2012-10-17", "Statement", listAt(stmts, at)),
				"Roles", []string{role}))
		}
	}
}
