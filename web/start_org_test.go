package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

func TestOrganizationStartInWeb(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			s, db := newTestServerOn(t, d, nil)
			createPerson(t, db, "diego@example.org", "cerros-de-valparaiso-1", "")
			b := newBrowser(t, s)
			b.setLanguage("es")
			b.signIn("diego@example.org", "cerros-de-valparaiso-1")

			req, _ := http.NewRequest(http.MethodGet, b.base+startOrganization, nil)
			req.Header.Set("Accept-Language", "es-CL,es;q=0.9,en;q=0.5")
			resp, err := b.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			doc := webtest.Parse(t, resp.Body)
			resp.Body.Close()
			checkPage(t, doc, "es")
			t.Run("OKPreset", func(t *testing.T) {
				if v := webtest.Attr(doc.One(`#f-country option[selected]`), "value"); v != "CL" {
					t.Errorf("country preset to %q, want CL from the browser's region", v)
				}
				if v := webtest.Attr(doc.One(`#f-time_zone option[selected]`), "value"); v != "America/Santiago" {
					t.Errorf("time zone preset to %q, want America/Santiago", v)
				}
				if !webtest.HasAttr(doc.One(`input[name="languages"][value="es"]`), "checked") {
					t.Error("Spanish is not preset")
				}
			})
			csrf := webtest.Attr(doc.One(`form[action="/start/organization"] input[name="csrf_token"]`), "value")
			post := func(form url.Values) (*http.Response, *webtest.Doc) {
				form.Set("csrf_token", csrf)
				return b.post(startOrganization, form)
			}
			t.Run("ErrInvalidKeepsInput", func(t *testing.T) {
				resp, doc := post(url.Values{"name": {"x"}, "type": {""}, "country": {"CL"}, "languages": {"es", "sw"},
					"time_zone": {"America/Santiago"}, "at_risk": {"on"}})
				if resp.StatusCode != http.StatusBadRequest {
					t.Fatalf("status %d, want 400", resp.StatusCode)
				}
				for _, f := range []string{"name", "type"} {
					if len(doc.All("#f-"+f+"-error")) != 1 {
						t.Errorf("no message at %s", f)
					}
				}
				if webtest.Attr(doc.One("#f-name"), "value") != "x" || webtest.Attr(doc.One(`#f-country option[selected]`), "value") != "CL" ||
					!webtest.HasAttr(doc.One(`input[name="languages"][value="sw"]`), "checked") ||
					!webtest.HasAttr(doc.One(`input[name="at_risk"]`), "checked") {
					t.Error("the refused form lost what was typed")
				}
			})
			create := func(name string, atRisk bool) *civhub.Organization {
				t.Helper()
				form := url.Values{"name": {name}, "type": {civhub.OrgCommunity}, "country": {"CL"}, "languages": {"es"},
					"time_zone": {"America/Santiago"}}
				if atRisk {
					form.Set("at_risk", "on")
				}
				resp, doc := post(form)
				loc := resp.Header.Get("Location")
				if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/orgs/") || !strings.HasSuffix(loc, "/needs/new") {
					t.Fatalf("create %q: status %d to %q: %s", name, resp.StatusCode, loc, doc.Text("main"))
				}
				o, err := s.orgs.FindOrganizationBySlug(context.Background(), strings.TrimSuffix(strings.TrimPrefix(loc, "/orgs/"), "/needs/new"))
				if err != nil {
					t.Fatal(err)
				}
				resp, doc = b.get(loc)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("the first need's form answers %d", resp.StatusCode)
				}
				if len(doc.All(".flash")) == 0 || !strings.Contains(doc.Text(".flash"), "verificado") {
					t.Errorf("notice %q, want one that says what comes next", webtest.Text(doc.One("main")))
				}
				return o
			}
			var first *civhub.Organization
			t.Run("OKStraightToTheFirstNeed", func(t *testing.T) {
				first = create("Valparaíso Preparado", false)
				if first.Slug != "valparaiso-preparado" || first.Country != "CL" || first.TimeZone != "America/Santiago" ||
					len(first.Languages) != 1 || first.Languages[0] != "es" {
					t.Fatalf("stored %+v", first)
				}
			})
			t.Run("OKSameNameAnotherAddress", func(t *testing.T) {
				if o := create("Valparaíso  Preparado!", false); o.Slug == "valparaiso-preparado" || !strings.HasPrefix(o.Slug, "valparaiso-preparado-") {
					t.Errorf("second organization of the same name at %q", o.Slug)
				}
			})
			t.Run("OKNameInArabic", func(t *testing.T) {
				if o := create("تعاونية تافراوت", false); len(o.Slug) < 2 || o.Name != "تعاونية تافراوت" {
					t.Errorf("organization %q at %q", o.Name, o.Slug)
				}
			})
			t.Run("OKAtRiskHidden", func(t *testing.T) {
				if o := create("Defensores del Agua", true); !o.AtRisk || strings.Contains(o.Slug, "defensores") {
					t.Errorf("at-risk organization at %q (at risk: %v), want an address nobody can guess", o.Slug, o.AtRisk)
				}
			})
		})
	}
}

func TestSlugOf(t *testing.T) {
	for name, want := range map[string]string{
		"Valparaíso Preparado":         "valparaiso-preparado",
		"  Coopérative — Tamount ":     "cooperative-tamount",
		"تعاونية":                      "",
		"Women of Tafraout, 2024!":     "women-of-tafraout-2024",
		strings.Repeat("abcdefgh ", 8): "abcdefgh-abcdefgh-abcdefgh-abcdefgh",
	} {
		if got := slugOf(name); got != want {
			t.Errorf("slugOf(%q) = %q, want %q", name, got, want)
		}
	}
}
