package code

import (
	"net/url"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
)

// fn is one function's context for turning calls into needs: where its
// ARNs live and what its environment holds.
type fn struct {
	a                          *Analyzer
	partition, region, account string
	env                        map[string]string
}

func (a *Analyzer) function(f *inventory.Function) *fn {
	c := &fn{a: a, partition: a.partition, region: f.Region, account: a.account, env: map[string]string{}}
	if c.region == "" {
		c.region = inventory.RegionToken
	}
	for _, v := range f.Environment {
		c.env[v.Name] = v.Value
	}
	return c
}

// resolved is a Value made a string for an ARN: parts computed at run
// time (and environment variables the function does not set) become
// unresolved tokens, which inventory.Describe prints as
// "<unresolved: expression>".
type resolved struct {
	s      string
	known  bool   // no unresolved part
	why    string // for a reason: what is computed at run time
	estate string // the ARN of the estate resource the whole value names
	label  string
}

func (c *fn) resolve(v Value) resolved {
	var b strings.Builder
	r := resolved{known: len(v.Parts) > 0}
	var whys []string
	for _, p := range v.Parts {
		switch p.Kind {
		case Lit:
			b.WriteString(p.Text)
		case Env:
			if val, ok := c.env[p.Text]; ok {
				b.WriteString(val)
				if inventory.IsUnresolved(val) {
					r.known = false
					whys = append(whys, "environment variable "+p.Text+" is unresolved")
				}
				continue
			}
			r.known = false
			b.WriteString(inventory.UnresolvedToken("environment variable " + p.Text + " (not set on the function)"))
			whys = append(whys, "environment variable "+p.Text+" is not set on the function")
		default:
			r.known = false
			b.WriteString(inventory.UnresolvedToken(p.Text))
			whys = append(whys, "resource computed at run time: "+p.Text)
		}
	}
	if len(v.Parts) == 0 {
		r.known = false
		b.WriteString(inventory.UnresolvedToken("not passed, or not read by lambdasec"))
		whys = append(whys, "resource not seen in the call")
	}
	r.s = b.String()
	r.why = strings.Join(whys, "; ")
	if r.known {
		if arn, label, ok := c.a.resolver.Resource(r.s); ok {
			r.estate, r.label = arn, label
		}
	}
	return r
}

// starOnly are actions that take no resource (the Service Authorization
// Reference lists none for them, so a policy must grant them on "*").
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
var starOnly = map[string]bool{
	"s3:ListAllMyBuckets": true, "xray:PutTraceSegments": true, "xray:PutTelemetryRecords": true,
	"xray:GetSamplingRules": true, "xray:GetSamplingTargets": true, "cloudwatch:PutMetricData": true,
	"cloudwatch:GetMetricData": true, "cloudwatch:ListMetrics": true, "sqs:ListQueues": true, "sns:ListTopics": true,
	"dynamodb:ListTables": true, "lambda:ListFunctions": true, "secretsmanager:ListSecrets": true,
	"secretsmanager:GetRandomPassword": true, "ssm:DescribeParameters": true, "kms:ListKeys": true, "kms:ListAliases": true,
	"kms:GenerateRandom": true, "states:ListStateMachines": true, "kinesis:ListStreams": true,
	"firehose:ListDeliveryStreams": true, "states:SendTaskSuccess": true, "states:SendTaskFailure": true,
	"states:SendTaskHeartbeat": true, "rekognition:DetectLabels": true, "rekognition:DetectText": true,
	"rekognition:DetectFaces": true, "rekognition:DetectModerationLabels": true, "textract:DetectDocumentText": true,
	"textract:AnalyzeDocument": true, "comprehend:DetectSentiment": true, "comprehend:DetectEntities": true,
	"comprehend:DetectDominantLanguage": true, "comprehend:DetectKeyPhrases": true, "comprehend:DetectPiiEntities": true,
	"translate:TranslateText": true, "polly:SynthesizeSpeech": true, "sts:GetSessionToken": true,
	"logs:DescribeLogGroups": true, "events:ListRules": true,
}

// needsOf returns the needs of one call.
func (c *fn) needsOf(call Call) []needs.Need {
	var out []needs.Need
	what := call.Service + "." + call.Method
	for _, action := range call.Actions {
		for _, r := range c.resources(call, action) {
			reason := "SDK call " + what
			if r.why != "" {
				reason += "; " + r.why
			}
			out = append(out, needs.Need{Action: action, Resource: r.arn, Reason: reason, File: call.File, Line: call.Line})
		}
	}
	// Writing with SSE-KMS under a key the call names needs the key.
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys
	if call.Service == "s3" && (call.Operation == "PutObject" || call.Operation == "CopyObject" || call.Operation == "CreateMultipartUpload") {
		key, hasKey := call.param("SSEKMSKeyId")
		sse, _ := call.param("ServerSideEncryption")
		if lit, _ := sse.Literal(); hasKey || strings.HasPrefix(lit, "aws:kms") || strings.Contains(sse.Text, "AwsKms") {
			arn, why := c.kmsKey(key, hasKey)
			for _, action := range []string{"kms:GenerateDataKey", "kms:Decrypt"} {
				out = append(out, needs.Need{Action: action, Resource: arn, Reason: "SDK call " + what + " with SSE-KMS" + why, File: call.File, Line: call.Line})
			}
		}
	}
	return out
}

