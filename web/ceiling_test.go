package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"
)

// TestReplay serves a real page's bytes again: the same status, body and headers, with a request
// ID of its own, and compressed like the real page when the client asks.
func TestReplay(t *testing.T) {
	s := newTestServer(t, nil)
	real := get(t, s, "/tasks")
	body, _ := io.ReadAll(real.Body)
	if real.StatusCode != http.StatusOK {
		t.Fatalf("GET /tasks = %d", real.StatusCode)
	}
	ceiling := s.Replay(real.StatusCode, real.Header, body)

	plain := get(t, ceiling, "/anything")
	again, _ := io.ReadAll(plain.Body)
	if plain.StatusCode != http.StatusOK || !bytes.Equal(again, body) {
		t.Fatalf("replay: status %d, %d bytes; want 200 and the page's %d bytes", plain.StatusCode, len(again), len(body))
	}
	for _, k := range []string{"Content-Type", "Content-Security-Policy", "X-Frame-Options", "Cache-Control"} {
		if got, want := plain.Header.Get(k), real.Header.Get(k); got != want {
			t.Errorf("%s = %q, want the page's %q", k, got, want)
		}
	}
	if id := plain.Header.Get("X-Request-ID"); id == "" || id == real.Header.Get("X-Request-ID") {
		t.Errorf("X-Request-ID = %q, want a new one (the page had %q)", id, real.Header.Get("X-Request-ID"))
	}

	zipped := get(t, ceiling, "/anything", "Accept-Encoding", "gzip")
	if zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", zipped.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	if unzipped, _ := io.ReadAll(zr); !bytes.Equal(unzipped, body) {
		t.Fatalf("the gzipped replay is %d bytes unzipped, want %d", len(unzipped), len(body))
	}
}
