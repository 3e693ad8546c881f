package live

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// TestAccountHTTPClient: the client of one account of an organization
// keeps its connection for reuse, closes it when told the account is read,
// follows 307 but not 302 (as the SDK's client); a caller's own client is
// left alone.
func TestAccountHTTPClient(t *testing.T) {
	var mu sync.Mutex
	states := map[net.Conn]http.ConnState{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/302":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/307":
			http.Redirect(w, r, "/ok", http.StatusTemporaryRedirect)
		default:
			io.WriteString(w, "ok")
		}
	}))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		states[c] = s
	}
	srv.Start()
	defer srv.Close()

	c, closeIdle := accountHTTPClient(awshttp.NewBuildableClient())
	get := func(path string) int {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("/302"); code != http.StatusFound {
		t.Errorf("302: got %d, want the redirect itself", code)
	}
	if code := get("/307"); code != http.StatusOK {
		t.Errorf("307: got %d, want it followed", code)
	}
	count := func(want http.ConnState) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, s := range states {
			if s == want {
				n++
			}
		}
		return n
	}
	if n := count(http.StateIdle); n != 1 {
		t.Fatalf("%d idle connections after three requests, want 1 (reused)", n)
	}
	closeIdle()
	deadline := time.Now().Add(5 * time.Second)
	for count(http.StateClosed) != 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := count(http.StateClosed); n != 1 {
		t.Errorf("%d connections closed once the account is read, want 1", n)
	}

	own := srv.Client()
	if got, _ := accountHTTPClient(own); got != own {
		t.Error("a caller's *http.Client was replaced")
	}
}