// res is one resource of an action, with what makes it uncertain.
type res struct{ arn, why string }

// resources returns the resources action of call acts on.
func (c *fn) resources(call Call, action string) []res {
	if starOnly[action] || strings.HasPrefix(action, "ec2:Describe") {
		return []res{{"*", "the action takes no resource: only \"*\""}}
	}
	if call.Service == "sns" && strings.EqualFold(call.Param, "PhoneNumber") {
		return []res{{"*", "an SMS to a phone number: sns:Publish then takes no resource"}}
	}
	if call.Service == "dynamodb" && len(call.tables) > 0 {
		var out []res
		for _, t := range call.tables {
			out = append(out, c.named(call.Service, action, call, c.resolve(t)))
		}
		return out
	}
	if _, modelled := resourceParams[call.Service]; !modelled {
		return []res{{"*", "lambdasec does not model this action's resource: narrow it by hand"}}
	}
	if call.Param == "" {
		switch {
		case call.Service == "events":
			return []res{{c.arn("events", c.region, c.account, "event-bus/default"), "the default event bus"}}
		case call.Service == "athena":
			return []res{{c.arn("athena", c.region, c.account, "workgroup/primary"), "the primary workgroup"}}
		case call.Service == "kms" && action == "kms:Decrypt":
			return []res{{c.arn("kms", c.region, c.account, "key/"+inventory.UnresolvedToken("the key that encrypted the ciphertext")), "the key is the one the ciphertext names, known at run time"}}
		}
	}
	return []res{c.named(call.Service, action, call, c.resolve(call.Resource))}
}

// arn writes an ARN in the function's partition.
func (c *fn) arn(service, region, account, resource string) string {
	return "arn:" + c.partition + ":" + service + ":" + region + ":" + account + ":" + resource
}

// named returns the resource of action for a call whose resource
// parameter resolved to r.
func (c *fn) named(svc, action string, call Call, r resolved) res {
	why := r.why
	if r.label != "" {
		why = strings.TrimPrefix(why+"; names "+r.label, "; ")
	}
	isARN := strings.HasPrefix(r.s, "arn:")
	switch svc {
	case "s3":
		bucket := "arn:" + c.partition + ":s3:::" + r.s
		if r.estate != "" {
			bucket = r.estate
		} else if isARN {
			bucket = r.s
		}
		if s3BucketAction(action) {
			return res{bucket, why}
		}
		if call.Operation == "CopyObject" && action == "s3:GetObject" {
			src, _ := call.param("CopySource")
			s := c.resolve(src)
			if lit := strings.TrimPrefix(s.s, "/"); s.known && strings.Contains(lit, "/") {
				return res{"arn:" + c.partition + ":s3:::" + lit, ""}
			}
			return res{"arn:" + c.partition + ":s3:::" + inventory.UnresolvedToken("copy source "+src.Text), "copy source computed at run time"}
		}
		key, why2 := c.objectKey(call)
		if why2 != "" {
			why = strings.TrimPrefix(why+"; "+why2, "; ")
		}
		return res{bucket + "/" + key, why}
	}
	if r.estate != "" {
		a := r.estate
		switch {
		case svc == "dynamodb":
			if ix, ok := call.param("IndexName"); ok && (call.Operation == "Query" || call.Operation == "Scan") {
				a += "/index/" + c.resolvedName(ix)
			}
		case svc == "logs":
			a = strings.TrimSuffix(a, ":*") + ":*"
		}
		return res{a, why}
	}
	if isARN {
		return res{r.s, why}
	}
	name := r.s
	switch svc {
	case "dynamodb":
		a := c.arn("dynamodb", c.region, c.account, "table/"+name)
		if ix, ok := call.param("IndexName"); ok && (call.Operation == "Query" || call.Operation == "Scan") {
			a += "/index/" + c.resolvedName(ix)
		}
		return res{a, why}
	case "sqs":
		if u, err := url.Parse(name); err == nil && u.Host != "" {
			parts := strings.Split(strings.Trim(u.Path, "/"), "/")
			region := c.region
			if h := strings.Split(u.Host, "."); len(h) >= 3 && h[0] == "sqs" {
				region = h[1]
			}
			if len(parts) == 2 {
				return res{c.arn("sqs", region, parts[0], parts[1]), why}
			}
		}
		return res{c.arn("sqs", c.region, c.account, name), why}
	case "sns":
		return res{c.arn("sns", c.region, c.account, name), why}
	case "lambda":
		return res{c.arn("lambda", c.region, c.account, "function:"+name), why}
	case "secretsmanager":
		// A secret's ARN ends in a hyphen and six random characters.
		return res{c.arn("secretsmanager", c.region, c.account, "secret:"+name+"-??????"), strings.TrimPrefix(why+"; the secret's ARN ends in six random characters", "; ")}
	case "ssm":
		return res{c.arn("ssm", c.region, c.account, "parameter/"+strings.TrimPrefix(name, "/")), why}
	case "kms":
		if strings.HasPrefix(name, "alias/") {
			return res{c.arn("kms", c.region, c.account, "key/*"), strings.TrimPrefix(why+"; the key is named by "+name+": IAM authorises the key's own ARN (pin it with the kms:RequestAlias condition key)", "; ")}
		}
		return res{c.arn("kms", c.region, c.account, "key/"+name), why}
	case "kinesis":
		return res{c.arn("kinesis", c.region, c.account, "stream/"+name), why}
	case "firehose":
		return res{c.arn("firehose", c.region, c.account, "deliverystream/"+name), why}
	case "states":
		return res{c.arn("states", c.region, c.account, "stateMachine:"+name), why}
	case "events":
		return res{c.arn("events", c.region, c.account, "event-bus/"+name), why}
	case "bedrock":
		for _, geo := range []string{"us.", "eu.", "apac.", "global.", "us-gov."} {
			if strings.HasPrefix(name, geo) {
				return res{c.arn("bedrock", c.region, c.account, "inference-profile/"+name), why}
			}
		}
		return res{c.arn("bedrock", c.region, "", "foundation-model/"+name), why}
	case "logs":
		return res{c.arn("logs", c.region, c.account, "log-group:"+name+":*"), why}
	case "ses":
		return res{c.arn("ses", c.region, c.account, "identity/*"), strings.TrimPrefix(why+"; sending is authorised on the verified identity (address or domain) of "+inventory.Describe(name), "; ")}
	case "cognito-idp":
		return res{c.arn("cognito-idp", c.region, c.account, "userpool/"+name), why}
	case "athena":
		return res{c.arn("athena", c.region, c.account, "workgroup/"+name), why}
	case "iot":
		return res{c.arn("iot", c.region, c.account, "topic/"+name), why}
	case "execute-api":
		return res{c.arn("execute-api", c.region, c.account, inventory.UnresolvedToken("API ID of the endpoint")+"/*/POST/@connections/*"), "the API is the client's endpoint, set at run time"}
	case "appconfig":
		return res{c.arn("appconfig", c.region, c.account, "application/"+name+"/*"), why}
	case "scheduler":
		return res{c.arn("scheduler", c.region, c.account, "schedule/default/"+name), why}
	}
	return res{c.arn(svc, c.region, c.account, name), why}
}

