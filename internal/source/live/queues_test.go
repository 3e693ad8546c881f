package live

import (
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/rules"
	"github.com/lambdasec/lambdasec/internal/source/live/awstest"
)

const jobsQueue = "arn:aws:sqs:us-east-1:111122223333:jobs"

// TestCollectQueues: the queue a mapping polls and the queue a function
// sends failed events to are read with GetQueueAttributes (by the queue
// URL SQS gives them), and LS112 judges the polled queue's policy as it
// judges a template's.
func TestCollectQueues(t *testing.T) {
	s := fixtureServer(t)
	e := collectFixture(t, s)
	for _, id := range []string{jobsQueue, "arn:aws:sqs:us-east-1:111122223333:worker-dlq"} {
		o := otherByID(e, id)
		if o == nil || o.Type != inventory.TypeQueue || o.Policy == nil || len(o.Gaps) != 0 {
			t.Fatalf("queue %s: %+v", id, o)
		}
	}
	if n := s.Calls()["sqs:GetQueueAttributes"]; n != 2 {
		t.Errorf("%d GetQueueAttributes calls, want one per queue", n)
	}
	if f := judge(t, e, "LS112")[jobsQueue]; f.Status != rules.Fail || !strings.Contains(f.Message, "AnyoneSends") {
		t.Errorf("LS112 on the polled queue: %s %q", f.Status, f.Message)
	}
}

// TestCollectTopic: a topic named by SNS's invoke grant in a
// function's policy is read with GetTopicAttributes; a denied read is a
// gap of kind denied, and LS112 says UNKNOWN for it.
func TestCollectTopic(t *testing.T) {
	const topic = "arn:aws:sns:us-east-1:111122223333:alerts"
	s := fixtureServer(t)
	s.Handle("lambda", "GetPolicy", func(r *awstest.Request) awstest.Response {
		if r.PathParams["FunctionName"] != "worker" {
			return awstest.NotFound(r)
		}
		return awstest.JSON(r, map[string]any{"RevisionId": "r1", "Policy": `{"Version":"2012-10-17","Statement":[{"Sid":"sns","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111122223333:function:worker","Condition":{"ArnLike":{"AWS:SourceArn":"` + topic + `"}}}]}`})
	})
	pol := `{"Version":"2012-10-17","Statement":[{"Sid":"OpenPublish","Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish","Resource":"` + topic + `"}]}`
	s.Handle("sns", "GetTopicAttributes", func(r *awstest.Request) awstest.Response {
		if r.Params.Get("TopicArn") != topic {
			return awstest.Error(r, 404, "NotFound", "Topic does not exist")
		}
		return awstest.XML(r, "<Attributes><entry><key>Policy</key><value>"+xmlText(pol)+"</value></entry><entry><key>TopicArn</key><value>"+topic+"</value></entry></Attributes>")
	})
	e := collectFixture(t, s)
	o := otherByID(e, topic)
	if o == nil || o.Type != inventory.TypeTopic || o.Policy == nil || !strings.Contains(string(o.Policy.Document), "OpenPublish") {
		t.Fatalf("topic: %+v", o)
	}
	if f := judge(t, e, "LS112")[topic]; f.Status != rules.Fail {
		t.Errorf("LS112 on the topic: %s %q", f.Status, f.Message)
	}

	s.Handle("sns", "GetTopicAttributes", awstest.AccessDenied)
	e = collectFixture(t, s)
	o = otherByID(e, topic)
	if g, ok := o.Gap(inventory.FieldPermissions); !ok || g.Kind != inventory.GapDenied || g.Call != "sns:GetTopicAttributes" {
		t.Fatalf("denied topic: gap %+v", g)
	}
	if f := judge(t, e, "LS112")[topic]; f.Status != rules.Unknown {
		t.Errorf("LS112 on the denied topic: %s %q, want UNKNOWN", f.Status, f.Message)
	}
}

func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
