package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
)

// Kinds of the resources the checklist network rules judge.
const (
	KindVPCEndpoint Kind = "vpc-endpoint"
	KindDomainName  Kind = "domain-name"
	KindListener    Kind = "listener" // a load balancer listener; Resource is the listener's ID
)

// vpcEndpointSubnets is LS403.
var vpcEndpointSubnets = &Rule{
	ID:       "LS403",
	Name:     "vpc-endpoint-extra-subnets",
	Severity: Low,
	Title:    "Interface endpoint is associated with subnets where none of the VPC's functions run",
	Description: "An interface VPC endpoint puts a network interface in every subnet it is associated with, " +
		"so every workload in those subnets can reach the service through it. AWS's guidance is to associate " +
		"only the subnets that need access. The rule looks at interface endpoints in the VPCs of the estate's " +
		"functions and fails when the endpoint is associated with subnets none of those functions run in (for " +
		"example every subnet of the VPC, when the functions run in two). Subnets used by other workloads of the " +
		"VPC that need the endpoint are not visible to lambdasec: the finding is low and says which subnets are extra.",
	Remediation: Remediation{
		Text:           "Associate the endpoint only with the subnets of the workloads that use it.",
		CLI:            "aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-x --remove-subnet-ids subnet-unneeded",
		CloudFormation: "AWS::EC2::VPCEndpoint SubnetIds: only the subnets of the functions' VpcConfig.",
		Terraform:      "aws_vpc_endpoint subnet_ids = the subnets of the functions' vpc_config.",
	},
	References: []string{
		"https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
	},
	Check: func(in *Input) []Result {
		fnVPCs := functionVPCs(in)
		return each(in.Estate.VPCEndpoints, endpointResult, func(ep *inventory.VPCEndpoint, res *Result) bool {
			fv := fnVPCs[ep.VPC]
			if !strings.EqualFold(ep.Type, "Interface") || fv == nil {
				return false
			}
			res.Functions = fv.ids()
			if len(fv.unknownSubnets) > 0 {
				res.unknown("the subnets of " + strings.Join(fv.unknownSubnets, ", ") + " are not known")
				return true
			}
			var extra []string
			for _, s := range ep.Subnets {
				if inventory.IsUnresolved(s) {
					res.unknown("a subnet of the endpoint is " + inventory.Describe(s))
					return true
				}
				if !fv.subnets[subnetKey(in, s)] {
					extra = append(extra, inventory.Describe(s))
				}
			}
			res.Evidence = append(res.Evidence, Evidence{Label: "functions' subnets", Value: strings.Join(fv.subnetNames(), ", ")})
			switch {
			case len(extra) == 0:
				res.pass(fmt.Sprintf("associated only with subnets the functions run in (%d)", len(ep.Subnets)))
			default:
				res.fail(fmt.Sprintf("%s is associated with %d subnets, %d of them with none of the VPC's functions (%s): associate only the subnets that need access",
					ep.Label(), len(ep.Subnets), len(extra), strings.Join(extra, ", ")))
			}
			return true
		})
	},
}

// vpcEndpointPolicy is LS404.
var vpcEndpointPolicy = &Rule{
	ID:       "LS404",
	Name:     "vpc-endpoint-policy-open",
	Severity: Low,
	Title:    "VPC endpoint used by functions has no policy, or one that allows everything",
	Description: "An endpoint policy limits what can be done through a VPC endpoint. Without one, AWS attaches a " +
		"default policy that allows any principal every action on every resource, so a compromised function can " +
		"reach other accounts' buckets, tables or secrets through the endpoint (data exfiltration that a NAT-less " +
		"design was meant to stop). The rule looks at the endpoints in the VPCs of the estate's functions, for the " +
		"services those functions' execution roles use, and fails when the policy is absent or allows \"*\" on " +
		"\"*\" to \"*\" without a condition.",
	Remediation: Remediation{
		Text:           "Attach an endpoint policy that allows only the actions and resources the functions need (for example the estate's own buckets, or aws:ResourceOrgID).",
		CLI:            "aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-x --policy-document file://endpoint-policy.json",
		CloudFormation: "AWS::EC2::VPCEndpoint PolicyDocument: { Statement: [ { Effect: Allow, Principal: '*', Action: [s3:GetObject], Resource: [arn:aws:s3:::my-bucket/*] } ] }",
		Terraform:      "aws_vpc_endpoint policy = data.aws_iam_policy_document.endpoint.json",
	},
	References: []string{
		"https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
	},
	Check: func(in *Input) []Result {
		fnVPCs := functionVPCs(in)
		views := rolesByFunction(in)
		return each(in.Estate.VPCEndpoints, endpointResult, func(ep *inventory.VPCEndpoint, res *Result) bool {
			fv := fnVPCs[ep.VPC]
			if fv == nil {
				return false
			}
			svc := endpointService(ep.ServiceName)
			users := fv.usersOf(views, svc)
			if len(users) == 0 {
				return false // no function of the VPC is known to use the service
			}
			res.Functions = users
			switch {
			case gapUnknown(ep, inventory.FieldPermissions, res):
				res.Message = "endpoint policy: " + res.Message
			case ep.Policy == nil:
				res.fail(fmt.Sprintf("%s (%s) has no endpoint policy, so AWS's default applies: any principal may do anything on any resource through it", ep.Label(), svc))
			default:
				pol, err := in.Policy(ep.Policy)
				if err != nil {
					res.unknown("the endpoint policy does not parse: " + err.Error())
					return true
				}
				for _, st := range pol.Statements {
					if st.Effect == iampolicy.Allow && len(st.Conditions) == 0 && slices.Contains(st.Action, "*") &&
						slices.Contains(st.Resource, "*") && (st.Principal == nil || st.Principal.IsWildcard()) {
						res.fail(fmt.Sprintf("the endpoint policy of %s (%s) allows \"*\" on \"*\" to anyone", ep.Label(), svc),
							Evidence{Label: "statement", Value: fmt.Sprintf("statement %d", st.Index+1), Source: ep.Policy.StatementSource(st.Index)})
						res.atEvidence()
						return true
					}
				}
				res.pass("the endpoint policy limits actions, resources, principals or conditions")
			}
			return true
		})
	},
}

