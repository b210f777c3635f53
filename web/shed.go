package web

import (
	"fmt"
	"html"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"civhub"
)

// Load shedding. A node serves a bounded number of requests at once; a few more wait a short while
// in line, and the rest are told at once that civhub is busy (503 with Retry-After), instead of
// piling up until clients time out and every request is slow. Requests that change something are
// never turned away, so that nothing a person typed is lost to a crowd of readers; health checks and
// static files do not pass the gate at all.

// Limits of the gate; Config may change them.
var (
	defaultInFlight  = 8 * runtime.GOMAXPROCS(0)
	defaultQueued    = 4 * defaultInFlight
	defaultQueueWait = 300 * time.Millisecond
)

// errBusy answers a request the node had no room for.
var errBusy = &civhub.Error{Code: civhub.EUNAVAILABLE, Key: "err.busy", RetryAfter: 2 * time.Second,
	Message: "Too many people are using civhub at this moment. Nothing was lost: try again in a few seconds."}

// gate admits up to cap(slots) requests at once and lets at most maxQueued more wait, each no longer
// than wait. Waiting requests enter in the order they came.
type gate struct {
	slots     chan struct{}
	queued    atomic.Int64
	maxQueued int64
	wait      time.Duration
}

func newGate(inFlight, queued int, wait time.Duration) *gate {
	if inFlight <= 0 {
		inFlight = defaultInFlight
	}
	if queued < 0 {
		queued = 0
	} else if queued == 0 {
		queued = defaultQueued
	}
	if wait <= 0 {
		wait = defaultQueueWait
	}
	return &gate{slots: make(chan struct{}, inFlight), maxQueued: int64(queued), wait: wait}
}

// enter takes a place for r, waiting in line if need be; false when there is none to be had in time
// or the client went away while waiting.
func (g *gate) enter(r *http.Request) bool {
	select {
	case g.slots <- struct{}{}:
		return true
	default:
	}
	if g.queued.Add(1) > g.maxQueued {
		g.queued.Add(-1)
		return false
	}
	defer g.queued.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-r.Context().Done():
		return false
	}
}

// leave gives the place back.
func (g *gate) leave() { <-g.slots }

// shed lets requests through the gate, answering errBusy to those it has no room for. Requests that
// change something pass without waiting their turn.
func (s *kit) shed(g *gate, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isSafeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		if !g.enter(r) {
			busy(w, r)
			return
		}
		defer g.leave()
		next.ServeHTTP(w, r)
	})
}

// isSafeMethod reports whether a request of method only reads.
func isSafeMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// busyPage is the page of a reader turned away: small, and made without templates or compression,
// because in a crowd a node writes many more of them than real pages, and they must cost nothing.
const busyPage = `<!doctype html>
<html lang="%s" dir="%s"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title></head><body><main><h1>%s</h1><p>%s</p><p><a href="%s">%s</a></p></main></body></html>
`

// busy tells a reader the gate had no room: 503 with Retry-After, as a problem document to the API
// and as busyPage to a browser, in the reader's language.
func busy(w http.ResponseWriter, r *http.Request) {
	info := requestInfoOf(r)
	if wantsJSON(r) {
		problemOf(info, errBusy).write(w)
		return
	}
	l := info.locale
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Retry-After", retryAfterSeconds(errBusy.RetryAfter))
	w.WriteHeader(http.StatusServiceUnavailable)
	title := html.EscapeString(l.T("error.unavailable.title"))
	fmt.Fprintf(w, busyPage, l.Code, l.Dir, title, title, html.EscapeString(l.T(errBusy.Key)),
		html.EscapeString(r.URL.RequestURI()), html.EscapeString(l.T("err.busy_retry")))
}
