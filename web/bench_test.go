package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"civhub"
	"civhub/gen"
	"civhub/sqldb"
)

// BenchmarkHomePage serves the home page in Arabic through the whole middleware chain, once per
// response encoding a client may ask for.
func BenchmarkHomePage(b *testing.B) {
	s := newTestServer(b, nil)
	for _, enc := range []string{"br", "gzip", "identity"} {
		b.Run(enc, func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header.Set("Accept-Language", "ar")
			r.Header.Set("Accept-Encoding", enc)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}

// BenchmarkHomePageTemplate measures the template alone, without middleware or compression.
func BenchmarkHomePageTemplate(b *testing.B) {
	s := newTestServer(b, nil)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, &requestInfo{id: "bench", locale: s.catalog.Locale("en")}))
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		p := &homePage{Page: s.page(r, "x"), LanguageCount: 4}
		if err := s.templates.execute(&buf, "home", p); err != nil {
			b.Fatal(err)
		}
	}
}

// memorySearch answers every task search with one page held in memory.
type memorySearch struct {
	civhub.TaskFinder
	page *civhub.TaskPage
}

func (m memorySearch) SearchTasks(context.Context, civhub.TaskFilter) (*civhub.TaskPage, error) {
	return m.page, nil
}

func (m memorySearch) CrisisTasks(context.Context, int) ([]*civhub.Task, error) { return nil, nil }

// BenchmarkTaskList serves the task list (a search, and the first page) on a generated world, both
// databases, through the whole chain, next to the same pages with the search answered from memory:
// the ratio of the two is what storage costs the page. Throughput uses every core.
//
//	go test -run '^$' -bench TaskList ./web
func BenchmarkTaskList(b *testing.B) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			s, db := newTestServerOn(b, d, nil)
			if err := gen.Fill(context.Background(), db, gen.Scales[0], 1, nil); err != nil {
				b.Fatal(err)
			}
			for _, c := range []struct{ name, path string }{{"first-page", "/tasks"}, {"search", "/tasks?q=albergues"}} {
				path := c.path
				q, _ := url.ParseQuery(strings.TrimPrefix(path, "/tasks?"))
				page, err := s.work.tasks.SearchTasks(context.Background(), readTaskFilter(q))
				if err != nil || len(page.Tasks) == 0 {
					b.Fatalf("%s: %v", path, err)
				}
				// The memory side is a copy of the server whose work room answers searches from
				// memory; its routes are built again so that they reach the copied room.
				mem, room := *s, *s.work
				room.tasks = memorySearch{TaskFinder: s.work.tasks, page: page}
				mem.work = &room
				mem.handler = mem.middleware(mem.routes())
				for _, side := range []struct {
					name string
					h    http.Handler
				}{{"db", s}, {"memory", &mem}} {
					b.Run(c.name+"/"+side.name, func(b *testing.B) {
						b.RunParallel(func(pb *testing.PB) {
							r := httptest.NewRequest(http.MethodGet, path, nil)
							r.Header.Set("Accept-Language", "es")
							for pb.Next() {
								w := httptest.NewRecorder()
								side.h.ServeHTTP(w, r)
								if w.Code != http.StatusOK {
									b.Errorf("status %d", w.Code)
									return
								}
							}
						})
					})
				}
			}
		})
	}
}