// vpcNoGatewayEndpoint is LS405.
var vpcNoGatewayEndpoint = &Rule{
	ID:       "LS405",
	Name:     "vpc-function-no-endpoint",
	Severity: Low,
	Title:    "VPC function uses S3 or DynamoDB with no endpoint for it in its VPC",
	Description: "A function attached to a VPC reaches S3 and DynamoDB through a NAT gateway unless the VPC has an " +
		"endpoint for the service: the traffic then leaves the VPC, costs NAT processing, and cannot be limited " +
		"by an endpoint policy. AWS recommends VPC endpoints wherever possible; gateway endpoints for S3 and " +
		"DynamoDB cost nothing. The rule looks at VPC functions whose execution role grants S3 or DynamoDB " +
		"actions and fails when the function's VPC has no endpoint (gateway or interface) for that service. " +
		"It says UNKNOWN when the estate cannot show every endpoint of the VPC (a template that does not define " +
		"the VPC, or a live account where the endpoints could not be read).",
	Remediation: Remediation{
		Text:           "Add a gateway endpoint for S3 and DynamoDB to the VPC, associated with the functions' route tables.",
		CLI:            "aws ec2 create-vpc-endpoint --vpc-id vpc-x --service-name com.amazonaws.REGION.s3 --route-table-ids rtb-x",
		CloudFormation: "AWS::EC2::VPCEndpoint { VpcId: !Ref Vpc, ServiceName: !Sub com.amazonaws.${AWS::Region}.s3, VpcEndpointType: Gateway, RouteTableIds: [!Ref PrivateRouteTable] }",
		Terraform:      "resource \"aws_vpc_endpoint\" \"s3\" { vpc_id = aws_vpc.main.id, service_name = \"com.amazonaws.${var.region}.s3\", route_table_ids = [aws_route_table.private.id] }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
		"https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
	},
	Check: func(in *Input) []Result {
		views := rolesByFunction(in)
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if gapUnknown(f, inventory.FieldVPC, res) {
				return true
			}
			if f.VPC == nil || len(f.VPC.SubnetIDs) == 0 {
				return false
			}
			res.Source = f.VPC.Source
			v := views[f]
			if v == nil || v.External || (len(v.Identity) == 0 && len(v.Unknown) > 0) {
				res.unknown("the execution role's policies are not known, so whether it uses S3 or DynamoDB cannot be told")
				return true
			}
			var needed []string
			for _, svc := range []string{"s3", "dynamodb"} {
				if roleUses(v.Identity, v.Boundary, svc) {
					needed = append(needed, svc)
				}
			}
			if len(needed) == 0 {
				res.pass("the execution role grants no S3 or DynamoDB action")
				return true
			}
			vpc, why := vpcOf(in, f)
			if vpc == "" {
				res.unknown(why)
				return true
			}
			var missing []string
			for _, svc := range needed {
				if !hasEndpoint(in, vpc, svc) {
					missing = append(missing, svc)
				}
			}
			known, why := endpointsKnown(in, vpc)
			switch {
			case len(missing) == 0:
				res.pass("the VPC has an endpoint for " + strings.Join(needed, " and "))
			case !known:
				res.unknown(fmt.Sprintf("the role uses %s, and %s", strings.Join(missing, " and "), why))
			default:
				res.fail(fmt.Sprintf("%s's role uses %s but VPC %s has no endpoint for it: the traffic goes through NAT and no endpoint policy can limit it",
					f.Label(), strings.Join(missing, " and "), inventory.Describe(vpc)))
			}
			return true
		})
	},
}

