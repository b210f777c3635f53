package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestUnsubscribeSpeaksTheRecipientsLanguage: the page of a mail's unsubscribe link is in the
// language of the person the mail went to, not in the one the browser asks for; a forged link
// learns nothing of the person and keeps the browser's language. On both databases.
func TestUnsubscribeSpeaksTheRecipientsLanguage(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			person := f.people[volunteer].ID
			if _, err := f.db.Writer().ExecContext(context.Background(), `UPDATE people SET locale = 'es' WHERE id = $1`, person); err != nil {
				t.Fatal(err)
			}
			link := fmt.Sprintf("/unsubscribe?p=%d&t=%s", person, civhub.UnsubscribeToken(testUnsubscribeKey, person, ""))
			forged := fmt.Sprintf("/unsubscribe?p=%d&t=forged", person)
			for _, c := range []struct {
				method, path, lang, title string
				status                    int
			}{
				{methodGet, link, "es", "Dejar de recibir correos", http.StatusOK},
				{methodPost, link, "es", "Dejar de recibir correos", http.StatusOK},
				{methodGet, forged, "fr", "", http.StatusBadRequest},
			} {
				r := httptest.NewRequest(c.method, c.path, nil)
				r.Header.Set("Accept-Language", "fr-FR,fr;q=0.9")
				w := httptest.NewRecorder()
				f.s.ServeHTTP(w, r)
				doc := webtest.Parse(t, w.Body)
				if w.Code != c.status || webtest.Attr(doc.One("html"), "lang") != c.lang || (c.title != "" && doc.Text("h1") != c.title) {
					t.Fatalf("%s %s: %d, lang %q, heading %q; want %d in %s", c.method, c.path, w.Code,
						webtest.Attr(doc.One("html"), "lang"), doc.Text("h1"), c.status, c.lang)
				}
			}
		})
	}
}
