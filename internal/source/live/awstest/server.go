// Package awstest is a fake AWS endpoint for tests: an httptest server that
// answers the real aws-sdk-go-v2 clients with AWS-shaped responses. It
// routes each request by the service and region of its SigV4 credential
// scope and by the operation, which it reads the way AWS does for each
// protocol: the Action parameter (Query: IAM, STS, EC2, ELBv2), the
// X-Amz-Target header (JSON 1.0/1.1), the path (RPC v2 CBOR: CloudWatch),
// or the method and path (REST-JSON: Lambda, API Gateway, GuardDuty,
// Inspector).
//
// Handlers return responses written with the helpers of this package
// (XML, JSON, REST), or AWS errors (Error). Faults injects throttling and
// server errors at random, for the retry tests; Calls counts what the
// client asked for.
package awstest

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// Request is one request as a handler sees it.
type Request struct {
	Service   string // SigV4 service: "lambda", "iam", "ec2", "monitoring"...
	Region    string
	Operation string
	// Params are the Query-protocol parameters (form body) or, for REST,
	// the query string.
	Params url.Values
	// PathParams are the {Label} values of a REST route.
	PathParams map[string]string
	Body       []byte
	HTTP       *http.Request
}

// Response is what a handler returns.
type Response struct {
	Status      int
	ContentType string
	Header      http.Header
	Body        []byte
}

// Handler answers one operation.
type Handler func(r *Request) Response

type key struct{ service, region, op string }

// Server is the fake endpoint.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	handlers map[key]Handler
	calls    map[string]int // "service:Operation"
	regions  map[string]int // "service:region:Operation"
	// paths are the URL paths of the requests of each REST operation.
	paths  map[string][]string
	faults *Faults
	rng    *rand.Rand
	// Unhandled lists requests no handler answered ("service region op").
	unhandled []string
	// Delay is added before every response (to model latency).
	Delay time.Duration
	// fixtures answer what no handler does (see Fixtures).
	fixtures *fixtureSet
	// emptyDefault answers what neither does with an empty success.
	emptyDefault bool
	quotas       []*quota
	throttled    int
	packages     map[string][]byte
}

// Faults makes the server fail a share of requests: Throttle of them with
// the protocol's throttling error (HTTP 400/429 ThrottlingException or
// TooManyRequestsException), Error of them with HTTP 500.
type Faults struct {
	Throttle float64
	Error    float64
	Seed     int64
}

// New starts a server; it is closed when the test ends.
func New(tb interface{ Cleanup(func()) }) *Server {
	s := &Server{handlers: map[key]Handler{}, calls: map[string]int{}, regions: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// Handle answers operation op of service in every region. Region-specific
// handlers (HandleRegion) take precedence.
func (s *Server) Handle(service, op string, h Handler) {
	s.HandleRegion(service, "*", op, h)
}

// HandleRegion answers operation op of service in one region.
func (s *Server) HandleRegion(service, region, op string, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[key{service, region, op}] = h
}

// SetFaults turns fault injection on (or off, with nil).
func (s *Server) SetFaults(f *Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	if f != nil {
		s.rng = rand.New(rand.NewSource(f.Seed))
	}
}

// Calls returns how many requests each operation received
// ("lambda:GetPolicy" -> 12), including those that failed.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// Paths returns the URL paths (unescaped) of the requests a REST
// operation received ("lambda:GetPolicy" -> "/2015-03-31/functions/fn-0001/policy"...),
// sorted: which resources it was asked about.
func (s *Server) Paths(op string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.paths[op]...)
	sort.Strings(out)
	return out
}

// Unhandled returns the requests no handler answered, sorted.
func (s *Server) Unhandled() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.unhandled...)
	sort.Strings(out)
	return out
}

