package rules

import (
	"fmt"
	"strings"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// maxListed is how many stages or deployments a message names before it
// says how many more there are.
const maxListed = 5

var apiStaleDeployments = &Rule{
	ID:       "LS118",
	Name:     "api-stage-deployment-mismatch",
	Severity: Low,
	Title:    "API stage serves no deployment, or a deployment is served by no stage",
	Description: "An API Gateway API that fronts functions has a stage that points at no deployment (and is not an " +
		"HTTP or WebSocket stage that API Gateway deploys automatically), or a deployment that no stage serves. A stage " +
		"without a deployment answers nothing its owners meant it to; a deployment no stage serves is a snapshot of the " +
		"API's routes and integrations, as they were, that anyone who may update a stage can put back in service " +
		"(an old route to an old function, an authorizer since removed) — extraneous API resources, in the assessment " +
		"checklist's words. In a template, a deployment with StageName (stage_name) serves the stage it creates; " +
		"live, the deployments API Gateway makes for auto-deployed HTTP and WebSocket stages are not judged. " +
		"UNKNOWN when the deployments or stages could not be read, or a stage's deployment cannot be resolved.",
	Remediation: Remediation{
		Text:           "Delete the deployments no stage serves, and give each stage the deployment it should serve (or delete the stage).",
		CLI:            "aws apigateway get-deployments --rest-api-id ID && aws apigateway delete-deployment --rest-api-id ID --deployment-id DEPLOYMENT_ID  # HTTP/WebSocket: aws apigatewayv2 delete-deployment --api-id ID --deployment-id DEPLOYMENT_ID",
		CloudFormation: "AWS::ApiGateway::Stage / AWS::ApiGatewayV2::Stage: DeploymentId: !Ref Deployment (or AutoDeploy: true for HTTP APIs); remove AWS::ApiGateway::Deployment resources no stage references.",
		Terraform:      "aws_api_gateway_stage: deployment_id = aws_api_gateway_deployment.x.id (aws_apigatewayv2_stage: auto_deploy = true); remove deployments no stage references.",
	},
	References: []string{
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-deployments.html",
		"https://docs.aws.amazon.com/apigateway/latest/api/API_GetDeployments.html",
		"https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-deployments.html",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html",
	},
	Compliance: []Compliance{{"OWASP Serverless Top 10", "SAS-9"}},
	Check:      checkAPIDeployments,
}

func checkAPIDeployments(in *Input) []Result {
	return each(in.Estate.APIs, apiResult, func(a *inventory.API, res *Result) bool {
		if !fronted(a) {
			return false
		}
		if gapUnknown(a, inventory.FieldDeployments, res) {
			res.Message = "the API's deployments cannot be read: " + res.Message
			return true
		}
		if g, ok := a.Gap(inventory.FieldThrottling); ok && strings.HasSuffix(g.Call, "GetStages") {
			res.unknown("the API's stages cannot be read: " + g.Reason)
			return true
		}
		if len(a.Stages) == 0 && len(a.Deployments) == 0 {
			return false
		}
		var bare, unresolved []string
		var evidence []Evidence
		used := map[string]bool{}
		for _, st := range a.Stages {
			switch {
			case inventory.IsUnresolved(st.Deployment):
				r, _ := inventory.UnresolvedReason(st.Deployment)
				unresolved = append(unresolved, fmt.Sprintf("the deployment of stage %s cannot be resolved: %s", st.Name, r))
			case st.Deployment != "":
				used[st.Deployment] = true
			case st.AutoDeploy:
			default:
				bare = append(bare, st.Name)
				evidence = append(evidence, Evidence{Label: "stage", Value: st.Name + " serves no deployment", Source: st.Source})
			}
		}
		var unused []string
		if len(unresolved) == 0 {
			for _, d := range a.Deployments {
				if used[d.ID] {
					continue
				}
				unused = append(unused, d.ID)
				v := d.ID + " is served by no stage"
				if d.Created != "" {
					v += " (created " + d.Created + ")"
				}
				evidence = append(evidence, Evidence{Label: "deployment", Value: v, Source: d.Source})
			}
		}
		var faults []string
		if len(bare) > 0 {
			faults = append(faults, fmt.Sprintf("%s no deployment", listed(bare, "stage", "serves", "serve")))
		}
		if len(unused) > 0 {
			faults = append(faults, fmt.Sprintf("%s by no stage", listed(unused, "deployment", "is served", "are served")))
		}
		switch {
		case len(faults) > 0:
			res.fail(fmt.Sprintf("%s API %s: %s", a.Protocol, a.Label(), strings.Join(faults, "; ")), evidence...)
			res.atEvidence()
		case len(unresolved) > 0:
			res.unknown(strings.Join(unresolved, "; "))
		default:
			res.pass(fmt.Sprintf("every stage serves a deployment and every deployment (%d) is served by a stage", len(a.Deployments)))
		}
		return true
	})
}

// listed names items (of a kind) with the verb for one or several,
// naming at most maxListed and counting the others: "stage dev serves",
// "deployments a, b and 3 more are served".
func listed(items []string, kind, one, many string) string {
	if len(items) == 1 {
		return kind + " " + items[0] + " " + one
	}
	names := items
	more := ""
	if len(items) > maxListed {
		names = items[:maxListed]
		more = fmt.Sprintf(" and %d more", len(items)-maxListed)
	}
	return kind + "s " + strings.Join(names, ", ") + more + " " + many
}
