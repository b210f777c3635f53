package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkHomePage serves the home page through the whole middleware chain, in Arabic with brotli,
// as a phone would request it.
func BenchmarkHomePage(b *testing.B) {
	s := newTestServer(b, nil)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept-Language", "ar")
	r.Header.Set("Accept-Encoding", "br")
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
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