var scopeRE = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	body, _ := io.ReadAll(hr.Body)
	if name, ok := strings.CutPrefix(hr.URL.Path, codePath); ok {
		// A presigned package download: no SigV4 header.
		s.mu.Lock()
		pkg, found := s.packages[name]
		s.mu.Unlock()
		if !found {
			http.Error(w, "NoSuchKey", http.StatusNotFound)
			return
		}
		_, _ = w.Write(pkg)
		return
	}
	m := scopeRE.FindStringSubmatch(hr.Header.Get("Authorization"))
	if m == nil {
		http.Error(w, "request is not signed with SigV4", http.StatusForbidden)
		return
	}
	r := &Request{Region: m[1], Service: m[2], Body: body, HTTP: hr, Params: url.Values{}}
	proto := protocolOf(r.Service)
	switch proto {
	case protoQuery:
		r.Params, _ = url.ParseQuery(string(body))
		r.Operation = r.Params.Get("Action")
	case protoJSON:
		t := hr.Header.Get("X-Amz-Target")
		r.Operation = t[strings.LastIndexByte(t, '.')+1:]
	case protoCBOR:
		r.Operation = hr.URL.Path[strings.LastIndex(hr.URL.Path, "/")+1:]
	case protoREST:
		r.Params = hr.URL.Query()
		r.Operation, r.PathParams = matchRoute(r.Service, hr.Method, hr.URL.EscapedPath())
	case protoRESTXML:
		r.Params = hr.URL.Query()
		r.Operation, r.PathParams = matchS3(hr.Method, hr.URL.Path, r.Params)
	}
	if s.Delay > 0 {
		time.Sleep(s.Delay)
	}
	s.mu.Lock()
	s.calls[r.Service+":"+r.Operation]++
	s.regions[r.Service+":"+r.Region+":"+r.Operation]++
	if proto == protoREST || proto == protoRESTXML {
		if s.paths == nil {
			s.paths = map[string][]string{}
		}
		s.paths[r.Service+":"+r.Operation] = append(s.paths[r.Service+":"+r.Operation], hr.URL.Path)
	}
	h := s.handlers[key{r.Service, r.Region, r.Operation}]
	if h == nil {
		h = s.handlers[key{r.Service, "*", r.Operation}]
	}
	var fault string
	if s.faults != nil {
		x := s.rng.Float64()
		switch {
		case x < s.faults.Throttle:
			fault = "throttle"
		case x < s.faults.Throttle+s.faults.Error:
			fault = "error"
		}
	}
	fx := s.fixtures
	empty := s.emptyDefault
	var overQuota bool
	for _, q := range s.quotas {
		if q.match(r.Service, r.Operation) {
			if !q.allow(r.Region) {
				overQuota = true
				s.throttled++
			}
			break
		}
	}
	s.mu.Unlock()
	if h == nil && fx != nil {
		if resp, ok := fx.answer(r); ok {
			h = func(*Request) Response { return resp }
		}
	}
	if h == nil && empty {
		h = emptyAnswer
	}
	if overQuota {
		fault = "throttle"
	}
	if h == nil {
		s.mu.Lock()
		s.unhandled = append(s.unhandled, fmt.Sprintf("%s %s %s %s", r.Service, r.Region, hr.Method, opOrPath(r)))
		s.mu.Unlock()
	}
	var resp Response
	switch {
	case fault == "throttle":
		resp = Throttle(r)
	case fault == "error":
		resp = Error(r, 500, "InternalFailure", "injected server error")
	case h == nil:
		resp = Error(r, 400, "UnknownOperationException", "awstest: no handler for "+r.Service+" "+opOrPath(r))
	default:
		resp = h(r)
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if resp.ContentType != "" {
		w.Header().Set("Content-Type", resp.ContentType)
	}
	w.Header().Set("X-Amzn-RequestId", "00000000-0000-0000-0000-000000000000")
	if resp.Status == 0 {
		resp.Status = 200
	}
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}

func opOrPath(r *Request) string {
	if r.Operation != "" {
		return r.Operation
	}
	return r.HTTP.URL.Path
}

type protocol int

const (
	protoQuery protocol = iota
	protoJSON
	protoREST
	protoCBOR
	protoRESTXML // S3
)

// protocolOf returns the wire protocol of a service by its signing name.
func protocolOf(service string) protocol {
	switch service {
	case "iam", "sts", "ec2", "elasticloadbalancing", "sns":
		return protoQuery
	case "lambda", "apigateway", "guardduty", "inspector2":
		return protoREST
	case "monitoring":
		return protoCBOR
	case "s3":
		return protoRESTXML
	}
	return protoJSON
}

// route is a REST operation: method and URI template.
type route struct {
	method, op string
	re         *regexp.Regexp
	names      []string
}

var routes = map[string][]route{}

