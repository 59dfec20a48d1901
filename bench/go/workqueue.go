// workqueue: add/get/done throughput of client-go's typed workqueue in one goroutine, and the cost of AddAfter.
package main

import (
	"flag"
	"fmt"
	"time"

	"k8s.io/client-go/util/workqueue"
)

type workqueueResult struct {
	Items             int     `json:"items"`
	AddGetDoneOpsPerS float64 `json:"addGetDoneOpsPerSec"`
	AddGetDoneNsPerOp float64 `json:"addGetDoneNsPerOp"`
	AddAfterOpsPerS   float64 `json:"addAfterOpsPerSec"`
	AddAfterNsPerOp   float64 `json:"addAfterNsPerOp"`
}

const workqueueKeyCount = 1000

func runWorkqueue(args []string) (any, error) {
	fs := flag.NewFlagSet("workqueue", flag.ContinueOnError)
	items := fs.Int("items", 1000000, "number of add/get/done cycles")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	// Same key shape as bench/workqueue.bench.ts so both queues hash strings of the same length.
	keys := make([]string, workqueueKeyCount)
	for i := range keys {
		keys[i] = fmt.Sprintf("ns-%d/object-%d", i%17, i)
	}

	q := workqueue.NewTyped[string]()
	start := time.Now()
	for i := 0; i < *items; i++ {
		q.Add(keys[i%workqueueKeyCount])
		item, _ := q.Get()
		q.Done(item)
	}
	agd := time.Since(start)
	q.ShutDown()

	// AddAfter of distinct items with scattered delays at least an hour out: measures scheduling into the waiting
	// heap (channel hand-off + heap insert), not firing. Same delays as bench/workqueue.bench.ts, plus one hour.
	after := *items / 10
	if after < 1 {
		after = 1
	}
	dq := workqueue.NewTypedDelayingQueue[int]()
	start = time.Now()
	for i := 0; i < after; i++ {
		dq.AddAfter(i, time.Hour+time.Duration((i*7919)%100000+1)*time.Millisecond)
	}
	aa := time.Since(start)
	dq.ShutDown()

	return workqueueResult{
		Items:             *items,
		AddGetDoneOpsPerS: float64(*items) / agd.Seconds(),
		AddGetDoneNsPerOp: float64(agd.Nanoseconds()) / float64(*items),
		AddAfterOpsPerS:   float64(after) / aa.Seconds(),
		AddAfterNsPerOp:   float64(aa.Nanoseconds()) / float64(after),
	}, nil
}
