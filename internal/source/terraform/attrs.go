package terraform

import (
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// nameAttr gives, per resource type, the argument that holds the physical
// name, and arnFormat the ARN the provider exports for it (%R region, %A
// account, %N name). A name not written in the configuration is the
// RefToken of the resource's address.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs (the
// "Attribute Reference" of each resource)
var nameAttr = map[string]string{
	"aws_lambda_function":            "function_name",
	"aws_iam_role":                   "name",
	"aws_iam_policy":                 "name",
	"aws_iam_user":                   "name",
	"aws_iam_group":                  "name",
	"aws_sqs_queue":                  "name",
	"aws_sns_topic":                  "name",
	"aws_s3_bucket":                  "bucket",
	"aws_dynamodb_table":             "name",
	"aws_kinesis_stream":             "name",
	"aws_cloudwatch_log_group":       "name",
	"aws_cloudwatch_event_rule":      "name",
	"aws_cloudwatch_event_bus":       "name",
	"aws_secretsmanager_secret":      "name",
	"aws_sfn_state_machine":          "name",
	"aws_lambda_layer_version":       "layer_name",
	"aws_cloudtrail":                 "name",
	"aws_ssm_parameter":              "name",
	"aws_lb":                         "name",
	"aws_lb_target_group":            "name",
	"aws_security_group":             "name",
	"aws_lambda_alias":               "name",
	"aws_apigatewayv2_api":           "name",
	"aws_api_gateway_rest_api":       "name",
	"aws_cloudwatch_metric_alarm":    "alarm_name",
	"aws_cognito_user_pool":          "name",
	"aws_lambda_code_signing_config": "",
}

var arnFormat = map[string]string{
	"aws_lambda_function":       "arn:aws:lambda:%R:%A:function:%N",
	"aws_iam_role":              "arn:aws:iam::%A:role/%N",
	"aws_iam_policy":            "arn:aws:iam::%A:policy/%N",
	"aws_iam_user":              "arn:aws:iam::%A:user/%N",
	"aws_iam_group":             "arn:aws:iam::%A:group/%N",
	"aws_sqs_queue":             "arn:aws:sqs:%R:%A:%N",
	"aws_sns_topic":             "arn:aws:sns:%R:%A:%N",
	"aws_s3_bucket":             "arn:aws:s3:::%N",
	"aws_dynamodb_table":        "arn:aws:dynamodb:%R:%A:table/%N",
	"aws_kinesis_stream":        "arn:aws:kinesis:%R:%A:stream/%N",
	"aws_cloudwatch_log_group":  "arn:aws:logs:%R:%A:log-group:%N",
	"aws_cloudwatch_event_rule": "arn:aws:events:%R:%A:rule/%N",
	"aws_cloudwatch_event_bus":  "arn:aws:events:%R:%A:event-bus/%N",
	"aws_secretsmanager_secret": "arn:aws:secretsmanager:%R:%A:secret:%N",
	"aws_sfn_state_machine":     "arn:aws:states:%R:%A:stateMachine:%N",
	"aws_ssm_parameter":         "arn:aws:ssm:%R:%A:parameter/%N",
}

// nameOf returns a resource's physical name: the name argument when it is
// known, otherwise the address's RefToken.
func nameOf(typ, address string, attrs *Value) string {
	if k := nameAttr[typ]; k != "" {
		if v := attrs.Get(k); v != nil && v.Kind == KindString && v.Str != "" && !inventory.IsUnresolved(v.Str) {
			return v.Str
		}
	}
	return inventory.RefToken(address)
}

// arnOf writes a resource's ARN, or its RefToken when its format is not
// known.
func arnOf(typ, address string, attrs *Value) string {
	f, ok := arnFormat[typ]
	if !ok {
		return inventory.RefToken(address)
	}
	return strings.NewReplacer("%R", inventory.RegionToken, "%A", inventory.AccountIDToken, "%N", nameOf(typ, address, attrs)).Replace(f)
}

// computedAttrs returns the attributes the provider exports that a
// reference may name although the configuration does not set them, with
// the values lambdasec writes for them (an ARN around the name, or a
// token). Attributes that hold secrets get an unresolved value that says
// which: see secretAttrs.
func computedAttrs(typ, address string, attrs *Value) map[string]string {
	name := nameOf(typ, address, attrs)
	arn := arnOf(typ, address, attrs)
	ref := inventory.RefToken(address)
	out := map[string]string{"id": name, "arn": arn}
	if _, ok := arnFormat[typ]; !ok {
		out["id"] = ref
	}
	switch typ {
	case "aws_lambda_function":
		out["function_name"] = name
		out["qualified_arn"] = arn + ":" + inventory.RefToken(address+".version")
		out["invoke_arn"] = "arn:aws:apigateway:" + inventory.RegionToken + ":lambda:path/2015-03-31/functions/" + arn + "/invocations"
		out["qualified_invoke_arn"] = out["invoke_arn"]
		out["version"] = inventory.RefToken(address + ".version")
	case "aws_lambda_alias":
		out["invoke_arn"] = "arn:aws:apigateway:" + inventory.RegionToken + ":lambda:path/2015-03-31/functions/" + ref + "/invocations"
	case "aws_iam_role", "aws_iam_policy", "aws_sqs_queue", "aws_sns_topic", "aws_dynamodb_table",
		"aws_cloudwatch_log_group", "aws_cloudwatch_event_rule", "aws_secretsmanager_secret":
		out["name"] = name
		if typ == "aws_sqs_queue" {
			out["url"] = ref
			out["id"] = ref
		}
		if typ == "aws_iam_role" {
			out["unique_id"] = ref
		}
		if typ == "aws_secretsmanager_secret" {
			out["id"] = arn // the provider's ID of a secret is its ARN
		}
		if typ == "aws_dynamodb_table" {
			out["stream_arn"] = arn + "/stream/" + inventory.RefToken(address+".stream")
		}
	case "aws_s3_bucket":
		out["bucket"] = name
	case "aws_lambda_layer_version":
		out["arn"] = ref
		out["layer_arn"] = ref
	case "aws_apigatewayv2_api", "aws_api_gateway_rest_api":
		out["execution_arn"] = "arn:aws:execute-api:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":" + ref
		out["root_resource_id"] = inventory.RefToken(address + ".root")
		out["api_endpoint"] = ref
	case "aws_apigatewayv2_stage", "aws_api_gateway_stage":
		out["invoke_url"] = ref
		out["execution_arn"] = ref
	case "aws_lambda_function_url":
		out["function_url"] = ref
	case "aws_kms_key":
		out["key_id"] = ref
		out["arn"] = "arn:aws:kms:" + inventory.RegionToken + ":" + inventory.AccountIDToken + ":key/" + ref
	}
	for k, why := range secretAttrs[typ] {
		out[k] = inventory.UnresolvedToken(why + " (" + address + "." + k + ")")
	}
	return out
}

// secretAttrs are the exported attributes that hold a credential: a
// function variable set from one stores that secret in the function's
// configuration (LS302) even though no literal is visible.
var secretAttrs = map[string]map[string]string{
	"aws_iam_access_key": {
		"secret":                         "IAM access key secret",
		"id":                             "IAM access key ID",
		"ses_smtp_password_v4":           "IAM access key SMTP password",
		"encrypted_secret":               "IAM access key secret",
		"encrypted_ses_smtp_password_v4": "IAM access key SMTP password",
	},
	"random_password": {"result": "random password", "bcrypt_hash": "random password hash"},
	"tls_private_key": {"private_key_pem": "TLS private key", "private_key_openssh": "TLS private key"},
	"aws_db_instance": {"password": "database password"},
	"aws_rds_cluster": {"master_password": "database password"},
}

// SecretReference reports whether a reference expression names a
// credential by what it refers to: an attribute of secretAttrs, or a
// variable or output named like a secret. It returns what the secret is.
func SecretReference(ref string, sensitive bool) (string, bool) {
	parts := strings.Split(ref, ".")
	for i := 0; i+2 < len(parts)+1 && i+1 < len(parts); i++ {
		typ := parts[i]
		if i+2 < len(parts) {
			if m, ok := secretAttrs[typ]; ok {
				attr := parts[i+2]
				if j := strings.IndexByte(attr, '['); j >= 0 {
					attr = attr[:j]
				}
				if why, ok := m[attr]; ok {
					return why, true
				}
			}
		}
	}
	if len(parts) >= 2 && (parts[0] == "var" || parts[0] == "module" || parts[0] == "local") {
		name := strings.ToLower(parts[len(parts)-1])
		if sensitive && parts[0] != "local" {
			return "sensitive " + parts[0] + " " + parts[len(parts)-1], true
		}
		for _, w := range []string{"password", "passwd", "secret", "token", "private_key", "api_key", "apikey", "access_key", "credential"} {
			if strings.Contains(name, w) && !strings.HasSuffix(name, "_arn") && !strings.HasSuffix(name, "_name") && !strings.HasSuffix(name, "_id") {
				return parts[0] + " " + parts[len(parts)-1] + " is named like a secret", true
			}
		}
	}
	return "", false
}
