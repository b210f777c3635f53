package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// screen is a terminal both output streams write to, in the order they write.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// TestDemoFirstScreen: what `civhub demo` prints first, on a 24-line terminal, is where civhub
// serves and how to sign in as each demo person; no log line comes before them.
func TestDemoFirstScreen(t *testing.T) {
	var out screen
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--metrics-addr", "", "--password", "demo-password"}, &out, &out)
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(out.String(), "Press Ctrl-C") {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the demo printed no sign-ins in 2 minutes:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The certificate printed is one anyone can open and check.
	if cert := regexp.MustCompile(`http://\S+/certificates/\S+`).FindString(out.String()); cert == "" {
		t.Error("the first screen has no certificate address")
	} else if resp, err := http.Get(cert); err != nil {
		t.Error(err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Jean Moreau") {
			t.Errorf("GET %s: %d, and the page names Jean: %v", cert, resp.StatusCode, strings.Contains(string(body), "Jean Moreau"))
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(out.String(), "Press Ctrl-C")
	lines := strings.Split(strings.TrimRight(first, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "civhub is serving at http://127.0.0.1:") {
		t.Errorf("the first line is %q, want the address", lines[0])
	}
	if len(lines)+1 > 24 {
		t.Errorf("the address and sign-ins take %d lines, more than a 24-line terminal shows:\n%s", len(lines)+1, first)
	}
	for _, want := range []string{"amina@demo.civhub.test", "salma@demo.civhub.test", "demo-password", "/admin/outbox"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first screen lacks %q:\n%s", want, first)
		}
	}
	if strings.Contains(first, "level=") || strings.Contains(first, "migrated") {
		t.Errorf("log lines before the sign-ins:\n%s", first)
	}
}
