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
// The estates are in account ID order; they are all held in memory until
// it returns (CollectOrganizationFunc hands each over as it is read).
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html
func CollectOrganization(ctx context.Context, cfg aws.Config, roleName string, parallel int, opts Options) ([]*inventory.Estate, error) {
	var estates []*inventory.Estate
	err := CollectOrganizationFunc(ctx, cfg, roleName, parallel, opts, func(i int, e *inventory.Estate) error {
		if i >= len(estates) {
			estates = append(estates, make([]*inventory.Estate, i+1-len(estates))...)
		}
		estates[i] = e
		return nil
	})
	if err != nil && estates == nil {
		return nil, err
	}
	return estates, err
}

// CollectOrganizationFunc collects the organization as CollectOrganization
// does, but hands each account's estate to fn as soon as the account is
// read, with i its position in CollectOrganization's order (accounts by
// ID, 0-based), instead of holding every estate until the end: with
// parallel accounts read at once, at most parallel estates are held at a
// time (each one until fn returns; fn may keep it, or write it and let it
// go). fn is called one estate at a time, in the order the accounts are
// done (not i's order), from other goroutines; each i is given once.
//
// An error from fn stops the collection: no further account is started,
// the ones being read are cut short, and that error is returned. When
// opts.MaxDuration is reached every account is still handed over with
// what was read (its gaps say what was not) and the error is nil; when ctx
// is cancelled otherwise, the accounts are handed over as they end and
// ctx's error is returned. An error before any account is read (listing
// the accounts, the caller identity) is returned without calling fn.
func CollectOrganizationFunc(ctx context.Context, cfg aws.Config, roleName string, parallel int, opts Options, fn func(i int, e *inventory.Estate) error) error {
	opts.defaults()
	// One time limit for the whole organization.
	ctx, cancel := WithTimeLimit(ctx, opts.MaxDuration)
	defer cancel()
	cfg = withLogger(cfg, opts.Logger)
	accounts, err := OrganizationAccounts(ctx, cfg, opts.Limits)
	if err != nil {
		return err
	}
	accounts = slices.DeleteFunc(accounts, func(a OrgAccount) bool { return !opts.Shard.Owns(a.ID) })
	id, err := sts.NewFromConfig(opts.Limits.Configure(cfg, callerKey(), opts.MaxAttempts, opts.MaxBackoff)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return fmt.Errorf("%s: %w", call(opCallerIdentity), err)
	}
	self := aws.ToString(id.Account)
	partition, err := callerPartition(id)
	if err != nil {
		return err
	}
	if parallel < 1 {
		parallel = 4
	}
	// fn's error cancels what is being read, with that error as cause.
	readCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var (
		mu    sync.Mutex // serializes fn; guards fnErr
		fnErr error
	)
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	stsClient := sts.NewFromConfig(opts.Limits.Configure(cfg, self, opts.MaxAttempts, opts.MaxBackoff))
	for i, a := range accounts {
		sem <- struct{}{}
		mu.Lock()
		failed := fnErr != nil
		mu.Unlock()
		if failed {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			// The slot is given back once fn has the estate: at most
			// parallel estates are held here at once.
			defer func() { <-sem; wg.Done() }()
			acfg := cfg.Copy()
			var closeIdle func()
			acfg.HTTPClient, closeIdle = accountHTTPClient(cfg.HTTPClient)
			defer closeIdle()
			if a.ID != self {
				roleARN := arn.ARN{Partition: partition, Service: "iam", AccountID: a.ID, Resource: "role/" + roleName}.String()
				acfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, roleARN, func(o *stscreds.AssumeRoleOptions) {
					o.RoleSessionName = "lambdasec"
				}))
			}
			e, err := Collect(readCtx, acfg, opts)
			if err != nil {
				kind, reason := classify(call(opAssumeRole), err)
				if a.ID == self {
					kind, reason = classify(call(opCallerIdentity), err)
				}
				e = &inventory.Estate{Kind: inventory.KindAccount, Name: a.ID, Account: a.ID,
					Gaps: []inventory.Gap{{Field: inventory.FieldAll, Kind: kind, Call: call(opAssumeRole),
						Reason: fmt.Sprintf("account %s (%s) not read: %s", a.ID, a.Name, reason)}}}
			}
			mu.Lock()
			defer mu.Unlock()
			if fnErr != nil {
				return
			}
			if fnErr = fn(i, e); fnErr != nil {
				stop(fnErr)
			}
		}()
	}
	wg.Wait()
	if fnErr != nil {
		return fnErr
	}
	var tl *TimeLimitError
	if errors.As(context.Cause(ctx), &tl) {
		return nil // each account says what it could not read
	}
	return ctx.Err()
}
