package code_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs/code"
)

// TestReadZip reads a zip package: calls are placed in it ("fn.zip!/
// app.py"), a file over MaxFileBytes is skipped and named, an entry
// escaping the package is not read, and a package several functions
// share is read once.
func TestReadZip(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"app.py":       "import boto3, os\nboto3.client('sns').publish(TopicArn=os.environ['TOPIC_ARN'], Message='x')\n",
		"big.py":       "import boto3\nboto3.client('iam').create_user(UserName='x')\n" + strings.Repeat("# padding\n", 200),
		"../escape.py": "import boto3\nboto3.client('iam').delete_role(RoleName='x')\n",
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	zw.Close()
	pkg := filepath.Join(t.TempDir(), "fn.zip")
	if err := os.WriteFile(pkg, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	e, f := testEstate()
	f.Code = &inventory.Code{LocalPath: pkg}
	a := code.New(code.Options{Estate: e, MaxFileBytes: 1000})
	res, ok := a.Read(f)
	if !ok || res.Files != 1 || len(res.Calls) != 1 || res.Calls[0].File != pkg+"!/app.py" || res.Calls[0].Line != 2 {
		t.Fatalf("Read: ok %v, %d files, calls %+v; want the one call of app.py at %s!/app.py:2", ok, res.Files, res.Calls, pkg)
	}
	if len(res.Problems) != 2 || !strings.Contains(strings.Join(res.Problems, "\n"), "big.py") || !strings.Contains(strings.Join(res.Problems, "\n"), "escape") {
		t.Errorf("problems %q, want big.py over the limit and the escaping entry", res.Problems)
	}
	got, ok := a.Code(f)
	if !ok || len(got) != 1 || got[0].Action != "sns:Publish" || got[0].Resource != alerts || got[0].Count != 1 {
		t.Errorf("Code: ok %v, %+v; want sns:Publish on %s once", ok, got, alerts)
	}
	// A second function on the same package: the same calls, its own
	// environment.
	g := &inventory.Function{Resource: inventory.Resource{ID: "Other", Region: "us-east-1"}, Code: &inventory.Code{LocalPath: pkg},
		Environment: []inventory.EnvVar{{Name: "TOPIC_ARN", Value: "arn:aws:sns:us-east-1:" + acct + ":other"}}}
	if got, _ := a.Code(g); len(got) != 1 || got[0].Resource != "arn:aws:sns:us-east-1:"+acct+":other" {
		t.Errorf("second function: %+v; want sns:Publish on its own topic", got)
	}
}

// TestSameCallTwice merges the needs of two call sites of one action on
// one resource, counting them, and keeps the first site as evidence.
func TestSameCallTwice(t *testing.T) {
	e, f := testEstate()
	a := code.New(code.Options{Estate: e})
	src := "import boto3, os\nq = boto3.client('sqs')\nq.send_message(QueueUrl=os.environ['QUEUE_URL'], MessageBody='a')\nq.send_message(QueueUrl=os.environ['QUEUE_URL'], MessageBody='b')\n"
	got := a.Needs(f, a.Calls("app.py", []byte(src)))
	if len(got) != 1 || got[0].Count != 2 || got[0].Line != 3 {
		t.Errorf("needs %+v; want one sqs:SendMessage counted twice, at line 3", got)
	}
}

// TestConcurrent analyses functions sharing a package from several
// goroutines (go test -race checks the cache).
func TestConcurrent(t *testing.T) {
	e, f := testEstate()
	dir := t.TempDir()
	writeFile(t, dir, "app.py", "import boto3, os\nboto3.client('sqs').send_message(QueueUrl=os.environ['QUEUE_URL'], MessageBody='x')\n")
	f.Code = &inventory.Code{LocalPath: dir}
	a := code.New(code.Options{Estate: e})
	done := make(chan int)
	for range 8 {
		go func() {
			got, _ := a.Code(f)
			done <- len(got)
		}()
	}
	for range 8 {
		if n := <-done; n != 1 {
			t.Errorf("%d needs, want 1", n)
		}
	}
}
