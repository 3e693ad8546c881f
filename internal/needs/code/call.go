package code

import "strings"

// Call is one AWS SDK call found in a file of code.
type Call struct {
	// Service is the IAM service prefix ("s3", "dynamodb", "states").
	Service string
	// Operation is the API operation ("ListObjectsV2", "PutItem"), and
	// Method the name the code called it by ("list_objects_v2",
	// "put", "PutObjectCommand").
	Operation string
	Method    string
	// Actions are the IAM actions the call needs (operationActions); an
	// empty list means none (sts:GetCallerIdentity).
	Actions []string
	// Resource is the expression that names what the call acts on (the
	// bucket, table, queue URL, topic ARN, function name...), and Param
	// the parameter it was passed as ("Bucket", "TableName"); Param is
	// empty when the call names no resource this package reads.
	Resource Value
	Param    string
	// File is the file's name as given to Calls; Line is 1-based.
	File string
	Line int

	// params are the other parameters the resource of an action may
	// depend on (an object's Key, a copy's CopySource, a query's
	// IndexName, a transaction's tables).
	params map[string]Value
	// tables are the tables a batch or transaction names.
	tables []Value
	// notAPI marks a method the action catalogue does not know.
	notAPI bool
}

// ParamValue returns the value of a named parameter of the call
// (compared without regard to case), as far as the analysis read it, and
// whether the call passed it.
func (c Call) ParamValue(name string) (Value, bool) { return c.param(name) }

// Value is an expression of code that yields a string, as far as static
// analysis can follow it: a sequence of literal text, environment
// variable reads and parts computed at run time, and its text as
// written.
type Value struct {
	Parts []Part
	// Text is the expression as written (shortened when long).
	Text string
}

// Part is one piece of a Value: Kind says whether Text is literal text,
// the name of an environment variable, or an expression computed at run
// time, as written.
type Part struct {
	Kind PartKind
	Text string
}

// PartKind says what a Part is.
type PartKind uint8

// The kinds of Part.
const (
	Lit     PartKind = iota + 1 // literal text
	Env                         // an environment variable's value; Text is its name
	Dynamic                     // computed at run time; Text is the expression
)

// Known reports whether the value holds no part computed at run time
// (environment variables are known: they resolve through the
// function's configuration).
func (v Value) Known() bool {
	if len(v.Parts) == 0 {
		return false
	}
	for _, p := range v.Parts {
		if p.Kind == Dynamic {
			return false
		}
	}
	return true
}

// Literal returns the value when it is literal text only.
func (v Value) Literal() (string, bool) {
	var b strings.Builder
	for _, p := range v.Parts {
		if p.Kind != Lit {
			return "", false
		}
		b.WriteString(p.Text)
	}
	return b.String(), len(v.Parts) > 0
}

// String writes the value for people: literal text as is, "${env:NAME}"
// for an environment variable, "<expr>" for a part computed at run time.
func (v Value) String() string {
	var b strings.Builder
	for _, p := range v.Parts {
		switch p.Kind {
		case Lit:
			b.WriteString(p.Text)
		case Env:
			b.WriteString("${env:" + p.Text + "}")
		default:
			b.WriteString("<" + p.Text + ">")
		}
	}
	return b.String()
}

// literal, env and dynamic make one-part values.
func literal(s string) Value { return Value{Parts: []Part{{Lit, s}}, Text: quote(s)} }
func envValue(name, text string) Value {
	return Value{Parts: []Part{{Env, name}}, Text: text}
}
func dynamic(text string) Value {
	text = shorten(text)
	return Value{Parts: []Part{{Dynamic, text}}, Text: text}
}

func quote(s string) string { return "'" + s + "'" }

// shorten keeps an expression's text short enough for a placeholder:
// one line, at most 60 bytes.
func shorten(s string) string {
	if len(s) <= 60 && !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") {
		return s
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// concat joins values.
func concat(vs ...Value) Value {
	var out Value
	var texts []string
	for _, v := range vs {
		for _, p := range v.Parts {
			if n := len(out.Parts); n > 0 && p.Kind == Lit && out.Parts[n-1].Kind == Lit {
				out.Parts[n-1].Text += p.Text
				continue
			}
			out.Parts = append(out.Parts, p)
		}
		texts = append(texts, v.Text)
	}
	out.Text = shorten(strings.Join(texts, " + "))
	return out
}