// vpcOnlyOutsideVPC is LS406.
var vpcOnlyOutsideVPC = &Rule{
	ID:       "LS406",
	Name:     "vpc-resources-outside-vpc",
	Severity: Info,
	Title:    "Function outside any VPC names resources that live only in a VPC",
	Description: "RDS and Aurora instances, ElastiCache, DocumentDB, Neptune, MemoryDB, OpenSearch domains in a " +
		"VPC and MSK brokers are reached over the VPC's network. A function that is not attached to a VPC can " +
		"reach them only if they are made public (a publicly accessible database, public MSK brokers), which " +
		"widens their exposure to the whole internet; AWS's guidance is to attach functions to the VPC when " +
		"they need resources inside it. The rule looks at functions with no VPC configuration whose environment " +
		"variables hold such an endpoint's host name (…rds.amazonaws.com, …cache.amazonaws.com, " +
		"vpc-….es.amazonaws.com, …kafka….amazonaws.com, …docdb…, …neptune…, …memorydb…), a template reference " +
		"to such a resource's endpoint, or whose role grants rds-db:connect, elasticache:Connect or kafka-cluster " +
		"actions (not counting the kafka-cluster permissions an MSK event source mapping needs). A variable " +
		"whose name suggests an address (…HOST, …ENDPOINT, …BROKERS) and whose value is not known makes it UNKNOWN. It is " +
		"informative: the resource may be public on purpose, or reached through the Data API.",
	Remediation: Remediation{
		Text:           "Attach the function to the VPC of the resource (private subnets, a security group the resource admits), and keep the resource private.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --vpc-config SubnetIds=subnet-a,subnet-b,SecurityGroupIds=sg-x",
		CloudFormation: "VpcConfig: { SubnetIds: [...], SecurityGroupIds: [...] }",
		Terraform:      "vpc_config { subnet_ids = [...], security_group_ids = [...] }",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/with-msk-permissions.html",
	},
	Check: func(in *Input) []Result {
		views := rolesByFunction(in)
		// A Kafka event source mapping polls the cluster for the function
		// with its execution role's kafka-cluster permissions: those do not
		// mean the function's code connects to it.
		// https://docs.aws.amazon.com/lambda/latest/dg/with-msk-permissions.html
		kafkaMapped := map[*inventory.Function]bool{}
		for _, t := range in.Estate.Triggers {
			if t.Type == inventory.TriggerKafka {
				if f := in.Index.Function(t.Function); f != nil {
					kafkaMapped[f] = true
				}
			}
		}
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			// A VPC configuration that cannot be resolved matters only
			// for a function that names a resource living in a VPC.
			vpcGap, vpcUnknown := f.Gap(inventory.FieldVPC)
			if !vpcUnknown && f.VPC != nil && len(f.VPC.SubnetIDs) > 0 {
				return false
			}
			var unresolved []string
			for _, ev := range f.Environment {
				if what := vpcOnlyValue(ev.Value); what != "" {
					res.Evidence = append(res.Evidence, Evidence{Label: "variable " + ev.Name, Value: what, Source: ev.Source})
				} else if inventory.IsUnresolved(ev.Value) && addressName(ev.Name) {
					unresolved = append(unresolved, ev.Name+" is "+inventory.Describe(ev.Value))
				}
			}
			if v := views[f]; v != nil {
				for _, np := range v.Identity {
					for _, st := range np.Policy.Statements {
						if st.Effect != iampolicy.Allow {
							continue
						}
						for _, a := range st.Action {
							if kafkaMapped[f] && strings.HasPrefix(strings.ToLower(a), "kafka-cluster:") {
								continue
							}
							if vpcOnlyAction(a) {
								res.Evidence = append(res.Evidence, Evidence{Label: "role grants", Value: a + " (" + np.Name + ")"})
							}
						}
					}
				}
			}
			switch {
			case len(res.Evidence) > 0 && vpcUnknown:
				res.unknown(fmt.Sprintf("%s names a resource that lives in a VPC (%s: %s), and whether it is in a VPC cannot be told: VPC configuration: %s",
					f.Label(), res.Evidence[0].Label, res.Evidence[0].Value, vpcGap.Reason))
			case len(res.Evidence) > 0:
				res.fail(fmt.Sprintf("%s is not in a VPC but names a resource that lives in one (%s: %s): it can reach it only if the resource is public",
					f.Label(), res.Evidence[0].Label, res.Evidence[0].Value))
				res.atEvidence()
			default:
				if g, ok := f.Gap(inventory.FieldEnvironment); ok {
					res.unknown("environment: " + g.Reason)
					return true
				}
				where := "not in a VPC"
				if vpcUnknown {
					where = "whether it is in a VPC is not known (VPC configuration: " + vpcGap.Reason + ")"
				}
				if len(unresolved) > 0 {
					res.unknown(where + ", and a variable that may hold a host name is not known: " + strings.Join(unresolved, "; "))
					return true
				}
				if vpcUnknown {
					res.pass("names no resource that lives only in a VPC, so whether it is in one does not matter here")
					return true
				}
				res.pass("not in a VPC, and names no resource that lives only in one")
			}
			return true
		})
	},
}

// openEgress is LS407.
var openEgress = &Rule{
	ID:       "LS407",
	Name:     "security-group-open-egress",
	Severity: Low,
	Title:    "Function security group allows all outbound traffic to anywhere",
	Description: "A security group of the function allows every protocol and port to 0.0.0.0/0 or ::/0 (in " +
		"CloudFormation, a group with no SecurityGroupEgress gets this rule from AWS). Code that is taken over " +
		"can then send data to any host on the internet through the VPC's NAT. A function that needs only AWS " +
		"APIs reached through VPC endpoints, or a few known hosts, needs egress on 443 to those endpoints' " +
		"group or prefix lists only. The finding is low and informative: many functions call third-party APIs.",
	Remediation: Remediation{
		Text:           "Replace the allow-all egress rule with rules for the ports and destinations the function needs (443 to the endpoints' security group or the S3/DynamoDB prefix lists).",
		CLI:            "aws ec2 revoke-security-group-egress --group-id sg-x --ip-permissions IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]",
		CloudFormation: "SecurityGroupEgress: [ { IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationPrefixListId: pl-x } ]",
		Terraform:      "egress { protocol = \"tcp\", from_port = 443, to_port = 443, prefix_list_ids = [aws_vpc_endpoint.s3.prefix_list_id] }",
	},
	References: []string{
		"https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-3"}},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if f.VPC == nil || len(f.VPC.SecurityGroupIDs) == 0 {
				return false
			}
			res.Source = f.VPC.Source
			var unknown []string
			for _, id := range f.VPC.SecurityGroupIDs {
				g := in.Index.SecurityGroup(id)
				if g == nil {
					unknown = append(unknown, inventory.Describe(id))
					continue
				}
				if gp, ok := g.Gap(inventory.FieldAll); ok {
					unknown = append(unknown, g.Label()+": "+gp.Reason)
					continue
				}
				for _, r := range g.Egress {
					if r.Protocol == "-1" && (r.CIDRv4 == "0.0.0.0/0" || r.CIDRv6 == "::/0") {
						res.Evidence = append(res.Evidence, Evidence{Label: "egress", Value: fmt.Sprintf("%s: all traffic to %s%s", g.Label(), r.CIDRv4, r.CIDRv6), Source: r.Source})
					}
				}
			}
			switch {
			case len(res.Evidence) > 0:
				res.fail("a security group of " + f.Label() + " allows all outbound traffic to anywhere (" + res.Evidence[0].Value + ")")
				res.atEvidence()
			case len(unknown) > 0:
				res.unknown("security groups not in the estate: " + strings.Join(unknown, ", "))
			default:
				res.pass("no security group of the function allows all outbound traffic to anywhere")
			}
			return true
		})
	},
}