// resolvedName returns a value as text for an ARN.
func (c *fn) resolvedName(v Value) string { return c.resolve(v).s }

// objectKey returns the key part of an S3 object ARN: the key when it is
// literal, its literal prefix and "*" when the rest is computed, and "*"
// when nothing of it is known.
func (c *fn) objectKey(call Call) (string, string) {
	key, ok := call.param("Key")
	if !ok || len(key.Parts) == 0 {
		return "*", ""
	}
	var prefix strings.Builder
	for _, p := range key.Parts {
		switch p.Kind {
		case Lit:
			prefix.WriteString(p.Text)
		case Env:
			if val, ok := c.env[p.Text]; ok && !inventory.HasToken(val) {
				prefix.WriteString(val)
				continue
			}
			return prefix.String() + "*", "object key computed at run time: " + key.Text
		default:
			return prefix.String() + "*", "object key computed at run time: " + key.Text
		}
	}
	return prefix.String(), ""
}

// s3BucketAction reports whether an S3 action acts on the bucket rather
// than on objects.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
func s3BucketAction(action string) bool {
	a := strings.TrimPrefix(action, "s3:")
	if strings.HasPrefix(a, "ListBucket") || strings.Contains(a, "Bucket") {
		return true
	}
	switch a {
	case "GetLifecycleConfiguration", "PutLifecycleConfiguration", "GetEncryptionConfiguration", "PutEncryptionConfiguration",
		"GetReplicationConfiguration", "PutReplicationConfiguration", "GetAccelerateConfiguration", "PutAccelerateConfiguration",
		"GetInventoryConfiguration", "PutInventoryConfiguration", "GetAnalyticsConfiguration", "PutAnalyticsConfiguration",
		"GetMetricsConfiguration", "PutMetricsConfiguration", "GetIntelligentTieringConfiguration", "PutIntelligentTieringConfiguration":
		return true
	}
	return false
}

// kmsKey returns the ARN of the KMS key a call names, with what is
// uncertain about it.
func (c *fn) kmsKey(key Value, named bool) (string, string) {
	if !named {
		return c.arn("kms", c.region, c.account, "key/"+inventory.UnresolvedToken("the bucket's default KMS key")), "; the key is the bucket's default, not modelled"
	}
	r := c.resolve(key)
	switch {
	case r.estate != "":
		return r.estate, ""
	case strings.HasPrefix(r.s, "arn:"):
		return r.s, ""
	}
	why := ""
	if r.why != "" {
		why = "; " + r.why
	}
	return c.arn("kms", c.region, c.account, "key/"+r.s), why
}
