package web

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"civhub/jobs"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// cacheCount returns how many requests the page cache of s answered with result.
func cacheCount(s *Server, result string) int {
	return cacheResults(s.cache, result)
}

func cacheResults(c *pageCache, result string) int {
	var m dto.Metric
	if err := c.results.WithLabelValues(result).Write(&m); err != nil {
		panic(err)
	}
	return int(m.GetCounter().GetValue())
}

// anonymousGet sends GET path as a visitor with no cookie and returns the status and body.
func anonymousGet(t *testing.T, s *Server, path string, header ...string) (int, string) {
	t.Helper()
	resp := get(t, s, path, header...)
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// TestPageCache: the pages and API answers that visitors who are not signed in see first are made
// once and served again until the data changes or they expire; a change is seen by the very next
// request; signed-in people, API clients with a token and other languages get their own answers.
func TestPageCache(t *testing.T) {
	t.Parallel()
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			s := f.s
			ctx := context.Background()
			task := fmt.Sprintf("/tasks/%d", f.taskB.ID)
			paths := []string{"/", "/tasks", task, "/api/v1/tasks", "/api/v1" + task}
			if len(paths) != len(cachedRoutes) {
				t.Fatalf("%d cached routes, %d requested here: request one of each", len(cachedRoutes), len(paths))
			}

			first := map[string]string{}
			for _, path := range paths {
				hits := cacheCount(s, "hit")
				code, body := anonymousGet(t, s, path)
				again, body2 := anonymousGet(t, s, path)
				if code != http.StatusOK || again != http.StatusOK {
					t.Fatalf("GET %s: %d, then %d", path, code, again)
				}
				if got := cacheCount(s, "hit") - hits; got != 1 {
					t.Errorf("GET %s twice: %d answers from the cache, want 1", path, got)
				}
				if body != body2 {
					t.Errorf("GET %s: the cached answer differs from the one made", path)
				}
				first[path] = body
			}
			if !strings.Contains(first[task], f.taskB.Title) {
				t.Fatalf("the task page does not show its title %q", f.taskB.Title)
			}

			// A change is seen by the next request, on every cached page that shows it.
			changed := clone(f.taskB)
			changed.Title = "Digitize the members list of the beta cooperative"
			if err := s.work.needs.UpdateTask(ctx, changed, f.people[otherOrg].ID); err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{"/tasks", task, "/api/v1/tasks", "/api/v1" + task} {
				if _, body := anonymousGet(t, s, path); !strings.Contains(body, changed.Title) {
					t.Errorf("GET %s after the title changed: the old answer was served", path)
				}
			}

			// Another language gets a page of its own.
			if _, body := anonymousGet(t, s, "/tasks", "Accept-Language", "fr"); !strings.Contains(body, `lang="fr"`) {
				t.Error("GET /tasks in French: got a page in another language")
			}

			// Signed-in people and API clients with a token are never answered from the cache.
			hits := cacheCount(s, "hit")
			resp := f.do(volunteer, http.MethodGet, "/tasks", nil)
			page, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "/signout") {
				t.Errorf("GET /tasks signed in: %d, and the page has no sign-out button", resp.StatusCode)
			}
			if resp := f.api(volunteer, http.MethodGet, "/api/v1/tasks", ""); resp.StatusCode != http.StatusOK {
				t.Errorf("GET /api/v1/tasks with a token: %d", resp.StatusCode)
			}
			if got := cacheCount(s, "hit"); got != hits {
				t.Errorf("%d signed-in requests were answered from the cache", got-hits)
			}

			// An entry expires after pageCacheFor even when nothing changed.
			anonymousGet(t, s, "/tasks")
			misses := cacheCount(s, "miss")
			s.cache.now = func() time.Time { return time.Now().Add(pageCacheFor + time.Second) }
			anonymousGet(t, s, "/tasks")
			if got := cacheCount(s, "miss") - misses; got != 1 {
				t.Errorf("GET /tasks after its entry expired: %d pages made, want 1", got)
			}
		})
	}
}

