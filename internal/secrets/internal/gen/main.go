// Command gen writes the JSON form of a gitleaks configuration (TOML):
//
//	go run ./internal/gen [gitleaks.toml [gitleaks.json]]
//
// run in internal/secrets (update-gitleaks-rules.sh runs it). The
// conversion is tomljson.Convert; internal/secrets embeds the JSON, and its
// tests fail when the JSON is not the conversion of the committed TOML.
package main

import (
	"fmt"
	"os"

	"github.com/lambdasec/lambdasec/internal/secrets/internal/tomljson"
)

func main() {
	in, out := "gitleaks.toml", "gitleaks.json"
	switch args := os.Args[1:]; len(args) {
	case 0:
	case 2:
		in, out = args[0], args[1]
	default:
		fmt.Fprintln(os.Stderr, "usage: gen [IN.toml OUT.json]")
		os.Exit(2)
	}
	if err := run(in, out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	js, err := tomljson.Convert(in, data)
	if err != nil {
		return err
	}
	return os.WriteFile(out, js, 0o644)
}
