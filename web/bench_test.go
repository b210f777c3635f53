package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
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
