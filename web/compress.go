package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Compression matters for people on 2G and metered data: pages and JSON are compressed with brotli
// when the client accepts it, gzip otherwise. Static files are compressed once at start-up instead
// (see static.go) and arrive here already encoded.

var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed); return w }}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, 4) }}
)

// compress encodes compressible responses in the best encoding the client accepts.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		enc := negotiateEncoding(r.Header.Get("Accept-Encoding"))
		if enc == "" || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, encoding: enc}
		defer cw.Close()
		next.ServeHTTP(cw, r)
	})
}

// negotiateEncoding picks "br", "gzip" or "" from an Accept-Encoding header.
func negotiateEncoding(accept string) string {
	var gz bool
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err != nil || v <= 0 {
				continue
			}
		}
		switch strings.TrimSpace(name) {
		case "br":
			return "br"
		case "gzip":
			gz = true
		}
	}
	if gz {
		return "gzip"
	}
	return ""
}

// compressWriter decides at the first write whether the response is worth compressing.
type compressWriter struct {
	http.ResponseWriter
	encoding    string
	decided     bool
	w           io.WriteCloser // nil when passing through
	wroteHeader bool
}

func compressible(contentType string) bool {
	for _, p := range []string{"text/", "application/json", "application/problem+json", "application/xml",
		"application/atom+xml", "application/rss+xml", "image/svg+xml", "application/openmetrics-text"} {
		if strings.HasPrefix(contentType, p) {
			return true
		}
	}
	return false
}

func (cw *compressWriter) decide(status int) {
	if cw.decided {
		return
	}
	cw.decided = true
	h := cw.Header()
	if status < 200 || status == http.StatusNoContent || status == http.StatusNotModified || status == http.StatusServiceUnavailable ||
		h.Get("Content-Encoding") != "" || !compressible(h.Get("Content-Type")) {
		return
	}
	h.Del("Content-Length")
	h.Set("Content-Encoding", cw.encoding)
	cw.w = newEncoder(cw.encoding, cw.ResponseWriter)
}

// newEncoder returns a pooled encoder of encoding ("br" or "gzip") writing to w; closing it finishes
// the stream and hands it back to its pool.
func newEncoder(encoding string, w io.Writer) io.WriteCloser {
	if encoding == "br" {
		bw := brotliWriters.Get().(*brotli.Writer)
		bw.Reset(w)
		return pooled{bw, func() { brotliWriters.Put(bw) }}
	}
	gw := gzipWriters.Get().(*gzip.Writer)
	gw.Reset(w)
	return pooled{gw, func() { gzipWriters.Put(gw) }}
}

func (cw *compressWriter) WriteHeader(status int) {
	if cw.wroteHeader {
		return
	}
	cw.wroteHeader = true
	cw.decide(status)
	cw.ResponseWriter.WriteHeader(status)
}

func (cw *compressWriter) Write(b []byte) (int, error) {
	if !cw.wroteHeader {
		if cw.Header().Get("Content-Type") == "" {
			cw.Header().Set("Content-Type", http.DetectContentType(b))
		}
		cw.WriteHeader(http.StatusOK)
	}
	if cw.w == nil {
		return cw.ResponseWriter.Write(b)
	}
	return cw.w.Write(b)
}

// Flush sends what is buffered so far, for streamed responses.
func (cw *compressWriter) Flush() {
	if f, ok := cw.w.(interface{ Flush() error }); ok {
		f.Flush()
	}
	http.NewResponseController(cw.ResponseWriter).Flush()
}

// Close finishes the compressed stream and returns the encoder to its pool.
func (cw *compressWriter) Close() error {
	if cw.w == nil {
		return nil
	}
	err := cw.w.Close()
	cw.w = nil
	return err
}

func (cw *compressWriter) Unwrap() http.ResponseWriter { return cw.ResponseWriter }

// pooled closes an encoder and hands it back to its pool.
type pooled struct {
	io.WriteCloser
	release func()
}

func (p pooled) Close() error {
	err := p.WriteCloser.Close()
	p.release()
	return err
}

func (p pooled) Flush() error {
	if f, ok := p.WriteCloser.(interface{ Flush() error }); ok {
		return f.Flush()
	}
	return nil
}
