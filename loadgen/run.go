package loadgen

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Closed runs clients clients against t for d, each sending its next request as soon as its last
// one is answered. Requests still under way when d is over are waited for and counted. The run
// stops early, its figures partial, if ctx ends.
func Closed(ctx context.Context, c *http.Client, t Target, clients int, d time.Duration) (*Result, error) {
	if clients < 1 {
		return nil, errors.New("loadgen: a closed run needs at least one client")
	}
	reqs, err := t.requests()
	if err != nil {
		return nil, err
	}
	var next atomic.Uint64
	start := time.Now()
	end := start.Add(d)
	total := together(clients, func(r *Result) {
		for time.Now().Before(end) && ctx.Err() == nil {
			req := reqs[(next.Add(1)-1)%uint64(len(reqs))]
			r.send(ctx, c, req, time.Now())
		}
	})
	total.Elapsed = time.Since(start)
	return total, nil
}

// Open sends rate requests a second to t for d, whatever the answers, through at most conns
// requests at once. Each latency runs from when its request was due, so the time it waited for a
// free connection counts. All requests due within d are sent and waited for; the run stops early,
// its figures partial, if ctx ends.
func Open(ctx context.Context, c *http.Client, t Target, rate float64, d time.Duration, conns int) (*Result, error) {
	if rate <= 0 || conns < 1 {
		return nil, errors.New("loadgen: an open run needs a rate above zero and at least one connection")
	}
	reqs, err := t.requests()
	if err != nil {
		return nil, err
	}
	interval := time.Duration(float64(time.Second) / rate)
	due := make(chan time.Time, conns)
	start := time.Now()
	go schedule(ctx, due, start, interval, d)
	var next atomic.Uint64
	total := together(conns, func(r *Result) {
		for at := range due {
			req := reqs[(next.Add(1)-1)%uint64(len(reqs))]
			r.send(ctx, c, req, at)
		}
	})
	total.Elapsed = time.Since(start)
	return total, nil
}

// schedule sends on due, then closes it, the moments from start every interval until d is over,
// each when it comes.
func schedule(ctx context.Context, due chan<- time.Time, start time.Time, interval, d time.Duration) {
	defer close(due)
	for at := start; at.Sub(start) < d; at = at.Add(interval) {
		if wait := time.Until(at); wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return
			}
		}
		due <- at
	}
}

// together runs n copies of work at once, each counting into a Result of its own, and returns
// their sum.
func together(n int, work func(r *Result)) *Result {
	results := make([]Result, n)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() { work(&results[i]) })
	}
	wg.Wait()
	total := &Result{}
	for i := range results {
		total.merge(&results[i])
	}
	return total
}
