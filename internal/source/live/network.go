package live

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// EC2 is asked only about what the region's functions use: their subnets
// and security groups (by ID, through filters, so that an ID that no longer
// exists is left out rather than failing the whole batch) and the VPC
// endpoints of the VPCs those subnets and groups are in.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSubnets.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpoints.html
var (
	opDescribeSubnets = op(ec2.ServiceID, "DescribeSubnets", "ec2:DescribeSubnets",
		"the Availability Zone, VPC and CIDR of the functions' subnets", "LS401", "LS403", "LS404", "LS405")
	opDescribeSecurityGroups = op(ec2.ServiceID, "DescribeSecurityGroups", "ec2:DescribeSecurityGroups",
		"the ingress and egress rules of the functions' security groups", "LS402", "LS407", "LS408")
	opDescribeVpcEndpoints = op(ec2.ServiceID, "DescribeVpcEndpoints", "ec2:DescribeVpcEndpoints",
		"the VPC endpoints (service, type, subnets, policy) of the functions' VPCs", "LS403", "LS404", "LS405")
)

// ec2FilterValues is how many values one EC2 filter takes.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html#query-filtering
const ec2FilterValues = 200

// collectNetwork reads the subnets and security groups of the region's
// functions and the VPC endpoints of their VPCs.
func (r *region) collectNetwork(ctx context.Context) {
	subnetIDs, groupIDs := vpcRefs(r.regionFunctions())
	if len(subnetIDs) == 0 && len(groupIDs) == 0 {
		return
	}
	client := ec2.NewFromConfig(r.cfg)
	subnets := r.subnets(ctx, client, subnetIDs)
	groups := r.securityGroups(ctx, client, groupIDs)
	r.groupUsers(ctx, client, groups)
	vpcs := map[string]bool{}
	for _, s := range subnets {
		if s.VPC != "" {
			vpcs[s.VPC] = true
		}
	}
	for _, g := range groups {
		if g.VPC != "" {
			vpcs[g.VPC] = true
		}
	}
	endpoints := r.vpcEndpoints(ctx, client, setKeys(vpcs))
	r.add(func(e *inventory.Estate) {
		e.Subnets = append(e.Subnets, subnets...)
		e.SecurityGroups = append(e.SecurityGroups, groups...)
		e.VPCEndpoints = append(e.VPCEndpoints, endpoints...)
	})
}

// vpcRefs returns the subnet and security group IDs the functions name,
// sorted and without repeats.
func vpcRefs(fns []*inventory.Function) (subnets, groups []string) {
	s, g := map[string]bool{}, map[string]bool{}
	for _, f := range fns {
		if f.VPC == nil {
			continue
		}
		for _, id := range f.VPC.SubnetIDs {
			s[id] = true
		}
		for _, id := range f.VPC.SecurityGroupIDs {
			g[id] = true
		}
	}
	return setKeys(s), setKeys(g)
}

// subnets reads the subnets ids names. When a batch cannot be read, each
// of its subnets is kept with a Gap, so LS401 says why it cannot tell.
func (r *region) subnets(ctx context.Context, client *ec2.Client, ids []string) []*inventory.Subnet {
	var out []*inventory.Subnet
	for _, batch := range splitIDs(ids, ec2FilterValues) {
		found := map[string]bool{}
		p := ec2.NewDescribeSubnetsPaginator(client, &ec2.DescribeSubnetsInput{
			Filters: []ec2types.Filter{{Name: aws.String("subnet-id"), Values: batch}},
		})
		var err error
		for p.HasMorePages() {
			var page *ec2.DescribeSubnetsOutput
			page, err = p.NextPage(ctx)
			if err != nil {
				break
			}
			for _, s := range page.Subnets {
				sub := r.subnetOf(s)
				found[sub.Name] = true
				out = append(out, sub)
			}
		}
		if err == nil {
			continue // IDs not returned no longer exist
		}
		for _, id := range batch {
			if !found[id] {
				sub := &inventory.Subnet{Resource: r.ec2Resource("", "subnet", id)}
				gap(&sub.Resource, call(opDescribeSubnets), err, inventory.FieldAll)
				out = append(out, sub)
			}
		}
	}
	return out
}

