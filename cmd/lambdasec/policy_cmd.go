package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/needs"
	"github.com/lambdasec/lambdasec/internal/needs/code"
	"github.com/lambdasec/lambdasec/internal/scan"
	"github.com/lambdasec/lambdasec/internal/trail"
)

// newCodeSource makes the analyzer of functions' code (the AWS SDK calls
// found in their handlers: internal/needs/code) that policy and scan use,
// one per run; the pipeline binds it to the estates it reads.
var newCodeSource = func() needs.CodeSource { return code.NewEstates(code.Options{}) }

type policyFlags struct {
	format string
	output string
	trails []string
	live   liveFlags
}

func newPolicyCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl policyFlags
	cmd := &cobra.Command{
		Use:   "policy [FUNCTION...] [PATH... | --aws] [--trail DIR]",
		Short: "Write each function's least-privilege execution role from what it needs, and diff it against the current role",
		Long: `Policy works out what each function needs — from its configuration (its logs, tracing, VPC network
interfaces, event source mappings, dead-letter queue and destinations, KMS key, the resources its
environment names, the SAM policy templates its author chose), from the AWS SDK calls of its code,
and with --trail from the calls CloudTrail recorded with its role's sessions — and prints the
least-privilege policy: actions grouped per resource, resources as precise as known, placeholders
only where a resource is not known (and said so), each statement with its evidence. It also holds
the current role against the needs: grants never needed (to remove or narrow) and needs not
granted (calls that would fail at run time).

Arguments that exist as files or directories are inputs (templates, Terraform, snapshots, as
'lambdasec scan' reads them); the others select functions by logical ID, name or ARN. No
FUNCTION means every function. Policy prints; it never edits a file.

Formats: iam (the policy document; the evidence and the diff go to standard error), sam (each
function's Policies, with SAM policy templates where one grants exactly what is needed), cloudformation
(an AWS::IAM::Role per function), terraform (a data "aws_iam_policy_document" per function),
json (everything, evidence and diff included). The YAML and HCL formats carry the evidence as comments.`,
		Example: `  lambdasec policy examples/orders-api
  lambdasec policy CreateOrderFunction examples/orders-api --format sam
  lambdasec policy orders-fn snapshot.json --trail AWSLogs/ --format terraform
  lambdasec policy --aws --region eu-west-1 --format json -o policies.json`,
		RunE: func(cmd *cobra.Command, args []string) error { return runPolicy(cmd, args, &fl, stdout, stderr) },
	}
	f := cmd.Flags()
	f.StringVarP(&fl.format, "format", "f", "iam", "output `format`: "+strings.Join(needs.Formats, ", "))
	f.StringVarP(&fl.output, "output", "o", "", "write to `FILE` instead of standard output")
	f.StringArrayVar(&fl.trails, "trail", nil, "CloudTrail records under `DIR` (or a file; repeatable): add the calls made with each role's sessions")
	fl.live.register(cmd)
	for _, name := range []string{"shard", "scan-code"} {
		_ = f.MarkHidden(name)
	}
	return cmd
}

func runPolicy(cmd *cobra.Command, args []string, fl *policyFlags, stdout, stderr io.Writer) error {
	if !slices.Contains(needs.Formats, fl.format) {
		return usageError("--format %q: want one of %s", fl.format, strings.Join(needs.Formats, ", "))
	}
	if err := fl.live.validate(cmd); err != nil {
		return err
	}
	var paths, functions []string
	for _, a := range args {
		if _, err := os.Stat(a); err == nil {
			paths = append(paths, a)
		} else {
			functions = append(functions, a)
		}
	}
	if fl.live.enabled && len(paths) > 0 {
		return usageError("--aws reads a live account: give no PATH")
	}
	managed, _ := managedPolicies(stderr)
	req := scan.PolicyRequest{Request: scan.Request{Paths: paths, ManagedPolicies: managed}, Functions: functions}
	if fl.live.enabled {
		req.Live = func(ctx context.Context) ([]*inventory.Estate, error) { return fl.live.collect(ctx, stderr) }
	}
	if newCodeSource != nil {
		req.Sources.Code = newCodeSource()
	} else {
		fmt.Fprintln(stderr, "lambdasec: code analysis not available in this build: needs come from configuration and CloudTrail only")
	}
	var problems []inventory.Diagnostic
	if len(fl.trails) > 0 {
		act := needs.NewTrail()
		reader := trail.NewReader(trail.Options{Record: act.Add})
		if err := reader.ReadPaths(cmd.Context(), fl.trails); err != nil {
			return usageError("--trail: %v", err)
		}
		problems = reader.Problems()
		st := reader.Stats()
		first, last := act.Window()
		window := "no call made with a role's session"
		if !first.IsZero() {
			window = "calls made with roles' sessions from " + first.Format("2006-01-02T15:04:05Z") + " to " + last.Format("2006-01-02T15:04:05Z")
		}
		fmt.Fprintf(stderr, "lambdasec: read %s of CloudTrail, %s: %s\n", plural(st.Files, "file"), plural(st.Records, "record"), window)
		req.Sources.Activity = act
	}
	ps, skipped, err := scan.Policies(cmd.Context(), req)
	if err != nil {
		return &exitError{code: exitInput, err: err}
	}
	skipped = append(skipped, problems...)
	for _, d := range skipped {
		fmt.Fprintln(stderr, "lambdasec: skipped", d.String())
	}
	if len(ps) == 0 {
		return &exitError{code: exitInput, err: fmt.Errorf("no function read: give a template, Terraform, a snapshot, or --aws")}
	}
	w := stdout
	if fl.output != "" {
		f, err := os.Create(fl.output)
		if err != nil {
			return &exitError{code: exitInput, err: err}
		}
		defer f.Close()
		w = f
	}
	if err := needs.Write(w, stderr, fl.format, ps); err != nil {
		return &exitError{code: exitInput, err: err}
	}
	if len(skipped) > 0 {
		return &exitError{code: exitInput}
	}
	return nil
}
