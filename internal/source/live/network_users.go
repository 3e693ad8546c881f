package live

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// DescribeNetworkInterfaces, filtered by the functions' security groups,
// shows every network interface that uses them: Lambda's own (interface
// type "lambda") and those of anything else (instances, databases,
// endpoints, load balancers) that shares a group with a function.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNetworkInterfaces.html
var opDescribeNetworkInterfaces = op(ec2.ServiceID, "DescribeNetworkInterfaces", "ec2:DescribeNetworkInterfaces",
	"the network interfaces that use the functions' security groups: what other than Lambda shares a group", "LS402", "LS408")

// groupUsers records, for each security group that was read, the network
// interfaces other than Lambda's that use it (AttachedTo, as "interface
// type eni-… (description)"), and marks the group's users known. A batch
// that cannot be read leaves its groups' users unknown, with a gap.
func (r *region) groupUsers(ctx context.Context, client *ec2.Client, groups []*inventory.SecurityGroup) {
	byID := map[string]*inventory.SecurityGroup{}
	var ids []string
	for _, g := range groups {
		if _, failed := g.Gap(inventory.FieldAll); failed || g.Name == "" {
			continue
		}
		byID[g.Name] = g
		ids = append(ids, g.Name)
	}
	for _, batch := range splitIDs(ids, ec2FilterValues) {
		p := ec2.NewDescribeNetworkInterfacesPaginator(client, &ec2.DescribeNetworkInterfacesInput{
			Filters: []ec2types.Filter{{Name: aws.String("group-id"), Values: batch}},
		})
		var users map[string][]string
		var err error
		for p.HasMorePages() {
			var page *ec2.DescribeNetworkInterfacesOutput
			page, err = p.NextPage(ctx)
			if err != nil {
				break
			}
			users = addInterfaceUsers(users, page.NetworkInterfaces)
		}
		for _, id := range batch {
			g := byID[id]
			if err != nil {
				gap(&g.Resource, call(opDescribeNetworkInterfaces), err, inventory.FieldGroupUsers)
				continue
			}
			g.UsersKnown = true
			g.AttachedTo = append(g.AttachedTo, users[id]...)
		}
	}
}

// addInterfaceUsers adds to users, by group ID, each interface that is not
// a Lambda function's.
func addInterfaceUsers(users map[string][]string, enis []ec2types.NetworkInterface) map[string][]string {
	if users == nil {
		users = map[string][]string{}
	}
	for _, n := range enis {
		if n.InterfaceType == ec2types.NetworkInterfaceTypeLambda {
			continue
		}
		desc := string(n.InterfaceType) + " " + aws.ToString(n.NetworkInterfaceId)
		if d := aws.ToString(n.Description); d != "" {
			desc += " (" + d + ")"
		}
		for _, g := range n.Groups {
			id := aws.ToString(g.GroupId)
			if !slices.Contains(users[id], desc) {
				users[id] = append(users[id], desc)
			}
		}
	}
	return users
}