// subnetOf maps a subnet: its ARN is the ID, its subnet-… ID the name
// (what a function's VPC configuration holds).
func (r *region) subnetOf(s ec2types.Subnet) *inventory.Subnet {
	res := r.ec2Resource(aws.ToString(s.OwnerId), "subnet", aws.ToString(s.SubnetId))
	if arn := aws.ToString(s.SubnetArn); arn != "" {
		res.ID, res.ARN, res.Source.ARN = arn, arn, arn
	}
	res.Tags = ec2Tags(s.Tags)
	sub := &inventory.Subnet{Resource: res, VPC: aws.ToString(s.VpcId),
		AvailabilityZone: aws.ToString(s.AvailabilityZone), CIDR: aws.ToString(s.CidrBlock)}
	if sub.AvailabilityZone == "" {
		sub.AddGap(inventory.FieldAvailabilityZone, "DescribeSubnets gave no Availability Zone", call(opDescribeSubnets))
	}
	return sub
}

// securityGroups reads the security groups ids names, keeping each group
// of a batch that cannot be read with a Gap, so LS402 says UNKNOWN.
func (r *region) securityGroups(ctx context.Context, client *ec2.Client, ids []string) []*inventory.SecurityGroup {
	var out []*inventory.SecurityGroup
	for _, batch := range splitIDs(ids, ec2FilterValues) {
		found := map[string]bool{}
		p := ec2.NewDescribeSecurityGroupsPaginator(client, &ec2.DescribeSecurityGroupsInput{
			Filters: []ec2types.Filter{{Name: aws.String("group-id"), Values: batch}},
		})
		var err error
		for p.HasMorePages() {
			var page *ec2.DescribeSecurityGroupsOutput
			page, err = p.NextPage(ctx)
			if err != nil {
				break
			}
			for _, g := range page.SecurityGroups {
				sg := r.securityGroupOf(g)
				found[sg.Name] = true
				out = append(out, sg)
			}
		}
		if err == nil {
			continue
		}
		for _, id := range batch {
			if !found[id] {
				sg := &inventory.SecurityGroup{Resource: r.ec2Resource("", "security-group", id)}
				gap(&sg.Resource, call(opDescribeSecurityGroups), err, inventory.FieldAll)
				out = append(out, sg)
			}
		}
	}
	return out
}

// securityGroupOf maps a security group, one SGRule per address range,
// peer group and prefix list of each permission, in a fixed order.
func (r *region) securityGroupOf(g ec2types.SecurityGroup) *inventory.SecurityGroup {
	res := r.ec2Resource(aws.ToString(g.OwnerId), "security-group", aws.ToString(g.GroupId))
	if arn := aws.ToString(g.SecurityGroupArn); arn != "" {
		res.ID, res.ARN, res.Source.ARN = arn, arn, arn
	}
	res.Tags = ec2Tags(g.Tags)
	sg := &inventory.SecurityGroup{Resource: res, VPC: aws.ToString(g.VpcId)}
	src := inventory.Source{ARN: res.ARN}
	for _, p := range g.IpPermissions {
		sg.Ingress = append(sg.Ingress, sgRules(p, src)...)
	}
	for _, p := range g.IpPermissionsEgress {
		sg.Egress = append(sg.Egress, sgRules(p, src)...)
	}
	sortRules(sg.Ingress)
	sortRules(sg.Egress)
	return sg
}