// sharedGroup is LS408.
var sharedGroup = &Rule{
	ID:       "LS408",
	Name:     "security-group-shared",
	Severity: Medium,
	Title:    "Function security group is shared with resources that are not Lambda functions",
	Description: "A security group attached to the function is also attached to other resources (a database, an " +
		"instance, a load balancer). The function then carries their ingress rules, and whatever admits the " +
		"group admits the function too: a database that allows its own group lets every function in it connect. " +
		"Give functions a group of their own and let the data stores admit that group. The rule needs to see " +
		"every user of the group: a template or Terraform module that defines it, or a live account (the " +
		"network interfaces that use the group); for a group the estate does not define it says UNKNOWN.",
	Remediation: Remediation{
		Text:           "Create a security group for the functions only, and reference it from the ingress rules of the resources they call.",
		CLI:            "aws ec2 create-security-group --group-name fn-sg --vpc-id vpc-x --description functions && aws lambda update-function-configuration --function-name NAME --vpc-config SubnetIds=...,SecurityGroupIds=sg-new",
		CloudFormation: "A dedicated AWS::EC2::SecurityGroup in VpcConfig.SecurityGroupIds; the database's group has SourceSecurityGroupId: !Ref FunctionGroup.",
		Terraform:      "A dedicated aws_security_group for vpc_config.security_group_ids; the database's ingress has referenced_security_group_id = aws_security_group.fn.id.",
	},
	References: []string{
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
		"https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
	},
	Check: func(in *Input) []Result {
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			if f.VPC == nil || len(f.VPC.SecurityGroupIDs) == 0 {
				return false
			}
			res.Source = f.VPC.Source
			var unknown, shared []string
			for _, id := range f.VPC.SecurityGroupIDs {
				g := in.Index.SecurityGroup(id)
				switch {
				case g == nil:
					unknown = append(unknown, inventory.Describe(id)+" is not defined in this estate")
				case len(g.AttachedTo) == 0 && hasGap(g, inventory.FieldGroupUsers):
					gp, _ := g.Gap(inventory.FieldGroupUsers)
					unknown = append(unknown, g.Label()+": what else uses it could not be read: "+gp.Reason)
				case len(g.AttachedTo) > 0:
					for _, a := range g.AttachedTo {
						res.Evidence = append(res.Evidence, Evidence{Label: "group " + g.Label() + " is also used by", Value: a, Source: g.Source})
					}
					shared = append(shared, g.Label()+" (with "+strings.Join(g.AttachedTo, ", ")+")")
				case !g.UsersKnown:
					unknown = append(unknown, g.Label()+": what else uses it is not read")
				}
			}
			switch {
			case len(shared) > 0:
				res.fail("a security group of " + f.Label() + " is shared with other resources: " + strings.Join(shared, "; "))
			case len(unknown) > 0:
				res.unknown("whether the function's groups are shared cannot be told: " + strings.Join(unknown, "; "))
			default:
				res.pass("the function's security groups are used by Lambda functions only")
			}
			return true
		})
	},
}

// domainTLS is LS409.
var domainTLS = &Rule{
	ID:       "LS409",
	Name:     "api-domain-old-tls",
	Severity: Medium,
	Title:    "API Gateway custom domain name accepts TLS 1.0 and 1.1",
	Description: "A custom domain name's security policy sets the lowest TLS version its clients may use. The legacy " +
		"TLS_1_0 policy accepts TLS 1.0 and 1.1, which are deprecated (RFC 8996); AWS's guidance for Lambda " +
		"is to use TLS 1.2 or later to and from functions. API Gateway's other policies (TLS_1_2 and the enhanced " +
		"SecurityPolicy_TLS12_* and SecurityPolicy_TLS13_* policies of 2021 and 2025) all require TLS 1.2 or " +
		"later. A domain name with no SecurityPolicy gets TLS_1_2, API Gateway's default for domain names. " +
		"A policy name lambdasec does not know is UNKNOWN.",
	Remediation: Remediation{
		Text:           "Set the domain name's security policy to TLS_1_2 or an enhanced TLS 1.3 policy.",
		CLI:            "aws apigateway update-domain-name --domain-name api.example.com --patch-operations op=replace,path=/securityPolicy,value=TLS_1_2",
		CloudFormation: "AWS::ApiGateway::DomainName SecurityPolicy: TLS_1_2 (SAM: Domain.SecurityPolicy: TLS_1_2)",
		Terraform:      "aws_api_gateway_domain_name security_policy = \"TLS_1_2\"",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html",
		"https://docs.aws.amazon.com/apigateway/latest/api/API_DomainName.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/security-dataprotection.html",
	},
	Check: func(in *Input) []Result {
		return each(in.Estate.DomainNames, func(d *inventory.DomainName) Result {
			res := resultFor(&d.Resource, KindDomainName)
			res.Functions = domainFunctions(in, d)
			return res
		}, func(d *inventory.DomainName, res *Result) bool {
			if gapUnknown(d, inventory.FieldSecurityPolicy, res) {
				return true
			}
			res.Source = d.PolicySource
			p := d.SecurityPolicy
			switch {
			case p == "":
				res.pass("no SecurityPolicy: API Gateway's default for domain names, TLS_1_2, requires TLS 1.2 or later")
			case strings.EqualFold(p, "TLS_1_0"):
				res.fail(d.Label()+" uses the security policy TLS_1_0, which accepts TLS 1.0 and 1.1",
					Evidence{Label: "security policy", Value: p, Source: d.PolicySource})
			case apiGatewayModernPolicies[p]:
				res.pass("security policy " + p + " requires TLS 1.2 or later")
			default:
				res.unknown("security policy " + p + " is not one lambdasec knows (API Gateway's list of security policies)")
			}
			return true
		})
	},
}

