// Command kgen-bench-go runs client-go reference workloads for kgen's side-by-side benchmarks; each prints one JSON line.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: kgen-bench-go <deepcopy|workqueue|informer-replay|requests> [--json] [flags]")
		os.Exit(2)
	}
	var (
		result any
		err    error
	)
	// --json is accepted for symmetry with the TypeScript side: output is always one JSON line.
	var args []string
	for _, a := range os.Args[2:] {
		if a != "--json" {
			args = append(args, a)
		}
	}
	switch os.Args[1] {
	case "deepcopy":
		result, err = runDeepCopy(args)
	case "workqueue":
		result, err = runWorkqueue(args)
	case "informer-replay":
		result, err = runInformer(args)
	case "requests":
		result, err = runRequests(args)
	default:
		err = fmt.Errorf("unknown subcommand %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kgen-bench-go:", err)
		os.Exit(1)
	}
	// One line of JSON on stdout: the TypeScript side reads the last line.
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		fmt.Fprintln(os.Stderr, "kgen-bench-go:", err)
		os.Exit(1)
	}
}
