package exposure_test

import (
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/exposure"
)

// busEstate is a custom bus with a rule sending its events to the admin
// function, and a bus policy statement (as written in the Statement
// property of an AWS::Events::EventBusPolicy).
func busEstate(statement string) string {
	return adminFunction + `  Bus:
    Type: AWS::Events::EventBus
    Properties: {Name: orders}
  BusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref Bus
      StatementId: partner
      Statement:
` + statement + `  Rule:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref Bus
      EventPattern: {source: [partner.orders]}
      Targets: [{Id: admin, Arn: !GetAtt Admin.Arn}]
`
}

// TestBusEntries checks a bus other accounts may put events on, with a
// rule targeting a function, is an entry point of accounts not trusted
// (high with an admin role, at the policy statement's line), in both
// forms of EventBusPolicy; and that a policy bounded to the
// organization (aws:PrincipalOrgID) or to a trusted account is not.
func TestBusEntries(t *testing.T) {
	foreign := `        {Sid: partner, Effect: Allow, Principal: {AWS: "arn:aws:iam::444455556666:root"}, Action: events:PutEvents, Resource: !GetAtt Bus.Arn}
`
	ps := pathsOf(readString(t, busEstate(foreign)))
	if len(ps) != 1 || ps[0].Entry.EntryKind != exposure.EntryBus || ps[0].Access != exposure.AccessForeign || ps[0].Severity != "high" {
		for _, p := range ps {
			t.Logf("path %s (%s %s)", p.ID, p.Access, p.Severity)
		}
		t.Fatalf("%d paths; want one high path from the bus", len(ps))
	}
	if e := ps[0].Entry; e.Label != "bus orders" || !strings.Contains(e.Detail, "account 444455556666") || !strings.Contains(e.Detail, "rule Rule") || e.Source.Line < 14 {
		t.Errorf("entry %q (%s) at %v", e.Label, e.Detail, e.Source)
	}
	legacy := adminFunction + `  BusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: partner
      Action: events:PutEvents
      Principal: "444455556666"
  Rule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: {source: [partner.orders]}
      Targets: [{Id: admin, Arn: !GetAtt Admin.Arn}]
`
	if ps := pathsOf(readString(t, legacy)); len(ps) != 1 || ps[0].Entry.Label != "bus default" {
		t.Errorf("the default bus, older EventBusPolicy form: %d paths; want one from bus default", len(ps))
	}
	org := `        Sid: org
        Effect: Allow
        Principal: "*"
        Action: events:PutEvents
        Resource: !GetAtt Bus.Arn
        Condition: {StringEquals: {aws:PrincipalOrgID: o-abc123}}
`
	if ps := pathsOf(readString(t, busEstate(org))); len(ps) != 0 {
		t.Errorf("bus policy limited to the organization: %d paths, first %s; want none", len(ps), ps[0].ID)
	}
	if ps := graphWith(readString(t, busEstate(foreign)), exposure.GraphOptions{Trusted: []string{"444455556666"}}).Paths(); len(ps) != 0 {
		t.Errorf("bus policy for a trusted account: %d paths; want none", len(ps))
	}
}

// TestStreamEntries checks a Kinesis stream and a DynamoDB table whose
// resource policies let another account write are entry points of the
// functions their streams feed, and a stream without a policy is not.
func TestStreamEntries(t *testing.T) {
	kinesis := adminFunction + `      Events:
        Records: {Type: Kinesis, Properties: {Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST}}
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties: {Name: clicks, ShardCount: 1}
`
	policy := `  ClicksPolicy:
    Type: AWS::Kinesis::ResourcePolicy
    Properties:
      ResourceArn: !GetAtt Clicks.Arn
      ResourcePolicy:
        Statement:
          - {Effect: Allow, Principal: {AWS: "444455556666"}, Action: kinesis:PutRecords, Resource: !GetAtt Clicks.Arn}
`
	if ps := pathsOf(readString(t, kinesis)); len(ps) != 0 {
		t.Errorf("a stream with no resource policy: %d paths; want none", len(ps))
	}
	ps := pathsOf(readString(t, kinesis+policy))
	if len(ps) != 1 || ps[0].Entry.Label != "stream clicks" || ps[0].Access != exposure.AccessForeign || ps[0].Entry.Source.Line == 0 {
		for _, p := range ps {
			t.Logf("path %s", p.ID)
		}
		t.Fatalf("%d paths; want one from stream clicks", len(ps))
	}
	table := adminFunction + `      Events:
        Changes: {Type: DynamoDB, Properties: {Stream: !GetAtt Orders.StreamArn, StartingPosition: LATEST}}
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      StreamSpecification: {StreamViewType: NEW_IMAGE}
      ResourcePolicy:
        PolicyDocument:
          Statement:
            - {Effect: Allow, Principal: {AWS: "arn:aws:iam::444455556666:root"}, Action: dynamodb:PutItem, Resource: "*"}
`
	ps = pathsOf(readString(t, table))
	if len(ps) != 1 || ps[0].Entry.Label != "stream of table orders" {
		for _, p := range ps {
			t.Logf("path %s", p.ID)
		}
		t.Fatalf("%d paths; want one from the table's stream", len(ps))
	}
}