// apiGatewayModernPolicies are API Gateway's security policies that require
// TLS 1.2 or later: TLS_1_2 and the enhanced policies, as the API
// reference lists them (DomainName.securityPolicy, read 2026-12-06).
// https://docs.aws.amazon.com/apigateway/latest/api/API_DomainName.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html
var apiGatewayModernPolicies = map[string]bool{
	"TLS_1_2":                                      true,
	"SecurityPolicy_TLS13_1_3_2025_09":             true,
	"SecurityPolicy_TLS13_1_3_FIPS_2025_09":        true,
	"SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09":      true,
	"SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09": true,
	"SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09":     true,
	"SecurityPolicy_TLS13_1_2_PQ_2025_09":          true,
	"SecurityPolicy_TLS13_1_2_2021_06":             true,
	"SecurityPolicy_TLS13_2025_EDGE":               true,
	"SecurityPolicy_TLS12_PFS_2025_EDGE":           true,
	"SecurityPolicy_TLS12_2018_EDGE":               true,
}

// listenerTLS is LS410.
var listenerTLS = &Rule{
	ID:       "LS410",
	Name:     "alb-listener-old-tls",
	Severity: Medium,
	Title:    "HTTPS listener in front of a function accepts TLS 1.0 or 1.1",
	Description: "An Application Load Balancer's HTTPS listener negotiates TLS with clients according to its " +
		"security policy. ELBSecurityPolicy-2016-08 — the default for listeners created with the CLI, " +
		"CloudFormation, Terraform or the CDK — and the other TLS-1-0, TLS-1-1, FS-2018-06, FS-1-1 and " +
		"TLS13-1-0/1-1 policies accept TLS 1.0 or 1.1, which are deprecated (RFC 8996). The rule looks at HTTPS " +
		"listeners that forward to a Lambda target group; a policy name not in ELB's table is UNKNOWN.",
	Remediation: Remediation{
		Text:           "Use a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06.",
		CLI:            "aws elbv2 modify-listener --listener-arn LISTENER --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06",
		CloudFormation: "AWS::ElasticLoadBalancingV2::Listener SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06",
		Terraform:      "aws_lb_listener ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"",
	},
	References: []string{
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/security-dataprotection.html",
	},
	Check: func(in *Input) []Result {
		var out []Result
		for _, lb := range in.Estate.LoadBalancers {
			for i := range lb.Listeners {
				l := &lb.Listeners[i]
				fns := listenerFunctions(in, l)
				if !strings.EqualFold(l.Protocol, "HTTPS") || fns == nil {
					continue
				}
				res := listenerResult(lb, l, fns)
				p := l.SSLPolicy
				def := ""
				if p == "" {
					p, def = "ELBSecurityPolicy-2016-08", " (the default when none is given)"
				}
				allows, known := elbOldTLS(p)
				switch {
				case l.SSLPolicyUnknown != "":
					res.unknown("SslPolicy: " + l.SSLPolicyUnknown)
				case !known:
					res.unknown("security policy " + p + " is not in lambdasec's table of ELB security policies")
				case allows != "":
					res.fail(fmt.Sprintf("HTTPS listener on port %d uses %s%s, which accepts %s", l.Port, p, def, allows),
						Evidence{Label: "security policy", Value: p + def, Source: l.Source})
				default:
					res.pass("security policy " + p + def + " requires TLS 1.2 or later")
				}
				out = append(out, res)
			}
		}
		return out
	},
}

// elbOldTLS says which deprecated TLS versions an ELB security policy
// accepts ("" for none), and whether the policy is known. The table is
// ELB's security policy table (protocols column), read 2026-12-06.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
func elbOldTLS(policy string) (allows string, known bool) {
	switch policy {
	case "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-TLS-1-0-2015-04",
		"ELBSecurityPolicy-FS-2018-06", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
		"ELBSecurityPolicy-TLS13-1-0-PQ-2025-09":
		return "TLS 1.0 and 1.1", true
	case "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-1-1-2019-08", "ELBSecurityPolicy-TLS13-1-1-2021-06",
		"ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-1-PQ-2025-09":
		return "TLS 1.1", true
	}
	for _, prefix := range []string{"ELBSecurityPolicy-TLS-1-2-", "ELBSecurityPolicy-FS-1-2-", "ELBSecurityPolicy-TLS13-1-2-", "ELBSecurityPolicy-TLS13-1-3-"} {
		if strings.HasPrefix(policy, prefix) {
			return "", true
		}
	}
	return "", false
}

