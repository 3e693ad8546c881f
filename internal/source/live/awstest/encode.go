package awstest

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aws/smithy-go/encoding/cbor"
)

func xmlEscape(w io.Writer, s string) error { return xml.EscapeText(w, []byte(s)) }

// xmlNamespaces are the XML namespaces of the Query-protocol services.
var xmlNamespaces = map[string]string{
	"iam":                  "https://iam.amazonaws.com/doc/2010-05-08/",
	"sts":                  "https://sts.amazonaws.com/doc/2011-06-15/",
	"elasticloadbalancing": "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
	"ec2":                  "http://ec2.amazonaws.com/doc/2016-11-15/",
	"sns":                  "http://sns.amazonaws.com/doc/2010-03-31/",
}

// XML returns a Query-protocol response for the request's operation:
// <OpResponse><OpResult>inner</OpResult><ResponseMetadata/></OpResponse>,
// or for EC2, which has no Result element, <OpResponse>inner</OpResponse>.
// inner is XML text the caller writes (use X to build it safely).
func XML(r *Request, inner string) Response {
	op := r.Operation
	ns := xmlNamespaces[r.Service]
	var body string
	if r.Service == "ec2" {
		body = fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<%sResponse xmlns="%s"><requestId>00000000-0000-0000-0000-000000000000</requestId>%s</%sResponse>`, op, ns, inner, op)
	} else {
		body = fmt.Sprintf(`<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></%sResponse>`, op, ns, op, inner, op, op)
	}
	return Response{ContentType: "text/xml", Body: []byte(body)}
}

// X writes an XML element with escaped text, or with raw XML children when
// the value is an XMLNode list. It is a small builder for XML responses:
//
//	X("member", X("RoleName", "r"), X("Arn", arn))
func X(name string, children ...any) string {
	var b strings.Builder
	b.WriteString("<" + name + ">")
	for _, c := range children {
		switch c := c.(type) {
		case Raw:
			b.WriteString(string(c))
		case string:
			_ = xmlEscape(&b, c)
		case int:
			fmt.Fprint(&b, c)
		case bool:
			fmt.Fprint(&b, c)
		case []string: // already-built child elements
			b.WriteString(strings.Join(c, ""))
		default:
			_ = xmlEscape(&b, fmt.Sprint(c))
		}
	}
	b.WriteString("</" + name + ">")
	return b.String()
}

// Raw is XML that X copies as it is (built by X).
type Raw string

// Members wraps elements as <name><member>...</member></name>, the Query
// protocol's list form (EC2 uses <name><item>...</item></name>: see Items).
func Members(name string, items []string) string {
	return "<" + name + ">" + wrapEach("member", items) + "</" + name + ">"
}

// Items is the EC2 list form <name><item>...</item></name>.
func Items(name string, items []string) string {
	return "<" + name + ">" + wrapEach("item", items) + "</" + name + ">"
}

func wrapEach(tag string, items []string) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString("<" + tag + ">" + it + "</" + tag + ">")
	}
	return b.String()
}

// JSON returns a JSON response: application/x-amz-json-1.1 for the JSON
// protocols, application/json for REST.
func JSON(r *Request, v any) Response {
	b, err := json.Marshal(v)
	if err != nil {
		return Error(r, 500, "InternalFailure", "awstest: "+err.Error())
	}
	ct := "application/x-amz-json-1.1"
	if protocolOf(r.Service) == protoREST {
		ct = "application/json"
	}
	return Response{ContentType: ct, Body: b}
}

// CBOR returns an RPC v2 CBOR response (CloudWatch) from plain Go data:
// maps, slices, strings, bools, ints and float64.
// https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html
func CBOR(v any) Response {
	return Response{ContentType: "application/cbor", Header: map[string][]string{"Smithy-Protocol": {"rpc-v2-cbor"}}, Body: cbor.Encode(toCBOR(v))}
}

func toCBOR(v any) cbor.Value {
	switch v := v.(type) {
	case nil:
		return &cbor.Nil{}
	case string:
		return cbor.String(v)
	case bool:
		return cbor.Bool(v)
	case int:
		if v < 0 {
			return cbor.NegInt(uint64(-v))
		}
		return cbor.Uint(uint64(v))
	case float64:
		return cbor.Float64(v)
	case []any:
		l := make(cbor.List, len(v))
		for i, x := range v {
			l[i] = toCBOR(x)
		}
		return l
	case map[string]any:
		m := cbor.Map{}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m[k] = toCBOR(v[k])
		}
		return m
	}
	return cbor.String(fmt.Sprint(v))
}

func cborError(code, message string) []byte {
	return cbor.Encode(cbor.Map{"__type": cbor.String(code), "message": cbor.String(message)})
}
