package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The bounds below hold on a busy two-core machine: a latency can never be shorter than the
// handler's delay, and the upper bounds leave a quarter of a second or more for the scheduler.

// counter is a test server's tally of what it answered.
type counter struct {
	requests, failed, unavailable, slow atomic.Int64
	mu                                  sync.Mutex
	paths                               map[string]int // by path and Accept-Encoding
}

// newServer starts a server that waits delay before answering and, counting requests from 1,
// answers every failEvery-th 500, every unavailableEvery-th 503 with Retry-After, and holds every
// slowEvery-th for ten seconds or until the client gives up (0 turns each off).
func newServer(t *testing.T, delay time.Duration, failEvery, unavailableEvery, slowEvery int64) (*httptest.Server, *counter) {
	c := &counter{paths: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := c.requests.Add(1)
		c.mu.Lock()
		c.paths[r.URL.Path+" "+r.Header.Get("Accept-Encoding")]++
		c.mu.Unlock()
		time.Sleep(delay)
		switch {
		case slowEvery > 0 && n%slowEvery == 0:
			c.slow.Add(1)
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		case failEvery > 0 && n%failEvery == 0:
			c.failed.Add(1)
			http.Error(w, "failed", http.StatusInternalServerError)
		case unavailableEvery > 0 && n%unavailableEvery == 0:
			c.unavailable.Add(1)
			w.Header().Set("Retry-After", "1")
			http.Error(w, "busy", http.StatusServiceUnavailable)
		default:
			w.Write([]byte("ok"))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, c
}

func TestLoadClosedLatencyAndThroughput(t *testing.T) {
	const delay, clients = 20 * time.Millisecond, 4
	srv, c := newServer(t, delay, 0, 0, 0)
	r, err := Closed(context.Background(), NewClient(clients, 5*time.Second), Target{URLs: []string{srv.URL}}, clients, 500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sent != int(c.requests.Load()) || r.OK != r.Sent || r.Errors() != 0 || r.Latency.Count() != r.OK {
		t.Fatalf("sent %d, ok %d, errors %d, latencies %d; the server answered %d", r.Sent, r.OK, r.Errors(), r.Latency.Count(), c.requests.Load())
	}
	if p50, p99 := r.Latency.Percentile(50), r.Latency.Percentile(99); p50 < delay || p99 < p50 || p50 > delay+250*time.Millisecond {
		t.Errorf("p50 %v, p99 %v; want p50 between the handler's %v and %v more", p50, p99, delay, 250*time.Millisecond)
	}
	// Four clients each waiting at least 20 ms per answer manage at most 200 a second.
	if most := float64(clients) / delay.Seconds(); r.Throughput() > most || r.Throughput() < most/10 {
		t.Errorf("throughput %.0f/s, want at most %.0f/s and not far below", r.Throughput(), most)
	}
	if r.Elapsed < 500*time.Millisecond {
		t.Errorf("the run took %v, shorter than asked", r.Elapsed)
	}
}

func TestLoadErrorsCountedExactly(t *testing.T) {
	srv, c := newServer(t, time.Millisecond, 5, 7, 0)
	r, err := Closed(context.Background(), NewClient(3, 5*time.Second), Target{URLs: []string{srv.URL}}, 3, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sent != int(c.requests.Load()) || r.ServerErrors != int(c.failed.Load()) || r.Unavailable != int(c.unavailable.Load()) {
		t.Fatalf("sent %d, 500s %d, 503s %d; the server answered %d, failed %d, was unavailable %d",
			r.Sent, r.ServerErrors, r.Unavailable, c.requests.Load(), c.failed.Load(), c.unavailable.Load())
	}
	if r.Sent < 35 || r.RetryAfter != r.Unavailable || r.Errors() != r.ServerErrors+r.Unavailable || r.Latency.Count() != r.OK {
		t.Fatalf("sent %d, Retry-After %d of %d 503s, errors %d, latencies %d of %d 2xx", r.Sent, r.RetryAfter, r.Unavailable,
			r.Errors(), r.Latency.Count(), r.OK)
	}
}

func TestLoadTimeoutsAreErrors(t *testing.T) {
	srv, c := newServer(t, 0, 0, 0, 4)
	r, err := Closed(context.Background(), NewClient(2, time.Second), Target{URLs: []string{srv.URL}}, 2, 500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if r.Timeouts == 0 || r.Timeouts != int(c.slow.Load()) || r.Errors() != r.Timeouts || r.Sent != int(c.requests.Load()) {
		t.Fatalf("timeouts %d, errors %d, sent %d; the server held %d of %d", r.Timeouts, r.Errors(), r.Sent, c.slow.Load(), c.requests.Load())
	}
	if p99 := r.Latency.Percentile(99); p99 >= time.Second {
		t.Errorf("p99 of the answered requests %v, want them under the timeout", p99)
	}
}

func TestLoadOpenHoldsTheRate(t *testing.T) {
	const rate, d = 200, time.Second
	srv, c := newServer(t, 5*time.Millisecond, 0, 0, 0)
	r, err := Open(context.Background(), NewClient(10, 5*time.Second), Target{URLs: []string{srv.URL}}, rate, d, 10)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sent != rate || r.OK != rate || c.requests.Load() != rate {
		t.Fatalf("sent %d, ok %d, the server answered %d; want %d", r.Sent, r.OK, c.requests.Load(), rate)
	}
	if got := r.Throughput(); got > rate || got < rate/2 {
		t.Errorf("throughput %.0f/s, want about %d/s", got, rate)
	}
	if p50 := r.Latency.Percentile(50); p50 < 5*time.Millisecond || p50 > 255*time.Millisecond {
		t.Errorf("p50 %v, want between the handler's 5ms and 250ms more", p50)
	}
}

// TestLoadOpenShowsTheQueue sends twice as fast as one connection can be answered: latencies
// timed from when each request was due grow with the queue, where latencies timed from sending
// would all be about 50 ms.
func TestLoadOpenShowsTheQueue(t *testing.T) {
	srv, _ := newServer(t, 50*time.Millisecond, 0, 0, 0)
	r, err := Open(context.Background(), NewClient(1, 10*time.Second), Target{URLs: []string{srv.URL}}, 40, 500*time.Millisecond, 1)
	if err != nil {
		t.Fatal(err)
	}
	// 20 requests due 25 ms apart, answered one by one at best 50 ms apart: the last is due at
	// 475 ms and answered after 1 s, so at least half a second late.
	if r.OK != 20 || r.Latency.Percentile(99) < 500*time.Millisecond || r.Latency.Percentile(50) < 200*time.Millisecond {
		t.Fatalf("ok %d, p50 %v, p99 %v; want 20 answers and the queue in the latencies", r.OK, r.Latency.Percentile(50), r.Latency.Percentile(99))
	}
}

func TestLoadTargetTakesTurns(t *testing.T) {
	srv, c := newServer(t, 0, 0, 0, 0)
	urls := []string{srv.URL + "/a", srv.URL + "/b", srv.URL + "/c"}
	header := http.Header{"Accept-Encoding": {"br"}}
	if _, err := Closed(context.Background(), NewClient(1, 5*time.Second), Target{URLs: urls, Header: header}, 1, 100*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	a, b, cc := c.paths["/a br"], c.paths["/b br"], c.paths["/c br"]
	if a == 0 || a-cc > 1 || cc > a || b > a || cc > b {
		t.Errorf("requests per URL: /a %d, /b %d, /c %d; want them in turn, with the target's header", a, b, cc)
	}
	if _, err := Closed(context.Background(), NewClient(1, time.Second), Target{}, 1, time.Millisecond); err == nil {
		t.Error("a target without URLs ran")
	}
	if _, err := Open(context.Background(), NewClient(1, time.Second), Target{URLs: urls}, 0, time.Millisecond, 1); err == nil {
		t.Error("an open run at rate 0 ran")
	}
}

func TestLoadRecorderPercentiles(t *testing.T) {
	var r, other Recorder
	if r.Percentile(50) != 0 {
		t.Fatal("an empty recorder has a median")
	}
	for i := 100; i > 50; i-- {
		r.Record(time.Duration(i) * time.Millisecond)
	}
	for i := 1; i <= 50; i++ {
		other.Record(time.Duration(i) * time.Millisecond)
	}
	r.Merge(&other)
	for p, want := range map[float64]time.Duration{0: 1, 1: 1, 50: 50, 99: 99, 99.5: 100, 100: 100} {
		if got := r.Percentile(p); got != want*time.Millisecond {
			t.Errorf("p%v = %v, want %v", p, got, want*time.Millisecond)
		}
	}
	if r.Count() != 100 {
		t.Errorf("count %d, want 100", r.Count())
	}
}
