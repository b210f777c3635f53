// Package loadgen sends HTTP load and measures the answers. Closed runs keep a fixed number of
// clients busy, each sending its next request as soon as its last one is answered (like wrk): they
// find the most a server can answer. Open runs send requests at a fixed rate whatever the answers
// (like wrk2 or vegeta) and time each request from the moment it was due, not from when a connection
// was free to send it, so that a server falling behind shows its queue in the latencies instead of
// slowing the load down.
//
// Every request is counted: one that times out or fails is an error, never dropped.
package loadgen

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"time"
)

// NewClient returns an HTTP client for up to conns requests at once to one host, each given up
// after timeout (connecting, waiting and reading the body included). It keeps conns connections
// open between requests, follows no redirects and adds no Accept-Encoding of its own: a Target's
// Header says what the client accepts, and bodies are counted, not decoded.
func NewClient(conns int, timeout time.Duration) *http.Client {
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{
		Transport:     transport,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Target is what a run asks for: GET requests for its URLs in turn, each with Header.
type Target struct {
	URLs   []string
	Header http.Header
}

// requests returns a request to clone for each of t's URLs.
func (t Target) requests() ([]*http.Request, error) {
	if len(t.URLs) == 0 {
		return nil, errors.New("loadgen: a target needs at least one URL")
	}
	reqs := make([]*http.Request, len(t.URLs))
	for i, u := range t.URLs {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		req.Header = t.Header.Clone()
		reqs[i] = req
	}
	return reqs, nil
}

// Result is what a run measured.
type Result struct {
	Sent         int           // requests sent, whatever became of them
	OK           int           // answered 2xx
	Timeouts     int           // given up after the client's timeout
	Unavailable  int           // answered 503 Service Unavailable
	RetryAfter   int           // of those, the ones that said when to come back (Retry-After)
	ServerErrors int           // answered 5xx other than 503
	Elapsed      time.Duration // from the first request sent to the last one finished
	Latency      Recorder      // how long the 2xx answers took, their bodies read
}

// Errors counts the requests not answered 2xx: other statuses, timeouts and failed connections.
func (r *Result) Errors() int { return r.Sent - r.OK }

// Throughput returns the 2xx answers per second.
func (r *Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// merge adds o's counts and latencies to r's.
func (r *Result) merge(o *Result) {
	r.Sent += o.Sent
	r.OK += o.OK
	r.Timeouts += o.Timeouts
	r.Unavailable += o.Unavailable
	r.RetryAfter += o.RetryAfter
	r.ServerErrors += o.ServerErrors
	r.Latency.Merge(&o.Latency)
}

// send makes one request, reads its answer to the end and counts it in r, timed from due.
func (r *Result) send(ctx context.Context, c *http.Client, req *http.Request, due time.Time) {
	r.Sent++
	resp, err := c.Do(req.Clone(ctx))
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	var netErr net.Error
	switch {
	case errors.As(err, &netErr) && netErr.Timeout():
		r.Timeouts++
	case err != nil: // a failed connection counts only as an error
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		r.OK++
		r.Latency.Record(time.Since(due))
	case resp.StatusCode == http.StatusServiceUnavailable:
		r.Unavailable++
		if resp.Header.Get("Retry-After") != "" {
			r.RetryAfter++
		}
	case resp.StatusCode >= 500:
		r.ServerErrors++
	}
}