// sgRules flattens one IP permission. Without ports (protocol "-1", or
// every port of a protocol) the range is 0-65535, as a template without
// FromPort and ToPort reads.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
func sgRules(p ec2types.IpPermission, src inventory.Source) []inventory.SGRule {
	base := inventory.SGRule{Protocol: aws.ToString(p.IpProtocol), FromPort: 0, ToPort: 65535, Source: src}
	if p.FromPort != nil || p.ToPort != nil {
		base.FromPort, base.ToPort = int(aws.ToInt32(p.FromPort)), int(aws.ToInt32(p.ToPort))
	}
	var out []inventory.SGRule
	for _, x := range p.IpRanges {
		r := base
		r.CIDRv4, r.Description = aws.ToString(x.CidrIp), aws.ToString(x.Description)
		out = append(out, r)
	}
	for _, x := range p.Ipv6Ranges {
		r := base
		r.CIDRv6, r.Description = aws.ToString(x.CidrIpv6), aws.ToString(x.Description)
		out = append(out, r)
	}
	for _, x := range p.UserIdGroupPairs {
		r := base
		r.Peer, r.Description = aws.ToString(x.GroupId), aws.ToString(x.Description)
		if r.Peer == "" {
			r.Peer = aws.ToString(x.GroupName)
		}
		out = append(out, r)
	}
	for _, x := range p.PrefixListIds {
		r := base
		r.Peer, r.Description = aws.ToString(x.PrefixListId), aws.ToString(x.Description)
		out = append(out, r)
	}
	return out
}

// sortRules puts rules in a fixed order: protocol, ports, then peer.
func sortRules(rs []inventory.SGRule) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		switch {
		case a.Protocol != b.Protocol:
			return a.Protocol < b.Protocol
		case a.FromPort != b.FromPort:
			return a.FromPort < b.FromPort
		case a.ToPort != b.ToPort:
			return a.ToPort < b.ToPort
		case a.CIDRv4 != b.CIDRv4:
			return a.CIDRv4 < b.CIDRv4
		case a.CIDRv6 != b.CIDRv6:
			return a.CIDRv6 < b.CIDRv6
		case a.Peer != b.Peer:
			return a.Peer < b.Peer
		}
		return a.Description < b.Description
	})
}

// vpcEndpoints reads the endpoints of vpcs. A failure is a gap of the
// region: which endpoints exist is not known.
func (r *region) vpcEndpoints(ctx context.Context, client *ec2.Client, vpcs []string) []*inventory.VPCEndpoint {
	var out []*inventory.VPCEndpoint
	for _, batch := range splitIDs(vpcs, ec2FilterValues) {
		p := ec2.NewDescribeVpcEndpointsPaginator(client, &ec2.DescribeVpcEndpointsInput{
			Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: batch}},
		})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				r.estateGap(call(opDescribeVpcEndpoints), err, "VPC endpoints")
				return out
			}
			for _, v := range page.VpcEndpoints {
				out = append(out, r.vpcEndpointOf(v))
			}
		}
	}
	return out
}

// vpcEndpointOf maps an endpoint; its policy document is plain JSON
// (for an interface endpoint without one of its own, AWS returns the
// default full-access policy).
func (r *region) vpcEndpointOf(v ec2types.VpcEndpoint) *inventory.VPCEndpoint {
	res := r.ec2Resource(aws.ToString(v.OwnerId), "vpc-endpoint", aws.ToString(v.VpcEndpointId))
	res.Tags = ec2Tags(v.Tags)
	ep := &inventory.VPCEndpoint{Resource: res, ServiceName: aws.ToString(v.ServiceName), Type: string(v.VpcEndpointType),
		VPC: aws.ToString(v.VpcId), Subnets: append([]string(nil), v.SubnetIds...)}
	sort.Strings(ep.Subnets)
	if d := aws.ToString(v.PolicyDocument); d != "" {
		ep.Policy = &inventory.Policy{Name: "endpoint policy", Document: []byte(d), Source: res.Source}
	}
	return ep
}

// ec2Resource is the header of an EC2 resource: its ARN
// (arn:aws:ec2:REGION:OWNER:KIND/ID) as ID, its plain ID as name. An empty
// owner is the account being read.
func (r *region) ec2Resource(owner, kind, id string) inventory.Resource {
	if owner == "" {
		owner = r.id
	}
	a := r.arn("ec2", owner, kind+"/"+id)
	return inventory.Resource{ID: a, ARN: a, Name: id, Region: r.name, Source: inventory.Source{ARN: a}}
}

// ec2Tags returns the tags as a map, or nil.
func ec2Tags(tags []ec2types.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// splitIDs splits ids into slices of at most n.
func splitIDs(ids []string, n int) [][]string {
	var out [][]string
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

// setKeys returns the keys of m in order.
func setKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
