package web

import "net/http"

// perResponse are the header fields that belong to one response, which Replay leaves to the
// middleware and to net/http rather than repeating them.
var perResponse = []string{"Date", "Content-Length", "Content-Encoding", "X-Request-Id"}

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
	header = header.Clone()
	for _, k := range perResponse {
		header.Del(k)
	}
	return s.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range header {
			h[k] = append([]string(nil), v...)
		}
		w.WriteHeader(status)
		w.Write(body)
	}))
}
