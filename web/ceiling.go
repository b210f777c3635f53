package web

import "net/http"

// perResponse are the header fields that belong to one response, which a stored response leaves to
// the middleware and to net/http rather than repeating them.
var perResponse = []string{"Date", "Content-Length", "Content-Encoding", "X-Request-Id"}

// storedResponse is a response kept to be sent again: by Replay, and by the page cache.
type storedResponse struct {
	status int
	header http.Header
	body   []byte // shared by every answer; never changed
}

// newStoredResponse keeps status, a copy of header without the fields of a single response, and body.
func newStoredResponse(status int, header http.Header, body []byte) storedResponse {
	header = header.Clone()
	for _, k := range perResponse {
		header.Del(k)
	}
	return storedResponse{status: status, header: header, body: body}
}

// serve sends the stored response on w: its header fields replace those the middleware set.
func (s storedResponse) serve(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range s.header {
		h[k] = append([]string(nil), v...)
	}
	w.WriteHeader(s.status)
	w.Write(s.body)
}

// Replay returns a handler that answers every request with status, header and body through the
// same middleware as every route: request ID, logging, metrics, security headers and compression.
// It is the machine's ceiling for a page: what serving it would cost if making it were free. civhub
// bench measures it beside the real page, so that each figure is also a ratio that holds on a
// noisy machine.
//
// header is a real response's header as received; its fields replace those the middleware set,
// except the ones of a single response (perResponse). body is shared by every answer and must not
// change.
func (s *Server) Replay(status int, header http.Header, body []byte) http.Handler {
	stored := newStoredResponse(status, header, body)
	return s.middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { stored.serve(w) }))
}
