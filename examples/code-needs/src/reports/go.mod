// The reports function is its own module, as `sam build` (BuildMethod:
// go1.x) wants; it is no part of lambdasec's module. Run `go mod tidy` here
// to fetch its dependencies before building it.
module example.com/code-needs/reports

go 1.24

require (
	github.com/aws/aws-lambda-go v1.47.0
	github.com/aws/aws-sdk-go-v2 v1.36.3
	github.com/aws/aws-sdk-go-v2/config v1.29.14
	github.com/aws/aws-sdk-go-v2/service/s3 v1.79.2
)
