package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

var singleAZ = &Rule{
	ID:       "LS401",
	Name:     "vpc-single-az",
	Severity: Medium,
	Title:    "VPC function runs in a single Availability Zone",
	Description: "The function is attached to a VPC through subnets that are all in one Availability " +
		"Zone, so an outage of that zone stops it. AWS recommends subnets in at least two zones.",
	Remediation: Remediation{
		Text:           "Attach the function to subnets in at least two Availability Zones.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --vpc-config SubnetIds=subnet-a,subnet-b,SecurityGroupIds=sg-x",
		CloudFormation: "VpcConfig.SubnetIds: [!Ref SubnetA, !Ref SubnetB] with subnets in different AvailabilityZones.",
		Terraform:      "vpc_config { subnet_ids = [aws_subnet.a.id, aws_subnet.b.id] }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-5",
	},
	Compliance: []Compliance{{"AWS FSBP", "Lambda.5"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			switch {
			case gapUnknown(f, inventory.FieldVPC, res):
				res.Message = "VPC configuration: " + res.Message
			case f.VPC == nil || len(f.VPC.SubnetIDs) == 0:
				return false
			case len(f.VPC.SubnetIDs) == 1:
				res.Source = f.VPC.Source
				res.fail(fmt.Sprintf("%s has one subnet (%s), so one Availability Zone", f.Label(), inventory.Describe(f.VPC.SubnetIDs[0])))
			default:
				res.Source = f.VPC.Source
				judgeZones(in, f, res)
			}
			return true
		})
	},
}

// judgeZones judges the Availability Zones of the subnets of f.
func judgeZones(in *Input, f *inventory.Function, res *Result) {
	zones := map[string]bool{}
	var unknown []string
	for _, id := range f.VPC.SubnetIDs {
		s := in.Index.Subnet(id)
		switch {
		case s == nil && inventory.IsUnresolved(id):
			unknown = append(unknown, "a subnet is "+inventory.Describe(id))
		case s == nil:
			unknown = append(unknown, "subnet "+id+" is defined outside this estate")
		case s.AvailabilityZone == "" || inventory.IsUnresolved(s.AvailabilityZone):
			reason := "zone not known"
			if g, ok := s.Gap(inventory.FieldAvailabilityZone); ok {
				reason = g.Reason
			}
			unknown = append(unknown, s.ID+": "+reason)
		default:
			zones[s.AvailabilityZone] = true
		}
	}
	names := make([]string, 0, len(zones))
	for z := range zones {
		names = append(names, inventory.Describe(z))
	}
	sort.Strings(names)
	res.Evidence = []Evidence{{Label: "zones", Value: strings.Join(names, ", ")}}
	switch {
	case len(zones) >= 2:
		res.pass("subnets in zones " + strings.Join(names, ", "))
	case len(unknown) > 0:
		res.unknown("the zones of the subnets are not all known: " + strings.Join(unknown, "; "))
	default:
		res.fail(fmt.Sprintf("all %d subnets of %s are in %s", len(f.VPC.SubnetIDs), f.Label(), strings.Join(names, ", ")))
	}
}

var openSecurityGroup = &Rule{
	ID:         "LS402",
	Name:       "security-group-open-ingress",
	Severity:   Medium,
	Severities: []Severity{Low},
	Title:      "Function security group allows inbound traffic from anywhere",
	Description: "A security group attached to the function allows inbound traffic from 0.0.0.0/0 or ::/0. " +
		"Lambda does not accept inbound connections, so the rule matters for what else uses the group: " +
		"databases, caches or instances that share it are exposed to the internet. When the estate shows " +
		"every user of the group (a template that defines it, or a live account's network interfaces) and they are all Lambda functions, the rule " +
		"is harmless now and the finding is low: it exposes whatever the group is attached to next.",
	Remediation: Remediation{
		Text:           "Remove the open ingress rule; give the function its own group with no ingress and let data stores admit that group.",
		CLI:            "aws ec2 revoke-security-group-ingress --group-id sg-x --ip-permissions IpProtocol=tcp,FromPort=0,ToPort=65535,IpRanges=[{CidrIp=0.0.0.0/0}]",
		CloudFormation: "Remove SecurityGroupIngress entries with CidrIp 0.0.0.0/0 or CidrIpv6 ::/0.",
		Terraform:      "Remove ingress blocks with cidr_blocks = [\"0.0.0.0/0\"].",
	},
	References: []string{"https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"},
	Compliance: []Compliance{{"AWS FSBP", "EC2.18"}, {"OWASP Serverless Top 10", "SAS-3"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if f.VPC == nil || len(f.VPC.SecurityGroupIDs) == 0 {
				return false
			}
			res.Source = f.VPC.Source
			judgeGroups(in, f, res)
			return true
		})
	},
}

// judgeGroups judges the ingress rules of the security groups of f.
func judgeGroups(in *Input, f *inventory.Function, res *Result) {
	var open, unknown, attached []string
	lambdaOnly := true // every open group is known to be used by functions only
	for _, id := range f.VPC.SecurityGroupIDs {
		g := in.Index.SecurityGroup(id)
		if g == nil {
			unknown = append(unknown, inventory.Describe(id))
			continue
		}
		if gp, ok := g.Gap(inventory.FieldIngress); ok {
			unknown = append(unknown, g.ID+": "+gp.Reason)
			continue
		}
		groupOpen := false
		for _, r := range g.Ingress {
			if r.CIDRv4 == "0.0.0.0/0" || r.CIDRv6 == "::/0" {
				desc := fmt.Sprintf("%s: %s ports %d-%d from %s%s", g.Label(), protoName(r.Protocol), r.FromPort, r.ToPort, r.CIDRv4, r.CIDRv6)
				open = append(open, desc)
				res.Evidence = append(res.Evidence, Evidence{Label: "ingress", Value: desc, Source: r.Source})
				groupOpen = true
			}
		}
		if !groupOpen {
			continue
		}
		if !g.UsersKnown || len(g.AttachedTo) > 0 {
			lambdaOnly = false
		}
		for _, a := range g.AttachedTo {
			attached = append(attached, a)
			res.Evidence = append(res.Evidence, Evidence{Label: "group " + g.Label() + " is also used by", Value: a, Source: g.Source})
		}
	}
	switch {
	case len(open) > 0 && lambdaOnly:
		res.Severity = sev(Low)
		res.fail("a security group of " + f.Label() + " allows inbound traffic from anywhere (" + open[0] + "), but only Lambda functions use the group and they accept no inbound connections: " +
			"the rule is harmless now, and exposes whatever the group is attached to next")
		res.Source = res.Evidence[0].Source
	case len(open) > 0 && len(attached) > 0:
		res.fail("a security group of " + f.Label() + " allows inbound traffic from anywhere: " + open[0] + "; the group is also used by " + strings.Join(attached, ", ") + ", which it exposes")
		res.Source = res.Evidence[0].Source
	case len(open) > 0:
		res.fail("a security group of " + f.Label() + " allows inbound traffic from anywhere: " + open[0] + "; resources outside this estate may share the group")
		res.Source = res.Evidence[0].Source
	case len(unknown) > 0:
		res.unknown("security groups not in the estate: " + strings.Join(unknown, ", "))
	default:
		res.pass("no security group of the function allows inbound traffic from anywhere")
	}
}

func protoName(p string) string {
	if p == "-1" {
		return "all protocols"
	}
	return p
}
