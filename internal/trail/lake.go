package trail

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// ReadLake reads a CloudTrail Lake query result in CSV (the
// result_N.csv.gz files a query saves to S3, decompressed): a header row
// naming the columns selected, one record per row. A column named
// eventJson (or CloudTrailEvent) holding the whole record as JSON is read
// as such; otherwise the record is put together from the columns named
// like the record's fields (eventName, eventTime, userIdentity,
// requestParameters...; case does not matter), whose struct and map
// values may be JSON or Lake's rendering {key=value, key={...}}. Rows of
// other services are dropped. A row that is not valid is a problem of the
// file, and does not stop it.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-results.html
func (r *Reader) ReadLake(name string, in io.Reader) error {
	cr := csv.NewReader(in)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	b := &batch{}
	defer func() {
		r.add(b)
		r.mu.Lock()
		r.stats.Files++
		r.mu.Unlock()
	}()
	header, err := cr.Read()
	if err == io.EOF {
		return diag(name, 0, "empty: want a CloudTrail Lake query result (CSV with a header row)")
	}
	if err != nil {
		return csvError(name, err)
	}
	cols := make([]string, len(header))
	whole := -1
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		cols[i] = h
		if h == "eventjson" || h == "cloudtrailevent" {
			whole = i
		}
	}
	if whole < 0 && !containsStr(cols, "eventname") {
		return diag(name, 1, "no eventName or eventJson column: select them in the Lake query (SELECT eventJson FROM ... or SELECT eventID, eventName, eventTime, ...)")
	}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(name, err)
		}
		b.records++
		if !rowMentionsLambda(rec) {
			continue
		}
		at := inventory.Source{File: name, Line: row}
		var data []byte
		if whole >= 0 && whole < len(rec) && strings.TrimSpace(rec[whole]) != "" {
			data = []byte(rec[whole])
		} else {
			data, err = json.Marshal(rowObject(cols, rec))
			if err != nil {
				r.problem(name, &inventory.Diagnostic{Source: at, Message: err.Error()})
				continue
			}
		}
		ev, err := ParseRecord(data, at)
		if err != nil {
			r.problem(name, &inventory.Diagnostic{Source: at, Message: err.Error()})
			continue
		}
		if ev != nil {
			b.events = append(b.events, ev)
		}
	}
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return diag(name, pe.Line, fmt.Sprintf("not valid CSV: %v", pe.Err))
	}
	return diag(name, 0, err.Error())
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func rowMentionsLambda(rec []string) bool {
	for _, c := range rec {
		if strings.Contains(c, lambdaSource) {
			return true
		}
	}
	return false
}

// canonical maps the lower-case names of the record fields and
// parameters lambdasec reads to their spelling in a record.
var canonical = map[string]string{}

func init() {
	for _, n := range []string{"eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
		"sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters", "responseElements",
		"eventID", "readOnly", "eventType", "managementEvent", "recipientAccountId", "eventCategory", "resources",
		"type", "arn", "accountId", "invokedBy", "sessionContext", "sessionIssuer", "principalId",
		"functionName", "principal", "sourceArn", "sourceAccount", "principalOrgID", "functionUrlAuthType",
		"authType", "layerName", "versionNumber", "organizationId", "eventSourceArn", "role", "layers",
		"vpcConfig", "subnetIds", "securityGroupIds", "kMSKeyArn", "action", "statementId", "functionArn", "qualifier"} {
		canonical[strings.ToLower(n)] = n
	}
	canonical["arn"] = "arn"
	canonical["eventid"] = "eventID"
}

func canon(k string) string {
	if c, ok := canonical[strings.ToLower(k)]; ok {
		return c
	}
	return k
}

// rowObject turns a row into a record object.
func rowObject(cols, rec []string) map[string]any {
	m := map[string]any{}
	for i, c := range cols {
		if i >= len(rec) || rec[i] == "" {
			continue
		}
		key := canon(c)
		// Dotted columns (userIdentity.arn) nest.
		if strings.Contains(c, ".") {
			parts := strings.Split(c, ".")
			cur := m
			for _, p := range parts[:len(parts)-1] {
				next, _ := cur[canon(p)].(map[string]any)
				if next == nil {
					next = map[string]any{}
					cur[canon(p)] = next
				}
				cur = next
			}
			cur[canon(parts[len(parts)-1])] = cellValue(rec[i])
			continue
		}
		m[key] = cellValue(rec[i])
	}
	return m
}

// cellValue reads a cell: JSON when it is a JSON object or array, Lake's
// {k=v, ...} rendering of a struct or map, else the string.
func cellValue(s string) any {
	t := strings.TrimSpace(s)
	if t == "" || t[0] != '{' && t[0] != '[' {
		return s
	}
	var v any
	if json.Unmarshal([]byte(t), &v) == nil {
		return canonKeys(v)
	}
	if t[0] == '{' {
		p := &kvParser{s: t}
		if v, ok := p.value(); ok {
			return v
		}
	}
	return s
}

func canonKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[canon(k)] = canonKeys(val)
		}
		return out
	case []any:
		for i := range x {
			x[i] = canonKeys(x[i])
		}
	}
	return v
}

// kvParser reads Lake's rendering of structs and maps: {k=v, k={...},
// k=[a, b]}. Values are strings, maps or lists; it gives up (ok false) on
// anything unbalanced.
type kvParser struct {
	s   string
	pos int
	// depth bounds recursion.
	depth int
}

func (p *kvParser) value() (any, bool) {
	if p.depth > 64 {
		return nil, false
	}
	p.depth++
	defer func() { p.depth-- }()
	p.space()
	if p.pos >= len(p.s) {
		return "", true
	}
	switch p.s[p.pos] {
	case '{':
		p.pos++
		m := map[string]any{}
		for {
			p.space()
			if p.pos >= len(p.s) {
				return nil, false
			}
			if p.s[p.pos] == '}' {
				p.pos++
				return m, true
			}
			eq := strings.IndexByte(p.s[p.pos:], '=')
			if eq < 0 {
				return nil, false
			}
			key := strings.TrimSpace(p.s[p.pos : p.pos+eq])
			p.pos += eq + 1
			v, ok := p.value()
			if !ok {
				return nil, false
			}
			m[canon(key)] = v
			p.space()
			if p.pos < len(p.s) && p.s[p.pos] == ',' {
				p.pos++
			}
		}
	case '[':
		p.pos++
		var list []any
		for {
			p.space()
			if p.pos >= len(p.s) {
				return nil, false
			}
			if p.s[p.pos] == ']' {
				p.pos++
				return list, true
			}
			at := p.pos
			v, ok := p.value()
			if !ok || p.pos == at {
				return nil, false // no progress: a stray } or ,
			}
			list = append(list, v)
			p.space()
			if p.pos < len(p.s) && p.s[p.pos] == ',' {
				p.pos++
			}
		}
	}
	start := p.pos
	for p.pos < len(p.s) && !strings.ContainsRune(",}]", rune(p.s[p.pos])) {
		p.pos++
	}
	v := strings.TrimSpace(p.s[start:p.pos])
	if v == "null" {
		return nil, true
	}
	return v, true
}

func (p *kvParser) space() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
}
