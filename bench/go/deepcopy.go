// deepcopy: client-go's generated DeepCopy of a Pod read from the same JSON file the TypeScript benchmark copies.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"time"

	corev1 "k8s.io/api/core/v1"
)

type deepCopyResult struct {
	Iterations int     `json:"iterations"`
	NsPerOp    float64 `json:"nsPerOp"`
	PodBytes   int     `json:"podBytes"`
}

// sink keeps the compiler from discarding copies that are never read.
var sink *corev1.Pod

func runDeepCopy(args []string) (any, error) {
	fs := flag.NewFlagSet("deepcopy", flag.ContinueOnError)
	iterations := fs.Int("iterations", 100000, "number of DeepCopy calls")
	podPath := fs.String("pod", "", "path to the Pod JSON file")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *podPath == "" && fs.NArg() > 0 {
		*podPath = fs.Arg(0)
	}
	if *podPath == "" {
		return nil, errors.New("deepcopy needs a Pod JSON path (--pod PATH)")
	}
	raw, err := os.ReadFile(*podPath)
	if err != nil {
		return nil, err
	}
	pod := &corev1.Pod{}
	if err := json.Unmarshal(raw, pod); err != nil {
		return nil, err
	}
	// Warm up so the measured loop sees a steady heap and warmed caches.
	for i := 0; i < *iterations/10+1; i++ {
		sink = pod.DeepCopy()
	}
	start := time.Now()
	for i := 0; i < *iterations; i++ {
		sink = pod.DeepCopy()
	}
	elapsed := time.Since(start)
	return deepCopyResult{
		Iterations: *iterations,
		NsPerOp:    float64(elapsed.Nanoseconds()) / float64(*iterations),
		PodBytes:   len(raw),
	}, nil
}
