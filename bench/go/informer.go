// informer-replay: a client-go shared Pod informer against kgen's local replay server; events/s, CPU, RSS and heap.
package main

import (
	"context"
	"errors"
	"flag"
	"net/http"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

type informerResult struct {
	Events          int64   `json:"events"`
	Seconds         float64 `json:"seconds"`
	SyncSeconds     float64 `json:"syncSeconds"`
	CPUSeconds      float64 `json:"cpuSeconds"`
	PeakRSSBytes    int64   `json:"peakRssBytes"`
	HeapBytes       int64   `json:"heapBytes"`
	CachedObjects   int     `json:"cachedObjects"`
	HeapBytesPerObj float64 `json:"heapBytesPerObject"`
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func peakRSSBytes() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss * 1024 // kilobytes on Linux
}

func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

func runInformer(args []string) (any, error) {
	fs := flag.NewFlagSet("informer-replay", flag.ContinueOnError)
	server := fs.String("server", "", "replay server URL (http://127.0.0.1:PORT)")
	expect := fs.Int64("expect", 0, "events (adds + updates + deletes) to observe before stopping")
	objects := fs.Int("objects", 0, "objects the cache holds at the end")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after this long")
	kubeconfig := fs.String("kubeconfig", "", "with --namespace: a ConfigMap informer against this cluster instead of Pods on --server")
	namespace := fs.String("namespace", "", "namespace of the ConfigMap informer")
	notify := fs.String("notify", "", "URL to POST to once synced (the benchmark then starts writing)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if (*server == "" && *kubeconfig == "") || *expect <= 0 {
		return nil, errors.New("informer-replay needs --server URL (or --kubeconfig PATH --namespace NS) and --expect N")
	}
	// The replay server speaks LIST + WATCH only, as client-node does; every implementation takes the same path.
	_ = os.Setenv("KUBE_FEATURE_WatchListClient", "false")
	cfg := &rest.Config{Host: *server}
	if *kubeconfig != "" {
		loaded, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
		if err != nil {
			return nil, err
		}
		cfg = loaded
	}
	cfg.QPS = -1
	cfg.ContentType = "application/json"
	cfg.AcceptContentTypes = "application/json"
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	before := liveHeap()
	cpu0 := cpuSeconds()
	var seen atomic.Int64
	done := make(chan struct{})
	count := func() {
		if seen.Add(1) == *expect {
			close(done)
		}
	}
	var factory informers.SharedInformerFactory
	var inf cache.SharedIndexInformer
	if *kubeconfig != "" {
		factory = informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithNamespace(*namespace))
		inf = factory.Core().V1().ConfigMaps().Informer()
	} else {
		factory = informers.NewSharedInformerFactory(cs, 0)
		inf = factory.Core().V1().Pods().Informer()
	}
	if _, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { count() },
		UpdateFunc: func(any, any) { count() },
		DeleteFunc: func(any) { count() },
	}); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	factory.Start(ctx.Done())
	cache.WaitForCacheSync(ctx.Done(), inf.HasSynced)
	synced := time.Since(start)
	if *notify != "" {
		resp, err := http.Post(*notify, "application/json", nil)
		if err != nil {
			return nil, err
		}
		_ = resp.Body.Close()
	}
	select {
	case <-done:
	case <-time.After(*timeout):
		return nil, errors.New("informer-replay: timed out before every event arrived")
	}
	elapsed := time.Since(start)
	cpu := cpuSeconds() - cpu0
	cached := len(inf.GetStore().ListKeys())
	heap := liveHeap() - before
	cancel()
	factory.Shutdown()
	if *objects > 0 && cached != *objects {
		return nil, errors.New("informer-replay: the cache does not hold the expected number of objects")
	}
	return informerResult{
		Events:          seen.Load(),
		Seconds:         elapsed.Seconds(),
		SyncSeconds:     synced.Seconds(),
		CPUSeconds:      cpu,
		PeakRSSBytes:    peakRSSBytes(),
		HeapBytes:       heap,
		CachedObjects:   cached,
		HeapBytesPerObj: float64(heap) / float64(max(cached, 1)),
	}, nil
}
