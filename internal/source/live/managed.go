package live

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
)

// SyncManagedPolicies reads every AWS managed policy's default version
// from the account cfg points at: iam:ListPolicies with Scope=AWS, then
// iam:GetPolicyVersion for each. It returns them sorted by name, with the
// version ID, its date and the document (decoded from the URL encoding IAM
// uses). progress, when set, is called after each policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
func SyncManagedPolicies(ctx context.Context, cfg aws.Config, limits *Limits, progress func(done, total int)) ([]*iampolicy.ManagedPolicyDoc, error) {
	if limits == nil {
		limits = NewLimits(1)
	}
	client := iam.NewFromConfig(limits.Configure(cfg, "aws-managed", 10, 20*time.Second))
	var listed []iamtypes.Policy
	p := iam.NewListPoliciesPaginator(client, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeAws})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("iam:ListPolicies: %w", err)
		}
		listed = append(listed, page.Policies...)
	}
	docs := make([]*iampolicy.ManagedPolicyDoc, len(listed))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	var done int
	var mu = make(chan struct{}, 1)
	for i, pol := range listed {
		g.Go(func() error {
			out, err := client.GetPolicyVersion(gctx, &iam.GetPolicyVersionInput{PolicyArn: pol.Arn, VersionId: pol.DefaultVersionId})
			if err != nil {
				return fmt.Errorf("iam:GetPolicyVersion %s: %w", aws.ToString(pol.Arn), err)
			}
			doc, err := url.QueryUnescape(aws.ToString(out.PolicyVersion.Document))
			if err != nil {
				return fmt.Errorf("policy %s: document is not URL-encoded: %w", aws.ToString(pol.Arn), err)
			}
			d := &iampolicy.ManagedPolicyDoc{
				Name:     aws.ToString(pol.PolicyName),
				ARN:      aws.ToString(pol.Arn),
				Version:  aws.ToString(pol.DefaultVersionId),
				Source:   "iam:GetPolicyVersion",
				Document: []byte(doc),
			}
			if t := out.PolicyVersion.CreateDate; t != nil {
				d.Updated = t.UTC().Format(time.RFC3339)
			}
			docs[i] = d
			if progress != nil {
				mu <- struct{}{}
				done++
				progress(done, len(listed))
				<-mu
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	return docs, nil
}
