package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// maxReadFile is the largest file file() and templatefile() read, in bytes.
const maxReadFile = 1 << 20

// functions returns the Terraform functions lambdasec evaluates, for a
// module in dir. A function that needs the real world (timestamp, uuid,
// a hash of a file built at apply time) returns an unknown value.
// https://developer.hashicorp.com/terraform/language/functions
func functions(dir string) map[string]function.Function {
	unknown := func(t cty.Type) function.Function {
		return function.New(&function.Spec{
			VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true},
			Type:     function.StaticReturnType(t),
			Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
				return cty.UnknownVal(t), nil
			},
		})
	}
	strFn := func(f func(string) string) function.Function {
		return function.New(&function.Spec{
			Params: []function.Parameter{{Name: "s", Type: cty.String}},
			Type:   function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				return cty.StringVal(f(args[0].AsString())), nil
			},
		})
	}
	readFile := func(name string) (string, error) {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		info, err := os.Stat(p)
		if err != nil {
			return "", fmt.Errorf("file %s: %w", name, err)
		}
		if info.Size() > maxReadFile {
			return "", fmt.Errorf("file %s: larger than %d bytes", name, maxReadFile)
		}
		b, err := os.ReadFile(p)
		return string(b), err
	}
	fileFn := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := readFile(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(s), nil
		},
	})
	templateFn := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := readFile(args[0].AsString())
			if err != nil {
				return cty.DynamicVal, err
			}
			expr, diags := hclsyntax.ParseTemplate([]byte(s), args[0].AsString(), hcl.InitialPos)
			if diags.HasErrors() {
				return cty.DynamicVal, diags
			}
			vars := map[string]cty.Value{}
			if v := args[1]; v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
				for it := v.ElementIterator(); it.Next(); {
					k, val := it.Element()
					vars[k.AsString()] = val
				}
			}
			// As in Terraform, a template cannot call templatefile itself
			// (no recursion).
			inner := functions(dir)
			delete(inner, "templatefile")
			out, diags := expr.Value(&hcl.EvalContext{Variables: vars, Functions: inner})
			if diags.HasErrors() {
				return cty.DynamicVal, nil
			}
			return out, nil
		},
	})
	to := func(kind string) function.Function {
		return function.New(&function.Spec{
			Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true}},
			Type: func(args []cty.Value) (cty.Type, error) {
				return cty.DynamicPseudoType, nil
			},
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				v := args[0]
				var target cty.Type
				switch kind {
				case "list":
					target = cty.List(cty.DynamicPseudoType)
				case "set":
					target = cty.Set(cty.DynamicPseudoType)
				case "map":
					target = cty.Map(cty.DynamicPseudoType)
				case "string":
					target = cty.String
				case "number":
					target = cty.Number
				case "bool":
					target = cty.Bool
				}
				out, err := convert.Convert(v, target)
				if err != nil {
					return cty.DynamicVal, err
				}
				return out, nil
			},
		})
	}
	hash := func(f func([]byte) string) function.Function {
		return strFn(func(s string) string { return f([]byte(s)) })
	}
	return map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "alltrue": unknown(cty.Bool), "anytrue": unknown(cty.Bool),
		"base64encode": strFn(func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }),
		"base64decode": strFn(func(s string) string { b, _ := base64.StdEncoding.DecodeString(s); return string(b) }),
		"base64sha256": hash(func(b []byte) string { h := sha256.Sum256(b); return base64.StdEncoding.EncodeToString(h[:]) }),
		"basename":     strFn(filepath.Base), "dirname": strFn(filepath.Dir), "abspath": strFn(func(s string) string { return s }),
		"can": tryfunc.CanFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc, "chunklist": stdlib.ChunklistFunc,
		"coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "endswith": strPred(strings.HasSuffix),
		"file": fileFn, "filebase64": unknown(cty.String), "filebase64sha256": unknown(cty.String), "filemd5": unknown(cty.String),
		"filesha256": unknown(cty.String), "filesha1": unknown(cty.String), "fileexists": unknown(cty.Bool), "fileset": unknown(cty.Set(cty.String)),
		"flatten": stdlib.FlattenFunc, "floor": stdlib.FloorFunc, "format": stdlib.FormatFunc, "formatdate": stdlib.FormatDateFunc,
		"formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc, "index": stdlib.IndexFunc, "join": stdlib.JoinFunc,
		"jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc, "keys": stdlib.KeysFunc, "length": stdlib.LengthFunc,
		"log": stdlib.LogFunc, "lookup": stdlib.LookupFunc, "lower": stdlib.LowerFunc, "max": stdlib.MaxFunc, "md5": hash(func(b []byte) string { h := md5.Sum(b); return hex.EncodeToString(h[:]) }),
		"merge": stdlib.MergeFunc, "min": stdlib.MinFunc, "one": unknown(cty.DynamicPseudoType), "parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc,
		"range": stdlib.RangeFunc, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "replace": stdlib.ReplaceFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
		"sha1":   hash(func(b []byte) string { h := sha1.Sum(b); return hex.EncodeToString(h[:]) }),
		"sha256": hash(func(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }),
		"signum": stdlib.SignumFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "split": stdlib.SplitFunc,
		"startswith": strPred(strings.HasPrefix), "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "sum": unknown(cty.Number),
		"templatefile": templateFn, "timestamp": unknown(cty.String), "timeadd": unknown(cty.String), "title": stdlib.TitleFunc,
		"tobool": to("bool"), "tolist": to("list"), "tomap": to("map"), "tonumber": to("number"), "toset": to("set"), "tostring": to("string"),
		"trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc, "trimsuffix": stdlib.TrimSuffixFunc,
		"try": tryfunc.TryFunc, "upper": stdlib.UpperFunc, "uuid": unknown(cty.String), "values": stdlib.ValuesFunc,
		"yamlencode": unknown(cty.String), "yamldecode": unknown(cty.DynamicPseudoType), "zipmap": stdlib.ZipmapFunc,
		"sensitive": identity(), "nonsensitive": identity(),
	}
}

func strPred(f func(s, x string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func identity() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}},
		Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
		Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
	})
}