// httpListener is LS411.
var httpListener = &Rule{
	ID:         "LS411",
	Name:       "alb-http-listener",
	Severity:   Medium,
	Severities: []Severity{Low},
	Title:      "Load balancer forwards plain HTTP to a function",
	Description: "An HTTP (not HTTPS) listener forwards requests to a Lambda target group instead of redirecting " +
		"them to HTTPS, so requests and responses — tokens, cookies, personal data — cross the network in clear " +
		"text. AWS's guidance for Lambda is to encrypt traffic to and from functions with TLS 1.2. An internal " +
		"load balancer is low: the clear text stays in the VPC.",
	Remediation: Remediation{
		Text:           "Make the HTTP listener redirect to HTTPS (HTTP_301), and forward to the function from an HTTPS listener only.",
		CLI:            "aws elbv2 modify-listener --listener-arn LISTENER --default-actions Type=redirect,RedirectConfig='{Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
		CloudFormation: "DefaultActions: [ { Type: redirect, RedirectConfig: { Protocol: HTTPS, Port: '443', StatusCode: HTTP_301 } } ]",
		Terraform:      "default_action { type = \"redirect\" redirect { protocol = \"HTTPS\", port = \"443\", status_code = \"HTTP_301\" } }",
	},
	References: []string{
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
		"https://docs.aws.amazon.com/lambda/latest/dg/security-dataprotection.html",
	},
	Check: func(in *Input) []Result {
		var out []Result
		for _, lb := range in.Estate.LoadBalancers {
			for i := range lb.Listeners {
				l := &lb.Listeners[i]
				if !strings.EqualFold(l.Protocol, "HTTP") {
					continue
				}
				fns := listenerFunctions(in, l)
				res := listenerResult(lb, l, fns)
				others := listenerUnknownGroups(in, l)
				switch {
				case fns == nil && len(others) > 0:
					res.unknown(fmt.Sprintf("HTTP listener on port %d forwards to target groups not in this estate (%s): whether they reach a function is not known", l.Port, strings.Join(others, ", ")))
				case fns == nil:
					res.pass(fmt.Sprintf("HTTP listener on port %d does not forward to a function", l.Port))
				default:
					if lb.Scheme == "internal" {
						res.Severity = sev(Low)
					}
					res.fail(fmt.Sprintf("HTTP listener on port %d of %s (%s) forwards to a function in clear text instead of redirecting to HTTPS", l.Port, lb.Label(), lb.Scheme),
						Evidence{Label: "forwards to", Value: strings.Join(l.TargetGroups, ", "), Source: l.Source})
				}
				out = append(out, res)
			}
		}
		return out
	},
}

// timeoutOverAPI is LS704.
var timeoutOverAPI = &Rule{
	ID:       "LS704",
	Name:     "timeout-over-api-integration",
	Severity: Low,
	Title:    "Function timeout is longer than the API Gateway integration timeout in front of it",
	Description: "API Gateway waits for a Lambda integration at most its integration timeout: 29 seconds by " +
		"default for REST and WebSocket APIs (raisable for Regional and private REST APIs), 30 seconds at most " +
		"for HTTP APIs. A function whose Timeout is longer keeps running — and billing — after the client has " +
		"been sent a 504, and retries pile up work the caller never sees. The rule compares the function's " +
		"Timeout (3 s when not set) with the integration timeout of every API route that reaches it; a " +
		"route that invokes the function asynchronously (X-Amz-Invocation-Type 'Event') is left out, and one " +
		"that streams its response may last 15 minutes.",
	Remediation: Remediation{
		Text:           "Set the function's Timeout at or below the integration timeout, or move long work behind an asynchronous call.",
		CLI:            "aws lambda update-function-configuration --function-name NAME --timeout 28",
		CloudFormation: "Timeout: 28 (or Integration.TimeoutInMillis raised for a Regional REST API after a quota increase)",
		Terraform:      "timeout = 28",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integration-async.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html",
		"https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
	},
	Check: func(in *Input) []Result {
		type reach struct {
			api *inventory.API
			rt  *inventory.Route
		}
		routes := map[*inventory.Function][]reach{}
		for _, a := range in.Estate.APIs {
			for i := range a.Routes {
				if f := in.Index.Function(a.Routes[i].Function); f != nil && a.Routes[i].Function != "" {
					routes[f] = append(routes[f], reach{a, &a.Routes[i]})
				}
			}
		}
		return eachFunction(in, func(f *inventory.Function, res *Result) bool {
			rs := routes[f]
			if len(rs) == 0 {
				return false
			}
			if gapUnknown(f, inventory.FieldTimeout, res) {
				res.Message = "timeout: " + res.Message
				return true
			}
			timeout := f.Timeout
			if timeout == 0 {
				timeout = 3
			}
			var over, unknown []string
			judged := 0
			for _, r := range rs {
				if r.rt.AsyncInvoke {
					continue // API Gateway does not wait for the function
				}
				judged++
				if g, ok := routeGap(r.rt, inventory.FieldTimeout); ok {
					unknown = append(unknown, r.api.Label()+" "+r.rt.Method+" "+r.rt.Path+": "+g)
					continue
				}
				ms := r.rt.IntegrationTimeoutMs
				def := ""
				switch {
				case ms > 0:
				case r.rt.Streaming:
					ms, def = 900000, " (a streamed response may last 15 minutes)"
				case r.api.Protocol == inventory.ProtocolHTTP:
					ms, def = 30000, " (default)"
				default:
					ms, def = 29000, " (default)"
				}
				if timeout*1000 > ms {
					desc := fmt.Sprintf("%s %s %s: %d ms%s", r.api.Label(), r.rt.Method, r.rt.Path, ms, def)
					over = append(over, desc)
					res.Evidence = append(res.Evidence, Evidence{Label: "integration timeout", Value: desc, Source: r.rt.Source})
				}
			}
			switch {
			case judged == 0:
				return false // every route invokes it asynchronously
			case len(over) > 0:
				res.fail(fmt.Sprintf("%s's timeout is %d s, longer than the integration timeout of %s: API Gateway gives up (a 504 to the client) while the function keeps running",
					f.Label(), timeout, over[0]))
			case len(unknown) > 0:
				res.unknown("integration timeout not known: " + strings.Join(unknown, "; "))
			default:
				res.pass(fmt.Sprintf("timeout %d s is within the integration timeout of the %d route(s) that reach it", timeout, judged))
			}
			return true
		})
	},
}

// hasGap reports whether r has a gap for field (or for all of it).
func hasGap(r gapped, field string) bool {
	_, ok := r.Gap(field)
	return ok
}

