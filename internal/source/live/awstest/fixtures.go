package awstest

import (
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Fixtures answers every request no handler takes from files under dir,
// laid out by service signing name and operation:
//
//	dir/<service>/<Operation>[/<key>][~<token>].<ext>
//
// key is, for REST operations, the path parameters in route order joined
// by "@" with the Qualifier query parameter appended ("my-fn@live"); for
// the other protocols, the value of the request parameter named in keys
// for the operation (keys["GetKeyRotationStatus"] = "KeyId"), if any.
// token is the pagination token the request carries (Marker, NextToken,
// position...), so page 2 of an operation is "<Operation>~<token>".
// ext is xml for the Query protocol and json otherwise (CloudWatch's CBOR
// answers are written as JSON and converted). The file's content is the
// response body as AWS sends it. A file named "<...>.error" holds
// "<status> <code> <message>" and makes the request fail.
//
// A request with no file gets NotFound(r) when its operation is in
// notFound (GetPolicy of a function without a policy is a 404 at AWS),
// and otherwise an UnknownOperationException the test sees in Unhandled.
func (s *Server) Fixtures(dir string, keys map[string]string, notFound ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	nf := map[string]bool{}
	for _, op := range notFound {
		nf[op] = true
	}
	all := map[string]string{}
	if data, err := os.ReadFile(filepath.Join(dir, "keys.json")); err == nil {
		_ = json.Unmarshal(data, &all)
	}
	for k, v := range keys {
		all[k] = v
	}
	s.fixtures = &fixtureSet{dir: dir, keys: all, notFound: nf}
}

type fixtureSet struct {
	dir      string
	keys     map[string]string
	notFound map[string]bool
}

// tokenParams are the names AWS APIs give the pagination token.
var tokenParams = []string{"Marker", "NextToken", "nextToken", "position", "marker", "PaginationToken"}

func (fx *fixtureSet) answer(r *Request) (Response, bool) {
	var key, token string
	var body map[string]any
	switch protocolOf(r.Service) {
	case protoREST:
		var parts []string
		for _, rt := range routes[r.Service] {
			if rt.op == r.Operation {
				for _, n := range rt.names {
					parts = append(parts, r.PathParams[n])
				}
				break
			}
		}
		if q := r.Params.Get("Qualifier"); q != "" {
			parts = append(parts, q)
		}
		key = strings.Join(parts, "@")
		for _, t := range tokenParams {
			if v := r.Params.Get(t); v != "" {
				token = v
			}
		}
		if len(r.Body) > 0 {
			_ = json.Unmarshal(r.Body, &body)
		}
	case protoRESTXML:
		key = r.PathParams["Bucket"]
	case protoQuery:
		if k := fx.keys[r.Operation]; k != "" {
			key = r.Params.Get(k)
		}
		for _, t := range tokenParams {
			if v := r.Params.Get(t); v != "" {
				token = v
			}
		}
	default:
		if len(r.Body) > 0 && protocolOf(r.Service) == protoJSON {
			_ = json.Unmarshal(r.Body, &body)
		}
	}
	if body != nil {
		if k := fx.keys[r.Operation]; k != "" {
			if v, ok := body[k].(string); ok {
				key = v
			}
		}
		for _, t := range tokenParams {
			if v, ok := body[t].(string); ok && v != "" {
				token = v
			}
		}
	}
	name := safeName(r.Operation)
	if key != "" {
		name = filepath.Join(name, safeName(key))
	}
	if token != "" {
		name += "~" + safeName(token)
	}
	base := filepath.Join(fx.dir, r.Service, name)
	if data, err := os.ReadFile(base + ".error"); err == nil {
		var status int
		var code, msg string
		fields := strings.SplitN(strings.TrimSpace(string(data)), " ", 3)
		if len(fields) == 3 {
			code, msg = fields[1], fields[2]
			for _, c := range fields[0] {
				status = status*10 + int(c-'0')
			}
			if code == "AccessDenied" {
				return AccessDenied(r), true
			}
			return Error(r, status, code, msg), true
		}
	}
	ext := ".json"
	if protocolOf(r.Service) == protoQuery || protocolOf(r.Service) == protoRESTXML && r.Operation != "GetBucketPolicy" {
		ext = ".xml"
	}
	data, err := os.ReadFile(base + ext)
	if errors.Is(err, fs.ErrNotExist) {
		if fx.notFound[r.Operation] {
			return NotFound(r), true
		}
		return Response{}, false
	}
	if err != nil {
		return Error(r, 500, "InternalFailure", "awstest: "+err.Error()), true
	}
	switch protocolOf(r.Service) {
	case protoQuery:
		return Response{ContentType: "text/xml", Body: data}, true
	case protoCBOR:
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return Error(r, 500, "InternalFailure", "awstest: "+base+ext+": "+err.Error()), true
		}
		return CBOR(intsOf(v)), true
	case protoREST:
		return Response{ContentType: "application/json", Body: data}, true
	case protoRESTXML:
		if ext == ".json" {
			return Response{ContentType: "application/json", Body: data}, true
		}
		return Response{ContentType: "application/xml", Body: data}, true
	}
	return Response{ContentType: "application/x-amz-json-1.1", Body: data}, true
}

// intsOf turns JSON's whole-number floats into ints, for CBOR.
func intsOf(v any) any {
	switch v := v.(type) {
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return int(v)
		}
	case []any:
		for i := range v {
			v[i] = intsOf(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = intsOf(v[k])
		}
	}
	return v
}

// safeName makes a key or operation usable as a file name on every
// system and in a Go module zip: ":" (ARNs, "v2:GetApis") and "/" become
// "_".
func safeName(s string) string {
	return strings.NewReplacer(":", "_", "/", "_", "\\", "_").Replace(s)
}

// NotFound returns the not-found error of the request's service
// (ResourceNotFoundException, HTTP 404, for Lambda).
func NotFound(r *Request) Response {
	switch protocolOf(r.Service) {
	case protoRESTXML:
		return s3NotFound(r)
	case protoQuery:
		return Error(r, 404, "NoSuchEntity", "The resource cannot be found.")
	case protoREST:
		if r.Service == "apigateway" {
			return Error(r, 404, "NotFoundException", "Invalid resource identifier specified")
		}
		return Error(r, 404, "ResourceNotFoundException", "The resource you requested does not exist.")
	}
	return Error(r, 400, "ResourceNotFoundException", "The resource you requested does not exist.")
}

// FixtureFiles lists the fixture files under dir, for a test that checks
// each was used (sorted, relative to dir).
func FixtureFiles(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out
}
