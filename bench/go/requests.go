// requests: sequential create, get and update of ConfigMaps with client-go's typed client against a real apiserver.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

type requestsResult struct {
	Count             int     `json:"count"`
	CreatePerSec      float64 `json:"createPerSec"`
	GetPerSec         float64 `json:"getPerSec"`
	UpdatePerSec      float64 `json:"updatePerSec"`
	ParallelGetPerSec float64 `json:"parallelGetPerSec"`
}

func runRequests(args []string) (any, error) {
	fs := flag.NewFlagSet("requests", flag.ContinueOnError)
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig of the target cluster")
	namespace := fs.String("namespace", "", "namespace to create ConfigMaps in (must exist)")
	count := fs.Int("count", 200, "requests per verb")
	parallel := fs.Int("parallel", 16, "requests in flight for the parallel get")
	prefix := fs.String("prefix", "go", "ConfigMap name prefix")
	http1 := fs.Bool("http1", false, "offer only HTTP/1.1 in ALPN (client-go negotiates HTTP/2 by default)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *kubeconfig == "" || *namespace == "" {
		return nil, errors.New("requests needs --kubeconfig PATH and --namespace NS")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		return nil, err
	}
	// Unlimited QPS, JSON on the wire like the TypeScript clients.
	cfg.QPS = -1
	cfg.ContentType = "application/json"
	cfg.AcceptContentTypes = "application/json"
	if *http1 {
		cfg.TLSClientConfig.NextProtos = []string{"http/1.1"}
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	cms := cs.CoreV1().ConfigMaps(*namespace)
	ctx := context.Background()
	name := func(i int) string { return fmt.Sprintf("%s-%d", *prefix, i) }

	start := time.Now()
	for i := 0; i < *count; i++ {
		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name(i)}, Data: map[string]string{"k": "v"}}
		if _, err := cms.Create(ctx, cm, metav1.CreateOptions{}); err != nil {
			return nil, err
		}
	}
	create := time.Since(start)

	got := make([]*corev1.ConfigMap, *count)
	start = time.Now()
	for i := 0; i < *count; i++ {
		cm, err := cms.Get(ctx, name(i), metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		got[i] = cm
	}
	get := time.Since(start)

	start = time.Now()
	for i := 0; i < *count; i++ {
		cm := got[i]
		cm.Data["k"] = "updated"
		if _, err := cms.Update(ctx, cm, metav1.UpdateOptions{}); err != nil {
			return nil, err
		}
	}
	update := time.Since(start)

	start = time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, *parallel)
	next := make(chan int)
	for w := 0; w < *parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if _, err := cms.Get(ctx, name(i), metav1.GetOptions{}); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for i := 0; i < *count; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	pget := time.Since(start)
	select {
	case err := <-errs:
		return nil, err
	default:
	}
	n := float64(*count)
	return requestsResult{
		Count:             *count,
		CreatePerSec:      n / create.Seconds(),
		GetPerSec:         n / get.Seconds(),
		UpdatePerSec:      n / update.Seconds(),
		ParallelGetPerSec: n / pget.Seconds(),
	}, nil
}