// routeGap returns the reason of a route's gap for field.
func routeGap(rt *inventory.Route, field string) (string, bool) {
	for _, g := range rt.Gaps {
		if g.Field == field {
			return g.Reason, true
		}
	}
	return "", false
}

// endpointResult starts a result for a VPC endpoint.
func endpointResult(ep *inventory.VPCEndpoint) Result {
	return resultFor(&ep.Resource, KindVPCEndpoint)
}

// listenerResult starts a result for one listener of lb.
func listenerResult(lb *inventory.LoadBalancer, l *inventory.Listener, fns []string) Result {
	return Result{Resource: l.ID, Kind: KindListener, Label: fmt.Sprintf("%s port %d", lb.Label(), l.Port),
		Source: l.Source, Skips: lb.Skips, Functions: fns}
}

// listenerFunctions returns the functions a listener forwards to (through
// target groups of type lambda), or nil when it forwards to none.
func listenerFunctions(in *Input, l *inventory.Listener) []string {
	var out []string
	found := false
	for _, id := range l.TargetGroups {
		for _, tg := range in.Estate.TargetGroups {
			if tg.ID != id && tg.ARN != id {
				continue
			}
			if strings.EqualFold(tg.TargetType, "lambda") || len(tg.Functions) > 0 {
				found = true
				out = append(out, tg.Functions...)
			}
		}
	}
	if !found {
		return nil
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// listenerUnknownGroups returns the target groups a listener forwards to
// that the estate does not hold, described.
func listenerUnknownGroups(in *Input, l *inventory.Listener) []string {
	var out []string
	for _, id := range l.TargetGroups {
		if !slices.ContainsFunc(in.Estate.TargetGroups, func(tg *inventory.TargetGroup) bool { return tg.ID == id || tg.ARN == id }) {
			out = append(out, inventory.Describe(id))
		}
	}
	return out
}

// domainFunctions returns the functions the APIs mapped to d reach.
func domainFunctions(in *Input, d *inventory.DomainName) []string {
	var out []string
	for _, a := range in.Estate.APIs {
		if !slices.Contains(d.APIs, a.ID) {
			continue
		}
		for _, rt := range a.Routes {
			if rt.Function != "" && !slices.Contains(out, rt.Function) {
				out = append(out, rt.Function)
			}
		}
	}
	return out
}

// vpcFunctions is what the estate's functions in one VPC use.
type vpcFunctions struct {
	fns            []*inventory.Function
	subnets        map[string]bool // subnet keys (subnetKey)
	names          map[string]string
	unknownSubnets []string
}

func (v *vpcFunctions) ids() []string {
	out := make([]string, len(v.fns))
	for i, f := range v.fns {
		out[i] = f.ID
	}
	return out
}

func (v *vpcFunctions) subnetNames() []string {
	out := make([]string, 0, len(v.names))
	for _, n := range v.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// usersOf returns the IDs of the VPC's functions whose execution role (in
// views, by function) may use service svc, counting those whose role's
// policies are not known (the endpoint may be theirs).
func (v *vpcFunctions) usersOf(views map[*inventory.Function]*roleView, svc string) []string {
	var out []string
	for _, f := range v.fns {
		rv := views[f]
		if rv == nil || rv.External || len(rv.Unknown) > 0 || roleUses(rv.Identity, rv.Boundary, svc) {
			out = append(out, f.ID)
		}
	}
	return out
}

// functionVPCs groups the estate's VPC functions by the VPC their subnets
// are in (the VPC's ID or logical ID, as the estate's subnets and
// endpoints name it).
func functionVPCs(in *Input) map[string]*vpcFunctions {
	out := map[string]*vpcFunctions{}
	for _, f := range in.Estate.Functions {
		vpc, _ := vpcOf(in, f)
		if vpc == "" {
			continue
		}
		fv := out[vpc]
		if fv == nil {
			fv = &vpcFunctions{subnets: map[string]bool{}, names: map[string]string{}}
			out[vpc] = fv
		}
		fv.fns = append(fv.fns, f)
		for _, id := range f.VPC.SubnetIDs {
			if inventory.IsUnresolved(id) {
				fv.unknownSubnets = append(fv.unknownSubnets, f.Label())
				continue
			}
			k := subnetKey(in, id)
			fv.subnets[k] = true
			fv.names[k] = inventory.Describe(id)
		}
	}
	return out
}

// subnetKey is the key a subnet reference is compared by: the estate's
// subnet ID when the estate holds it, the reference otherwise.
func subnetKey(in *Input, ref string) string {
	if s := in.Index.Subnet(ref); s != nil {
		return s.ID
	}
	return ref
}

// vpcOf returns the VPC a function runs in, from its subnets or security
// groups, or "" and why it is not known.
func vpcOf(in *Input, f *inventory.Function) (string, string) {
	if f.VPC == nil {
		return "", "the function is not in a VPC"
	}
	why := "the function's VPC is not known: its subnets and security groups are not in this estate"
	for _, id := range f.VPC.SubnetIDs {
		s := in.Index.Subnet(id)
		switch {
		case s == nil || s.VPC == "":
		case !inventory.IsUnresolved(s.VPC):
			return s.VPC, ""
		default:
			why = "the VPC of subnet " + s.Label() + " is " + inventory.Describe(s.VPC)
		}
	}
	for _, id := range f.VPC.SecurityGroupIDs {
		if g := in.Index.SecurityGroup(id); g != nil && g.VPC != "" && !inventory.IsUnresolved(g.VPC) {
			return g.VPC, ""
		}
	}
	return "", why
}

// hasEndpoint reports whether the estate has an endpoint for service svc
// ("s3", "dynamodb") in vpc.
func hasEndpoint(in *Input, vpc, svc string) bool {
	for _, ep := range in.Estate.VPCEndpoints {
		if ep.VPC == vpc && endpointService(ep.ServiceName) == svc {
			return true
		}
	}
	return false
}

// endpointsKnown reports whether the estate shows every endpoint of vpc,
// or says why not: a live account shows them unless they could not be
// read; a template or Terraform module shows them when it defines the VPC
// itself (the VPC is named by a reference to a resource, not a literal
// vpc- ID, a Terraform data source or an unresolved value).
func endpointsKnown(in *Input, vpc string) (bool, string) {
	if in.Estate.Kind == inventory.KindAccount {
		for _, g := range in.Estate.Gaps {
			if strings.HasPrefix(g.Field, "VPC endpoints") {
				return false, "the endpoints of VPC " + vpc + " are not known: " + g.Reason
			}
		}
		return true, ""
	}
	if strings.HasPrefix(vpc, "vpc-") || strings.HasPrefix(vpc, "data.") || inventory.HasToken(vpc) {
		return false, "VPC " + inventory.Describe(vpc) + " is not defined in this estate, so its endpoints are not known"
	}
	return true, ""
}

// endpointService returns the service of an endpoint service name
// ("com.amazonaws.eu-west-1.s3" gives "s3").
func endpointService(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// rolesByFunction maps each function to the view of its execution role.
func rolesByFunction(in *Input) map[*inventory.Function]*roleView {
	out := map[*inventory.Function]*roleView{}
	for _, v := range in.executionRoles() {
		for _, f := range v.Functions {
			out[f] = v
		}
	}
	return out
}

// roleUses reports whether an Allow statement of the identity policies
// grants an action of service svc ("s3"): an action of its prefix, "*", or
// a NotAction (which grants every action it does not list). Conditions and
// resources are not weighed: a role that may touch the service at all uses
// it. boundary, when set, must also grant an action of svc.
func roleUses(identity []iampolicy.NamedPolicy, boundary *iampolicy.NamedPolicy, svc string) bool {
	if !grantsService(identity, svc) {
		return false
	}
	return boundary == nil || boundary.Policy == nil || grantsService([]iampolicy.NamedPolicy{*boundary}, svc)
}

func grantsService(policies []iampolicy.NamedPolicy, svc string) bool {
	for _, np := range policies {
		if np.Policy == nil {
			continue
		}
		for _, st := range np.Policy.Statements {
			if st.Effect != iampolicy.Allow {
				continue
			}
			if st.NotAction != nil {
				return true
			}
			for _, a := range st.Action {
				prefix, _, _ := strings.Cut(a, ":")
				if a == "*" || strings.EqualFold(prefix, svc) {
					return true
				}
			}
		}
	}
	return false
}

// vpcOnlyHosts are host name endings of services reached only inside a VPC
// (or made public on purpose).
var vpcOnlyHosts = []struct{ suffix, what string }{
	{".rds.amazonaws.com", "an RDS or Aurora endpoint"},
	{".cache.amazonaws.com", "an ElastiCache endpoint"},
	{".docdb.amazonaws.com", "a DocumentDB endpoint"},
	{".neptune.amazonaws.com", "a Neptune endpoint"},
	{".memorydb.amazonaws.com", "a MemoryDB endpoint"},
}

// vpcOnlyAttrs are template attributes that give a VPC-only resource's
// endpoint (Fn::GetAtt DB.Endpoint.Address and the like).
var vpcOnlyAttrs = []string{".Endpoint.Address}}", ".ReadEndpoint.Address}}", ".RedisEndpoint.Address}}",
	".ConfigurationEndpoint.Address}}", ".PrimaryEndPoint.Address}}", ".ReaderEndPoint.Address}}", ".ClusterEndpoint.Address}}"}

// vpcOnlyTerraform are Terraform resource types whose address, in a value,
// names a resource that lives in a VPC.
var vpcOnlyTerraform = []string{"aws_db_instance.", "aws_rds_cluster.", "aws_db_proxy.", "aws_elasticache_", "aws_msk_cluster.",
	"aws_docdb_cluster", "aws_neptune_cluster", "aws_memorydb_cluster."}

// vpcOnlyValue says what VPC-only resource an environment value names, or "".
func vpcOnlyValue(v string) string {
	lower := strings.ToLower(v)
	for _, h := range vpcOnlyHosts {
		if i := strings.Index(lower, h.suffix); i > 0 {
			return h.what + " host name"
		}
	}
	if strings.Contains(lower, ".es.amazonaws.com") && (strings.HasPrefix(lower, "vpc-") || strings.Contains(lower, "://vpc-")) {
		return "an OpenSearch domain endpoint in a VPC"
	}
	if strings.Contains(lower, ".kafka.") && strings.Contains(lower, ".amazonaws.com") {
		return "an MSK broker host name"
	}
	for _, a := range vpcOnlyAttrs {
		if strings.Contains(v, a) {
			return "a reference to " + inventory.Describe(v)
		}
	}
	for _, id := range inventory.ReferencedIDs(v) {
		for _, p := range vpcOnlyTerraform {
			if strings.HasPrefix(id, p) {
				return "a reference to " + id
			}
		}
	}
	return ""
}

// addressName reports whether an environment variable's name suggests it
// holds a network address (DB_HOST, REDIS_ENDPOINT, KAFKA_BROKERS...).
func addressName(name string) bool {
	n := strings.ToUpper(name)
	for _, w := range []string{"HOST", "ENDPOINT", "ADDR", "BROKER", "BOOTSTRAP", "DB_URL", "DATABASE_URL", "REDIS", "CACHE_URL"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// vpcOnlyAction reports whether an IAM action (as written) connects to a
// resource that lives in a VPC.
func vpcOnlyAction(a string) bool {
	l := strings.ToLower(a)
	return l == "rds-db:connect" || l == "elasticache:connect" || strings.HasPrefix(l, "kafka-cluster:connect")
}
