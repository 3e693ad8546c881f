package live

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

var (
	opCallerIdentity = op(sts.ServiceID, "GetCallerIdentity", "sts:GetCallerIdentity",
		"the account the credentials belong to (needs no permission)")
	opDescribeRegions = op(ec2.ServiceID, "DescribeRegions", "ec2:DescribeRegions",
		"the regions enabled for the account (--regions all)")
	opListAccounts = op(organizations.ServiceID, "ListAccounts", "organizations:ListAccounts",
		"the accounts of the organization (--org; management or delegated administrator account)")
	// AssumeRole is allowed on the member accounts' role only; see
	// ReadOnlyPolicy.
	opAssumeRole = op(sts.ServiceID, "AssumeRole", "sts:AssumeRole",
		"credentials in each member account (--org --role-name)")
)

// EnabledRegions returns the regions enabled for the account cfg's
// credentials belong to (ec2:DescribeRegions without AllRegions lists
// only those), sorted.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html
func EnabledRegions(ctx context.Context, cfg aws.Config, limits *Limits) ([]string, error) {
	if limits == nil {
		limits = NewLimits(1)
	}
	out, err := ec2.NewFromConfig(limits.Configure(cfg, "regions", 10, defaultMaxBackoff)).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", call(opDescribeRegions), err)
	}
	var names []string
	for _, r := range out.Regions {
		names = append(names, aws.ToString(r.RegionName))
	}
	sort.Strings(names)
	return names, nil
}

// defaultMaxBackoff is the longest wait between two attempts of a call.
const defaultMaxBackoff = 20 * time.Second

// OrgAccount is an active account of an Organization.
type OrgAccount struct {
	ID   string
	Name string
}

// OrganizationAccounts lists the active accounts of the organization of
// the account cfg belongs to (organizations:ListAccounts, from the
// management account or a delegated administrator).
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
func OrganizationAccounts(ctx context.Context, cfg aws.Config, limits *Limits) ([]OrgAccount, error) {
	if limits == nil {
		limits = NewLimits(1)
	}
	client := organizations.NewFromConfig(limits.Configure(cfg, "organization", 10, defaultMaxBackoff))
	var out []OrgAccount
	p := organizations.NewListAccountsPaginator(client, &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", call(opListAccounts), err)
		}
		for _, a := range page.Accounts {
			if a.State == orgtypes.AccountStateActive || (a.State == "" && a.Status == orgtypes.AccountStatusActive) {
				out = append(out, OrgAccount{ID: aws.ToString(a.Id), Name: aws.ToString(a.Name)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// CollectOrganization collects every active account of the organization
// (with opts.Shard, only the accounts that shard owns):
// the caller's own account with its own credentials, every other account
// through the role roleName assumed in it. Accounts are collected
// `parallel` at a time (each with its own token buckets). An account that
// cannot be entered gives an estate holding only a Gap that says why.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html
func CollectOrganization(ctx context.Context, cfg aws.Config, roleName string, parallel int, opts Options) ([]*inventory.Estate, error) {
	opts.defaults()
	// One time limit for the whole organization.
	ctx, cancel := WithTimeLimit(ctx, opts.MaxDuration)
	defer cancel()
	cfg = withLogger(cfg, opts.Logger)
	accounts, err := OrganizationAccounts(ctx, cfg, opts.Limits)
	if err != nil {
		return nil, err
	}
	accounts = slices.DeleteFunc(accounts, func(a OrgAccount) bool { return !opts.Shard.Owns(a.ID) })
	id, err := sts.NewFromConfig(opts.Limits.Configure(cfg, callerKey(), opts.MaxAttempts, opts.MaxBackoff)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", call(opCallerIdentity), err)
	}
	self := aws.ToString(id.Account)
	partition, err := callerPartition(id)
	if err != nil {
		return nil, err
	}
	if parallel < 1 {
		parallel = 4
	}
	estates := make([]*inventory.Estate, len(accounts))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	stsClient := sts.NewFromConfig(opts.Limits.Configure(cfg, self, opts.MaxAttempts, opts.MaxBackoff))
	for i, a := range accounts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			acfg := cfg.Copy()
			if a.ID != self {
				roleARN := arn.ARN{Partition: partition, Service: "iam", AccountID: a.ID, Resource: "role/" + roleName}.String()
				acfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, roleARN, func(o *stscreds.AssumeRoleOptions) {
					o.RoleSessionName = "lambdasec"
				}))
			}
			e, err := Collect(ctx, acfg, opts)
			if err != nil {
				kind, reason := classify(call(opAssumeRole), err)
				if a.ID == self {
					kind, reason = classify(call(opCallerIdentity), err)
				}
				e = &inventory.Estate{Kind: inventory.KindAccount, Name: a.ID, Account: a.ID,
					Gaps: []inventory.Gap{{Field: inventory.FieldAll, Kind: kind, Call: call(opAssumeRole),
						Reason: fmt.Sprintf("account %s (%s) not read: %s", a.ID, a.Name, reason)}}}
			}
			estates[i] = e
		}()
	}
	wg.Wait()
	var tl *TimeLimitError
	if errors.As(context.Cause(ctx), &tl) {
		return estates, nil // each account says what it could not read
	}
	return estates, ctx.Err()
}