// TestPageCacheAcrossNodes: a change made through one node is seen by the next request to another
// node that had the page cached (PostgreSQL, where several nodes share the database).
func TestPageCacheAcrossNodes(t *testing.T) {
	t.Parallel()
	u := sqldbtest.URL(t, sqldb.Postgres)
	ctx := context.Background()
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db1 := open()
	if err := db1.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	if err := jobs.Migrate(ctx, db1); err != nil {
		t.Fatal(err)
	}
	db2 := open()
	f := buildFixture(t, newServerOn(t, db1, nil), db1)
	node2 := newServerOn(t, db2, nil)

	path := fmt.Sprintf("/api/v1/tasks/%d", f.taskB.ID)
	anonymousGet(t, node2, path)
	if _, body := anonymousGet(t, node2, path); !strings.Contains(body, f.taskB.Title) || cacheCount(node2, "hit") != 1 {
		t.Fatalf("node 2 did not serve the task from its cache: %s", body)
	}
	changed := clone(f.taskB)
	changed.Title = "Map the wells of the district"
	if err := f.s.work.needs.UpdateTask(ctx, changed, f.people[otherOrg].ID); err != nil {
		t.Fatal(err)
	}
	if _, body := anonymousGet(t, node2, path); !strings.Contains(body, changed.Title) {
		t.Errorf("node 2 served the task as it was before node 1 changed it: %s", body)
	}
}

// stepGenerations is a data generation a test moves by hand.
type stepGenerations struct{ n atomic.Int64 }

func (g *stepGenerations) Generation(context.Context) (int64, error) { return g.n.Load(), nil }

// TestPageCacheMakesAPageOnce: requests for a page that is being made wait for it rather than making
// it again, and all get the same answer.
func TestPageCacheMakesAPageOnce(t *testing.T) {
	c, err := newPageCache(&stepGenerations{}, func(*http.Request) bool { return false }, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := testCatalog()
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	var made atomic.Int32
	h := c.serve(langCookie, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		made.Add(1)
		<-release
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "twenty open tasks")
	}))
	request := func() *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/tasks", nil)
		info := &requestInfo{route: "GET /tasks", locale: catalog.Negotiate("", "en")}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info)))
		return w
	}
	const followers = 5
	answers := make([]*httptest.ResponseRecorder, followers+1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); answers[0] = request() }()
	waitFor(t, func() bool { return made.Load() == 1 })
	for i := 1; i <= followers; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); answers[i] = request() }()
	}
	waitFor(t, func() bool { return cacheResults(c, "waited") == followers })
	close(release)
	wg.Wait()
	if n := made.Load(); n != 1 {
		t.Errorf("the page was made %d times, want once", n)
	}
	for i, w := range answers {
		if w.Code != http.StatusOK || w.Body.String() != "twenty open tasks" {
			t.Errorf("request %d: %d %q", i, w.Code, w.Body.String())
		}
	}
}

// waitFor polls cond until it holds, failing t after a few seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("gave up waiting")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestKeepingWriterKeepsOnlyWhatAnyoneMaySee: an answer that sets a cookie, is not a 200 or is
// larger than the cache takes is not kept.
func TestKeepingWriterKeepsOnlyWhatAnyoneMaySee(t *testing.T) {
	for name, tc := range map[string]struct {
		status int
		cookie bool
		size   int
		keep   bool
	}{
		"a page":           {http.StatusOK, false, 100, true},
		"a page too large": {http.StatusOK, false, pageCacheMaxBody + 1, false},
		"a cookie":         {http.StatusOK, true, 100, false},
		"not found":        {http.StatusNotFound, false, 100, false},
	} {
		w := &keepingWriter{ResponseWriter: httptest.NewRecorder()}
		if tc.cookie {
			http.SetCookie(w, &http.Cookie{Name: "civhub_form", Value: "x"})
		}
		w.WriteHeader(tc.status)
		w.Write([]byte(strings.Repeat("x", tc.size)))
		if got := w.keepable(); got != tc.keep {
			t.Errorf("%s: keepable = %v, want %v", name, got, tc.keep)
		}
	}
}

// TestPageCacheCompresses: a cached page is sent compressed as the request accepts — brotli, gzip or
// not at all — and each decodes to the page as made.
func TestPageCacheCompresses(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	_, plain := anonymousGet(t, s, "/tasks")
	anonymousGet(t, s, "/tasks") // kept now
	for _, enc := range []string{"br", "gzip", "br"} {
		hits := cacheCount(s, "hit")
		resp := get(t, s, "/tasks", "Accept-Encoding", enc)
		if got := resp.Header.Get("Content-Encoding"); got != enc || cacheCount(s, "hit") != hits+1 {
			t.Fatalf("Accept-Encoding %s: Content-Encoding %q, from the cache: %v", enc, got, cacheCount(s, "hit") == hits+1)
		}
		var r io.Reader
		if enc == "br" {
			r = brotli.NewReader(resp.Body)
		} else {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		if string(body) != plain {
			t.Errorf("%s: the page decodes to something else than the page as made", enc)
		}
		if n := resp.Header.Get("Content-Length"); n == "" || strings.Contains(n, ",") {
			t.Errorf("%s: Content-Length %q", enc, n)
		}
	}
}