// addRoute registers "METHOD /path/{Label}/more" for an operation.
func addRoute(service, op, spec string) {
	method, path, _ := strings.Cut(spec, " ")
	path, _, _ = strings.Cut(path, "?")
	path = strings.TrimSuffix(path, "/")
	var names []string
	var b strings.Builder
	b.WriteString("^")
	rest := path
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		j := strings.IndexByte(rest, '}')
		b.WriteString(regexp.QuoteMeta(rest[:i]))
		name := strings.TrimSuffix(rest[i+1:j], "+")
		names = append(names, name)
		if strings.HasSuffix(rest[i+1:j], "+") {
			b.WriteString("(.+)")
		} else {
			b.WriteString("([^/]+)")
		}
		rest = rest[j+1:]
	}
	b.WriteString("/?$")
	routes[service] = append(routes[service], route{method: method, op: op, re: regexp.MustCompile(b.String()), names: names})
}

func matchRoute(service, method, path string) (string, map[string]string) {
	for _, rt := range routes[service] {
		if rt.method != method {
			continue
		}
		m := rt.re.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		params := map[string]string{}
		for i, n := range rt.names {
			v, err := url.PathUnescape(m[i+1])
			if err != nil {
				v = m[i+1]
			}
			params[n] = v
		}
		return rt.op, params
	}
	return "", nil
}

// Error returns an AWS error response in the request's protocol.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html,
// https://smithy.io/2.0/aws/protocols/ (error shapes of each protocol).
func Error(r *Request, status int, code, message string) Response {
	switch protocolOf(r.Service) {
	case protoQuery:
		if r.Service == "ec2" {
			return Response{Status: status, ContentType: "text/xml", Body: []byte(fmt.Sprintf(
				`<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>`, esc(code), esc(message)))}
		}
		kind := "Sender"
		if status >= 500 {
			kind = "Receiver"
		}
		return Response{Status: status, ContentType: "text/xml", Body: []byte(fmt.Sprintf(
			`<ErrorResponse><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`, kind, esc(code), esc(message)))}
	case protoREST:
		h := http.Header{}
		h.Set("X-Amzn-ErrorType", code)
		return Response{Status: status, ContentType: "application/json", Header: h, Body: []byte(fmt.Sprintf(`{"message":%q,"Type":"User"}`, message))}
	case protoCBOR:
		return Response{Status: status, ContentType: "application/cbor", Header: http.Header{"Smithy-Protocol": {"rpc-v2-cbor"}}, Body: cborError(code, message)}
	case protoRESTXML:
		return s3Error(status, code, message)
	}
	return Response{Status: status, ContentType: "application/x-amz-json-1.1", Body: []byte(fmt.Sprintf(`{"__type":%q,"message":%q}`, code, message))}
}

// Throttle returns the throttling error of the request's service.
func Throttle(r *Request) Response {
	switch protocolOf(r.Service) {
	case protoREST:
		resp := Error(r, 429, "TooManyRequestsException", "Rate exceeded")
		resp.Header.Set("Retry-After", "0")
		return resp
	case protoQuery:
		if r.Service == "ec2" {
			return Error(r, 503, "RequestLimitExceeded", "Request limit exceeded.")
		}
		return Error(r, 400, "Throttling", "Rate exceeded")
	case protoRESTXML:
		return Error(r, 503, "SlowDown", "Please reduce your request rate.")
	}
	return Error(r, 400, "ThrottlingException", "Rate exceeded")
}

// AccessDenied returns the access-denied error of the request's service.
func AccessDenied(r *Request) Response {
	msg := fmt.Sprintf("User: arn:aws:sts::111122223333:assumed-role/audit/lambdasec is not authorized to perform: %s:%s", r.Service, r.Operation)
	switch protocolOf(r.Service) {
	case protoQuery:
		if r.Service == "ec2" {
			return Error(r, 403, "UnauthorizedOperation", msg)
		}
		return Error(r, 403, "AccessDenied", msg)
	case protoREST:
		return Error(r, 403, "AccessDeniedException", msg)
	case protoRESTXML:
		return Error(r, 403, "AccessDenied", "Access Denied")
	}
	return Error(r, 400, "AccessDeniedException", msg)
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xmlEscape(&b, s)
	return b.String()
}
