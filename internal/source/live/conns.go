package live

import (
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// accountHTTPClient returns the HTTP client one account of an organization
// is read with, and a function that closes its idle connections once the
// account is read. From the SDK's buildable client (the one
// config.LoadDefaultConfig makes; nil means the SDK's default) it makes a
// client over a transport of its own, with the buildable client's
// settings (proxy, TLS, custom CA bundle, connection limits): the SDK
// would give every service client of every account a transport of its own,
// each keeping its idle connections (two goroutines and their buffers
// each) for the transport's IdleConnTimeout, 90 s, after the account is
// read, so that memory grew with the accounts read in the last 90 s
// rather than with --org-parallel. Redirects are followed as the SDK
// follows them (307 and 308 only). The attempt timeout is set by Collect.
// Any other client (a caller's *http.Client) is returned as it is, with a
// no-op: its connections are its owner's.
// https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/aws/transport/http#BuildableClient
func accountHTTPClient(c aws.HTTPClient) (aws.HTTPClient, func()) {
	var b *awshttp.BuildableClient
	switch c := c.(type) {
	case nil:
		b = awshttp.NewBuildableClient()
	case *awshttp.BuildableClient:
		b = c
	default:
		return c, func() {}
	}
	tr := b.GetTransport()
	return &http.Client{Transport: tr, CheckRedirect: sdkRedirect}, tr.CloseIdleConnections
}

// sdkRedirect follows redirects as the SDK's buildable client does: only
// 307 and 308, which keep the method and body, dropping the session token
// when the host changes; any other redirect response is returned as it is.
func sdkRedirect(r *http.Request, via []*http.Request) error {
	switch r.Response.StatusCode {
	case http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		if len(via) > 0 && via[len(via)-1].URL.Host != r.URL.Host {
			r.Header.Del("X-Amz-Security-Token")
		}
		return nil
	}
	return http.ErrUseLastResponse
}
