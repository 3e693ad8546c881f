// Command lambdasec finds, explains and helps fix what exposes AWS Lambda
// functions. See the README for the commands.
package main

import "os"

func main() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) }
