// Command lambdasec finds, explains and helps fix what exposes AWS Lambda
// functions. See the README for the commands.
package main

import "os"

func main() {
	stop := budgetMemory(os.Getenv)
	code := run(os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
