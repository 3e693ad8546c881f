//go:build ignore

// Command trailgen writes gzipped CloudTrail log files in the S3 layout
// for bench/trail.sh: realistic records (shaped like the CloudTrail
// record contents reference), mostly other services' management events,
// some Lambda management events and Invoke data events, each with a
// unique eventID. Usage: go run bench/trailgen/main.go DIR SIZE_MiB
package main

import (
	"compress/gzip"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const perFile = 2000

var others = []struct{ source, name, params string }{
	{"sts.amazonaws.com", "AssumeRole", `{"roleArn":"arn:aws:iam::111122223333:role/app-%d","roleSessionName":"session-%d","durationSeconds":3600}`},
	{"ec2.amazonaws.com", "DescribeInstances", `{"instancesSet":{},"filterSet":{"items":[{"name":"tag:team","valueSet":{"items":[{"value":"t%d"}]}}]},"maxResults":%d}`},
	{"kms.amazonaws.com", "Decrypt", `{"encryptionContext":{"aws:lambda:FunctionArn":"arn:aws:lambda:eu-west-1:111122223333:function:fn-%d"},"encryptionAlgorithm":"SYMMETRIC_DEFAULT","keyId":"k-%d"}`},
	{"s3.amazonaws.com", "GetBucketAcl", `{"bucketName":"bucket-%d","Host":"bucket-%d.s3.eu-west-1.amazonaws.com","acl":""}`},
	{"logs.amazonaws.com", "CreateLogStream", `{"logGroupName":"/aws/lambda/fn-%d","logStreamName":"2026/12/05/[$LATEST]%d"}`},
	{"dynamodb.amazonaws.com", "DescribeTable", `{"tableName":"table-%d","limit":%d}`},
}

var lambdaOps = []struct{ name, params string }{
	{"ListFunctions20150331", `{"maxItems":%d,"marker":"m%d"}`},
	{"GetFunction20150331v2", `{"functionName":"fn-%d","qualifier":"%d"}`},
	{"GetPolicy20150331v2", `{"functionName":"fn-%d","qualifier":"%d"}`},
	{"ListFunctions20150331", `{"maxItems":%d,"marker":"m%d"}`},
	{"GetFunctionConfiguration20150331v2", `{"functionName":"fn-%d","qualifier":"%d"}`},
	{"ListFunctions20150331", `{"maxItems":%d,"marker":"m%d"}`},
	{"GetPolicy20150331v2", `{"functionName":"fn-%d","qualifier":"%d"}`},
	{"GetFunctionConfiguration20150331v2", `{"functionName":"fn-%d","qualifier":"%d"}`},
	{"ListFunctions20150331", `{"maxItems":%d,"marker":"m%d"}`},
	// Changes are rare: the last two, one Lambda event in 100.
	{"UpdateFunctionCode20150331v2", `{"functionName":"fn-%d","s3Bucket":"builds","s3Key":"fn-%d.zip","publish":false,"dryRun":false}`},
	{"AddPermission20150331v2", `{"functionName":"fn-%d","statementId":"s-%d","action":"lambda:InvokeFunction","principal":"s3.amazonaws.com","sourceAccount":"111122223333"}`},
}

func identity(rng *rand.Rand) string {
	role := rng.Intn(40)
	return fmt.Sprintf(`{"type":"AssumedRole","principalId":"AROA3EXAMPLE%05d:session-%d","arn":"arn:aws:sts::111122223333:assumed-role/role-%d/session-%d","accountId":"111122223333","accessKeyId":"ASIA3EXAMPLE%08d","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA3EXAMPLE%05d","arn":"arn:aws:iam::111122223333:role/role-%d","accountId":"111122223333","userName":"role-%d"},"webIdFederationData":{},"attributes":{"creationDate":"2026-12-05T09:00:00Z","mfaAuthenticated":"false"}}}`,
		role, rng.Intn(1000), role, rng.Intn(1000), rng.Intn(1e8), role, role, role)
}

func uuid(rng *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", rng.Uint32(), rng.Intn(1<<16), rng.Intn(1<<16), rng.Intn(1<<16), rng.Int63n(1<<48))
}

func record(rng *rand.Rand, t time.Time) string {
	ts := t.Format(time.RFC3339)
	ip := fmt.Sprintf("%d.%d.%d.%d", 10+rng.Intn(200), rng.Intn(256), rng.Intn(256), rng.Intn(256))
	ua := []string{"aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023", "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux lang/python#3.12.1", "aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22.3 md/GOARCH#amd64", "console.amazonaws.com"}[rng.Intn(4)]
	tls := `"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"api.eu-west-1.amazonaws.com"}`
	switch p := rng.Intn(100); {
	case p < 2: // Invoke data event
		fn := fmt.Sprintf("arn:aws:lambda:eu-west-1:111122223333:function:fn-%d", rng.Intn(50))
		return fmt.Sprintf(`{"eventVersion":"1.09","userIdentity":%s,"eventTime":"%s","eventSource":"lambda.amazonaws.com","eventName":"Invoke","awsRegion":"eu-west-1","sourceIPAddress":"%s","userAgent":"%s","requestParameters":{"functionName":"%s","invocationType":"RequestResponse","logType":"None"},"responseElements":null,"additionalEventData":{"functionVersion":"%s:$LATEST"},"requestID":"%s","eventID":"%s","readOnly":false,"resources":[{"accountId":"111122223333","type":"AWS::Lambda::Function","ARN":"%s"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data",%s}`,
			identity(rng), ts, ip, ua, fn, fn, uuid(rng), uuid(rng), fn, tls)
	case p < 7: // Lambda management events
		op := lambdaOps[rng.Intn(len(lambdaOps)-2)]
		if rng.Intn(100) == 0 {
			op = lambdaOps[len(lambdaOps)-2+rng.Intn(2)]
		}
		params := fmt.Sprintf(op.params, rng.Intn(50), rng.Intn(100))
		return fmt.Sprintf(`{"eventVersion":"1.09","userIdentity":%s,"eventTime":"%s","eventSource":"lambda.amazonaws.com","eventName":"%s","awsRegion":"eu-west-1","sourceIPAddress":"%s","userAgent":"%s","requestParameters":%s,"responseElements":null,"requestID":"%s","eventID":"%s","readOnly":%v,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management",%s}`,
			identity(rng), ts, op.name, ip, ua, params, uuid(rng), uuid(rng), strings.HasPrefix(op.name, "Get") || strings.HasPrefix(op.name, "List"), tls)
	default:
		o := others[rng.Intn(len(others))]
		params := fmt.Sprintf(o.params, rng.Intn(500), rng.Intn(100000))
		return fmt.Sprintf(`{"eventVersion":"1.09","userIdentity":%s,"eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"eu-west-1","sourceIPAddress":"%s","userAgent":"%s","requestParameters":%s,"responseElements":null,"requestID":"%s","eventID":"%s","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management",%s}`,
			identity(rng), ts, o.source, o.name, ip, ua, params, uuid(rng), uuid(rng), tls)
	}
}

func main() {
	dir := os.Args[1]
	mib, _ := strconv.Atoi(os.Args[2])
	target := int64(mib) << 20
	var written, n atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for written.Load() < target {
				i := n.Add(1)
				rng := rand.New(rand.NewSource(i))
				t := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 5 * time.Minute)
				day := filepath.Join(dir, "AWSLogs", "111122223333", "CloudTrail", "eu-west-1", t.Format("2006/01/02"))
				os.MkdirAll(day, 0o755)
				name := filepath.Join(day, fmt.Sprintf("111122223333_CloudTrail_eu-west-1_%sZ_%06d.json.gz", t.Format("20060102T1504"), i))
				f, err := os.Create(name)
				if err != nil {
					panic(err)
				}
				zw := gzip.NewWriter(f)
				zw.Write([]byte(`{"Records":[`))
				for r := 0; r < perFile; r++ {
					if r > 0 {
						zw.Write([]byte(","))
					}
					zw.Write([]byte(record(rng, t.Add(time.Duration(r)*100*time.Millisecond))))
				}
				zw.Write([]byte("]}"))
				zw.Close()
				st, _ := f.Stat()
				f.Close()
				written.Add(st.Size())
			}
		}()
	}
	wg.Wait()
	fmt.Printf("%d files, %d MiB\n", n.Load(), written.Load()>>20)
}
