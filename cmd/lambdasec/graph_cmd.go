package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lambdasec/lambdasec/internal/iampolicy"
	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/report"
	"github.com/lambdasec/lambdasec/internal/scan"
)

type graphFlags struct {
	format  string
	output  string
	trusted []string
	live    liveFlags
}

func newGraphCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl graphFlags
	cmd := &cobra.Command{
		Use:   "graph [PATH...] | graph --aws",
		Short: "Export the exposure graph (entry points → functions → roles → impacts) as DOT, JSON or Mermaid",
		Long: `Export the exposure graph lambdasec builds for its exposure paths (LS110): who can reach
each function (API routes with no authorization, public function URLs and resource-policy
grants, buckets, topics and queues anyone can write to), the execution role each runs as,
and what the role reaches (admin, privilege escalation, changing any function, data in
every store of a kind, invoking any function). Reads what 'lambdasec scan' reads: templates,
Terraform, snapshots, or with --aws a live account. JSON also lists the ranked paths.`,
		Example: `  lambdasec graph examples/vulnerable-shop --format dot | dot -Tsvg > graph.svg
  lambdasec graph template.yaml --format mermaid -o graph.mmd
  lambdasec graph --aws --profile audit --format json`,
		RunE: func(cmd *cobra.Command, args []string) error { return runGraph(cmd, args, &fl, stdout, stderr) },
	}
	f := cmd.Flags()
	f.StringVarP(&fl.format, "format", "f", "dot", "output `format`: "+strings.Join(report.GraphFormats, ", "))
	f.StringVarP(&fl.output, "output", "o", "", "write to `FILE` instead of standard output")
	f.StringSliceVar(&fl.trusted, "trusted-account", nil, "account `ID` whose principals are not strangers (repeatable)")
	fl.live.register(cmd)
	for _, name := range []string{"shard", "scan-code"} {
		_ = f.MarkHidden(name)
	}
	return cmd
}

func runGraph(cmd *cobra.Command, args []string, fl *graphFlags, stdout, stderr io.Writer) error {
	if !slices.Contains(report.GraphFormats, fl.format) {
		return usageError("--format %q: want one of %s", fl.format, strings.Join(report.GraphFormats, ", "))
	}
	if err := fl.live.validate(cmd); err != nil {
		return err
	}
	if fl.live.enabled && len(args) > 0 {
		return usageError("--aws reads a live account: give no PATH")
	}
	for _, a := range fl.trusted {
		if !iampolicy.IsAccountID(a) {
			return usageError("--trusted-account %q: want a 12-digit account ID", a)
		}
	}
	managed, _ := managedPolicies(stderr)
	req := scan.Request{Paths: args, TrustedAccounts: fl.trusted, ManagedPolicies: managed}
	if fl.live.enabled {
		req.Live = func(ctx context.Context) ([]*inventory.Estate, error) { return fl.live.collect(ctx, stderr) }
	}
	gs, skipped, err := scan.Graphs(cmd.Context(), req)
	if err != nil {
		return &exitError{code: exitInput, err: err}
	}
	for _, d := range skipped {
		fmt.Fprintln(stderr, "lambdasec: skipped", d.String())
	}
	if len(gs) == 0 {
		return &exitError{code: exitInput, err: fmt.Errorf("nothing to graph: no template, Terraform or snapshot was read")}
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
	if err := report.WriteGraph(w, fl.format, gs); err != nil {
		return &exitError{code: exitInput, err: err}
	}
	if len(skipped) > 0 {
		return &exitError{code: exitInput}
	}
	return nil
}
