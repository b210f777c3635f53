package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestResourcesInWeb: a volunteer adds a grant (a refused form keeps what was typed), a moderator
// sends it back with a reason, the volunteer fixes it, the moderator publishes it, and the
// directory finds it by its filters; others report it outdated, once.
func TestResourcesInWeb(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	ctx := context.Background()
	form := url.Values{"kind": {civhub.ResourceGrant}, "title": {"Fondo de resiliencia comunitaria 2027"}, "provider": {"Fundación Costa"},
		"description": {"Para juntas de vecinos que preparan su barrio ante incendios."}, "url": {"fondo.example.cl"},
		"deadline": {"2099-03-31"}, "amount_min": {"2.000"}, "amount_max": {"10,000"}, "currency": {"clp"},
		"countries": {"Chile, Atlantis"}, "causes": {"sdg11", "sdg13"}, "languages": {"es"}, "tags": {"incendios, barrios"}}
	resp := f.do(volunteer, methodPost, "/resources/new", form)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a bad link and an unknown country: %d, want 400", resp.StatusCode)
	}
	doc := webtest.Parse(t, resp.Body)
	if webtest.Attr(doc.One("#f-title"), "value") != "Fondo de resiliencia comunitaria 2027" || webtest.Attr(doc.One("#f-countries"), "value") != "Chile, Atlantis" ||
		len(doc.All("#f-url-error")) != 1 || len(doc.All("#f-countries-error")) != 1 || len(doc.All(`input[name="causes"][value="sdg13"][checked]`)) != 1 {
		t.Fatal("the refused form lost what was typed or does not name the fields at fault")
	}
	form.Set("url", "https://fondo.example.cl/2027")
	form.Set("countries", "Chile, ma")
	resp = f.do(volunteer, methodPost, "/resources/new", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	path := resp.Header.Get("Location")
	if doc := webtest.Parse(t, f.do(other, methodGet, path, nil).Body); doc.Text("h1") == "Fondo de resiliencia comunitaria 2027" {
		t.Fatal("someone else sees an entry no moderator published")
	}
	doc = webtest.Parse(t, f.do(moderator, methodGet, "/admin/resources", nil).Body)
	if !strings.Contains(doc.Text(".cards"), "Fondo de resiliencia comunitaria 2027") {
		t.Fatalf("the moderators' queue: %q", doc.Text("main"))
	}
	resp = f.do(moderator, methodPost, path+"/review", url.Values{"decision": {civhub.DecideReturn}})
	if resp.StatusCode != http.StatusBadRequest || len(webtest.Parse(t, resp.Body).All("#f-reason-error")) != 1 {
		t.Fatalf("sending back without a reason: %d", resp.StatusCode)
	}
	if resp := f.do(moderator, methodPost, path+"/review", url.Values{"decision": {civhub.DecideReturn}, "reason": {"Say which regions may apply."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send back: %d", resp.StatusCode)
	}
	doc = webtest.Parse(t, f.do(volunteer, methodGet, "/me/notifications", nil).Body)
	if !strings.Contains(doc.Text(".notes"), "sent “Fondo de resiliencia comunitaria 2027” back") {
		t.Fatalf("the volunteer's inbox: %q", doc.Text(".notes"))
	}
	doc = webtest.Parse(t, f.do(volunteer, methodGet, path, nil).Body)
	if !strings.Contains(doc.Text(".flash"), "Say which regions may apply.") {
		t.Fatalf("the entry does not show the moderator's reason: %q", doc.Text("main"))
	}
	doc = webtest.Parse(t, f.do(volunteer, methodGet, path+"/edit", nil).Body)
	if webtest.Attr(doc.One("#f-countries"), "value") != "Chile, Morocco" || webtest.Attr(doc.One("#f-amount_max"), "value") != "10000" {
		t.Fatalf("the edit form: countries %q, amount %q", webtest.Attr(doc.One("#f-countries"), "value"), webtest.Attr(doc.One("#f-amount_max"), "value"))
	}
	form.Set("description", "Para juntas de vecinos de Valparaíso y Biobío que preparan su barrio ante incendios.")
	if resp := f.do(volunteer, methodPost, path+"/edit", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("fix: %d", resp.StatusCode)
	}
	if resp := f.do(moderator, methodPost, path+"/review", url.Values{"decision": {civhub.DecidePublish}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	// Once published, its submitter no longer edits it but suggests changes, like everyone else.
	if doc := webtest.Parse(t, f.do(volunteer, methodGet, path+"/edit", nil).Body); len(doc.All("#f-note")) != 1 {
		t.Fatal("the submitter of a published entry is not offered the suggestion form")
	}

	for query, want := range map[string]bool{"q=resiliencia": true, "country=CL&cause=sdg13": true, "country=KE": false,
		"kind=award": false, "min_amount=5000": true, "min_amount=50000": false, "language=fr": false, "closing=7": false,
		"org_type=cooperative&country=MA": true, "country=ZZ&kind=nonsense": true} {
		doc := webtest.Parse(t, f.do(anon, methodGet, "/resources?"+query, nil).Body)
		if found := strings.Contains(doc.Text("main"), "Fondo de resiliencia comunitaria 2027"); found != want {
			t.Errorf("%s: found %v, want %v", query, found, want)
		}
	}
	r := httptest.NewRequest(methodGet, path, nil)
	r.Header.Set("Accept-Language", "ar")
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	doc = webtest.Parse(t, w.Body)
	if !strings.Contains(doc.Text(".facts"), "تشيلي") || !strings.Contains(doc.Text(".facts"), "CLP \u2066٢٬٠٠٠\u2069 – \u2066١٠٬٠٠٠\u2069") {
		t.Fatalf("the Arabic page: %q", doc.Text(".facts"))
	}

	if resp := f.do(other, methodPost, path+"/report", url.Values{"note": {"The link is broken."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d", resp.StatusCode)
	}
	if resp := f.do(other, methodPost, path+"/report", url.Values{"note": {"Still broken."}}); resp.StatusCode != http.StatusConflict {
		t.Fatalf("report twice: %d, want 409", resp.StatusCode)
	}
	doc = webtest.Parse(t, f.do(moderator, methodGet, "/admin/resources", nil).Body)
	if _, reported, _ := strings.Cut(doc.Text("main"), "Reported as outdated"); !strings.Contains(reported, "Fondo de resiliencia comunitaria 2027") {
		t.Fatalf("reported entries in the queue: %q", doc.Text("main"))
	}
	stored, err := f.s.directory.resources.SearchResources(ctx, civhub.ResourceFilter{Reported: true})
	if err != nil || len(stored.Resources) != 1 || stored.Resources[0].Outdated != 1 {
		t.Fatalf("reported: %+v, %v", stored, err)
	}
}

// TestResourcesAPI: an entry submitted through the API waits for a moderator, who publishes it
// through the API; the directory then lists it; a refused entry names its fields.
func TestResourcesAPI(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			call := func(role, method, path, body string, want int) map[string]any {
				t.Helper()
				resp := f.api(role, method, path, body)
				raw, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != want {
					t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, role, resp.StatusCode, want, raw)
				}
				var out map[string]any
				if err := json.Unmarshal(raw, &out); err != nil {
					t.Fatalf("%s: %s", err, raw)
				}
				return out
			}
			bad := call(volunteer, methodPost, "/api/v1/resources", `{"kind":"grant","title":"Fund","provider":"X","url":"nope","currency":"XYZ","amount_max":10}`, http.StatusBadRequest)
			raw, _ := json.Marshal(bad["errors"])
			// A kind outside the document's list is refused by the schema, before the rest is read.
			call(volunteer, methodPost, "/api/v1/resources", `{"kind":"loan","title":"A fund","provider":"Xyz","url":"https://a.example"}`, http.StatusUnprocessableEntity)
			for _, field := range []string{"title", "provider", "url", "currency"} {
				if !strings.Contains(string(raw), "body."+field) {
					t.Errorf("the refusal does not name %s: %s", field, raw)
				}
			}
			r := call(volunteer, methodPost, "/api/v1/resources", `{"kind":"crowdfunding","title":"Concurso de proyectos barriales","provider":"Municipalidad",
				"url":"https://muni.example.cl/concurso","deadline":"2099-05-01T23:59:59Z","countries":["cl"],"languages":["es"],"amount_max":3000000,"currency":"CLP"}`, http.StatusCreated)
			if r["status"] != civhub.ResourcePending || r["countries"].([]any)[0] != "CL" {
				t.Fatalf("submitted: %v", r)
			}
			id := int64(r["id"].(float64))
			list := call(anon, methodGet, "/api/v1/resources?country=CL", "", http.StatusOK)
			if len(list["resources"].([]any)) != 1 { // the fixture's published entry, open to all
				t.Fatalf("before publishing: %v", list)
			}
			call(moderator, methodPost, fmt.Sprintf("/api/v1/resources/%d/review", id), `{"decision":"return"}`, http.StatusBadRequest)
			got := call(moderator, methodPost, fmt.Sprintf("/api/v1/resources/%d/review", id), `{"decision":"publish"}`, http.StatusOK)
			if got["status"] != civhub.ResourcePublished {
				t.Fatalf("published: %v", got)
			}
			call(moderator, methodPost, fmt.Sprintf("/api/v1/resources/%d/review", id), `{"decision":"reject","reason":"Spam"}`, http.StatusConflict)
			// Someone else's change is a suggestion, and the entry stays as it is.
			suggested := call(other, http.MethodPut, fmt.Sprintf("/api/v1/resources/%d", id), `{"kind":"crowdfunding","title":"Concurso de proyectos barriales",
				"provider":"Municipalidad","url":"https://muni.example.cl/concurso-2027","countries":["CL"],"note":"Nueva convocatoria."}`, http.StatusAccepted)
			if suggested["url"] != "https://muni.example.cl/concurso" {
				t.Fatalf("a suggestion changed the entry: %v", suggested)
			}
			if list, err := f.s.directory.suggestions.Suggestions(context.Background(), 10); err != nil || len(list) != 1 || list[0].Note != "Nueva convocatoria." {
				t.Fatalf("the suggestion: %+v, %v", list, err)
			}
			list = call(anon, methodGet, "/api/v1/resources?country=CL&kind=crowdfunding&closing_within_days=366", "", http.StatusOK)
			if len(list["resources"].([]any)) != 0 {
				t.Fatalf("closing within a year: %v", list)
			}
			list = call(anon, methodGet, "/api/v1/resources?country=CL&kind=crowdfunding&min_amount=1000000", "", http.StatusOK)
			if items := list["resources"].([]any); len(items) != 1 || items[0].(map[string]any)["id"].(float64) != float64(id) {
				t.Fatalf("the published entry: %v", list)
			}
		})
	}
}

// TestRadarInWeb: alpha's admin sees the opportunities alpha qualifies for with the reasons, saves
// one, moves its application on with notes, and forgets it; the directory keeps what alpha
// qualifies for on request.
func TestRadarInWeb(t *testing.T) {
	f := newFixture(t, sqldb.SQLite) // alpha is a Kenyan NGO
	ctx := context.Background()
	publish := func(r *civhub.Resource) *civhub.Resource {
		t.Helper()
		if err := f.s.directory.resources.SubmitResource(ctx, r, f.people[moderator].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.directory.resources.ReviewResource(ctx, r.ID, civhub.DecidePublish, "", f.people[moderator].ID); err != nil {
			t.Fatal(err)
		}
		return r
	}
	kenya := publish(&civhub.Resource{Kind: civhub.ResourceGrant, Title: "Nairobi civic tech micro-grants", Provider: "Open Knowledge",
		URL: "https://okea.example.org", Countries: []string{"KE", "UG"}, OrgTypes: []string{civhub.OrgNGO}})
	chile := publish(&civhub.Resource{Kind: civhub.ResourceGrant, Title: "Fondo chileno", Provider: "Fundación", URL: "https://fondo.example.cl",
		Countries: []string{"CL"}})
	doc := webtest.Parse(t, f.do(orgAdmin, methodGet, "/orgs/alpha/radar", nil).Body)
	text := doc.Text(".radar")
	if !strings.Contains(text, kenya.Title) || !strings.Contains(text, "Your country: Kenya") || !strings.Contains(text, "For organizations like yours: Non-governmental organization") ||
		!strings.Contains(text, f.pub.Title) || strings.Contains(text, chile.Title) {
		t.Fatalf("alpha's radar: %q", text)
	}
	if first := webtest.Text(doc.All(".radar > li h3")[0]); first != kenya.Title {
		t.Fatalf("the best match is %q, want the one naming alpha's country and type", first)
	}
	path := fmt.Sprintf("/orgs/alpha/radar/%d", kenya.ID)
	// The entry's own page offers to save it for each of the viewer's organizations.
	doc = webtest.Parse(t, f.do(orgAdmin, methodGet, fmt.Sprintf("/resources/%d", kenya.ID), nil).Body)
	if len(doc.All(`form[action="`+path+`"]`)) != 1 || len(doc.All(`form[action^="/orgs/gamma/radar/"]`)) != 1 {
		t.Fatal("the entry's page does not offer to save it for alpha and gamma")
	}
	if resp := f.do(orgAdmin, methodPost, path, url.Values{"stage": {"saved"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	resp := f.do(member, methodPost, path, url.Values{"stage": {"celebrating"}, "notes": {"Budget done."}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(webtest.Parse(t, resp.Body).Text(".problem"), "Choose where the application stands") {
		t.Fatalf("an unknown stage: %d", resp.StatusCode)
	}
	if resp := f.do(member, methodPost, path, url.Values{"stage": {"submitted"}, "notes": {"Sent on Monday; budget of USD 8,000."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("move on: %d", resp.StatusCode)
	}
	doc = webtest.Parse(t, f.do(orgAdmin, methodGet, "/orgs/alpha/radar", nil).Body)
	if webtest.Attr(doc.One(".tracker option[selected]"), "value") != civhub.StageSubmitted || !strings.Contains(doc.Text(".tracker textarea"), "USD 8,000") ||
		strings.Contains(doc.Text(".radar"), kenya.Title) {
		t.Fatal("the tracker does not show the stage and notes, or the saved entry is still offered")
	}
	if resp := f.do(otherOrg, methodGet, "/orgs/alpha/radar", nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("another organization's admin: %d, want 403", resp.StatusCode)
	}
	if resp := f.do(orgAdmin, methodPost, path+"/forget", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("forget: %d", resp.StatusCode)
	}
	tracked, _ := f.s.radar.tracker.Tracked(ctx, f.alpha.ID)
	if len(tracked) != 0 {
		t.Fatalf("%d tracked after forgetting", len(tracked))
	}
	doc = webtest.Parse(t, f.do(orgAdmin, methodGet, "/resources?for=alpha", nil).Body)
	if text := doc.Text("main"); !strings.Contains(text, kenya.Title) || strings.Contains(text, chile.Title) {
		t.Fatalf("the directory for alpha: %q", text)
	}
	if doc := webtest.Parse(t, f.do(volunteer, methodGet, "/resources?for=alpha", nil).Body); !strings.Contains(doc.Text("main"), chile.Title) {
		t.Fatal("someone outside alpha had the directory narrowed to alpha")
	}
}

// TestImportAndExportCSV: a moderator imports a 1,000-row file with 3 bad rows: the page lists
// exactly those 3 and nothing is imported; the fixed file imports all 1,000; a search exports as
// CSV that reads back.
func TestImportAndExportCSV(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	ctx := context.Background()
	var b strings.Builder
	b.WriteString("kind,title,provider,url,deadline,countries,causes\n")
	bad := map[int]string{3: "url", 640: "deadline", 999: "country"}
	for row := 2; row <= 1001; row++ {
		cells := []string{"grant", fmt.Sprintf("Micro-grant %d for neighbourhood groups", row), "Fondo Comunitario",
			fmt.Sprintf("https://fund.example.org/%d", row), "2099-06-30", "CL;MA", "sdg11"}
		switch bad[row] {
		case "url":
			cells[3] = "www.fund.example.org"
		case "deadline":
			cells[4] = "soon"
		case "country":
			cells[5] = "CL;XX"
		}
		b.WriteString(strings.Join(cells, ",") + "\n")
	}
	file := b.String()
	count := func() int {
		n, after := 0, ""
		for {
			page, err := f.s.directory.resources.SearchResources(ctx, civhub.ResourceFilter{Query: "neighbourhood", Limit: 200, After: after})
			if err != nil {
				t.Fatal(err)
			}
			n += len(page.Resources)
			if after = page.Next; after == "" {
				return n
			}
		}
	}
	if resp := f.postFile(volunteer, "/admin/resources/import", "file", "grants.csv", []byte(file), nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a volunteer importing: %d, want 403", resp.StatusCode)
	}
	resp := f.postFile(moderator, "/admin/resources/import", "file", "grants.csv", []byte(file), nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a file with 3 bad rows: %d, want 422", resp.StatusCode)
	}
	doc := webtest.Parse(t, resp.Body)
	var rows []string
	for _, tr := range doc.All(".problems tbody tr") {
		rows = append(rows, webtest.Text(tr))
	}
	if len(rows) != 3 || !strings.HasPrefix(rows[0], "3url") || !strings.HasPrefix(rows[1], "640deadline") || !strings.HasPrefix(rows[2], "999countries") {
		t.Fatalf("the problems listed: %q", rows)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d entries imported from a refused file", n)
	}
	fixed := strings.NewReplacer("www.fund.example.org", "https://fund.example.org/3", ",soon,", ",2099-07-01,", "CL;XX", "CL;PE").Replace(file)
	if resp := f.postFile(moderator, "/admin/resources/import", "file", "grants.csv", []byte(fixed), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the fixed file: %d", resp.StatusCode)
	}
	if n := count(); n != 1000 {
		t.Fatalf("%d entries imported, want 1000", n)
	}
	resp = f.do(anon, methodGet, "/resources.csv?q=neighbourhood&country=PE", nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	list, problems := civhub.ParseResourceCSV(resp.Body, f.s.directory.validCause)
	if len(problems) != 0 || len(list) != 1 || list[0].Title != "Micro-grant 999 for neighbourhood groups" {
		t.Fatalf("the export read back: %d entries, %+v", len(list), problems)
	}
}

// TestGuides: every kind of opportunity has its guide for first-timers, with all its steps, in
// every language; each entry links to the guide of its kind.
func TestGuides(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	for _, code := range civhub.Locales {
		for _, kind := range civhub.ResourceKinds {
			r := httptest.NewRequest(methodGet, "/guides/"+kind, nil)
			r.Header.Set("Accept-Language", code)
			w := httptest.NewRecorder()
			f.s.ServeHTTP(w, r)
			doc := webtest.Parse(t, w.Body)
			steps, _ := guideMessageIDs(kind)
			if w.Code != http.StatusOK || len(doc.All(".steps li")) != len(steps) || len(steps) < 4 {
				t.Errorf("%s %s: status %d, %d steps", code, kind, w.Code, len(doc.All(".steps li")))
			}
		}
	}
	doc := webtest.Parse(t, f.do(anon, methodGet, fmt.Sprintf("/resources/%d", f.pub.ID), nil).Body)
	if len(doc.All(`a[href="/guides/grant"]`)) != 1 {
		t.Fatal("a grant does not link to the guide for grants")
	}
}

// TestSuggestChangeInWeb: someone who may not edit a published entry suggests a change, which a
// moderator applies from the queue.
func TestSuggestChangeInWeb(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	ctx := context.Background()
	path := fmt.Sprintf("/resources/%d", f.pub.ID)
	doc := webtest.Parse(t, f.do(other, methodGet, path, nil).Body)
	if len(doc.All(`a[href="`+path+`/edit"]`)) != 1 {
		t.Fatal("no way to suggest a change on a published entry")
	}
	doc = webtest.Parse(t, f.do(other, methodGet, path+"/edit", nil).Body)
	if len(doc.All(`#f-note`)) != 1 || webtest.Attr(doc.One("#f-title"), "value") != f.pub.Title {
		t.Fatal("the suggestion form does not show the entry and a note for the moderators")
	}
	form := url.Values{"kind": {f.pub.Kind}, "title": {f.pub.Title}, "provider": {f.pub.Provider}, "url": {f.pub.URL}}
	resp := f.do(other, methodPost, path+"/edit", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(webtest.Parse(t, resp.Body).Text(".problem"), "Change something") {
		t.Fatalf("a suggestion that changes nothing: %d", resp.StatusCode)
	}
	form.Set("url", "https://fund.example.org/2027")
	form.Set("note", "The 2027 call has a new page.")
	if resp := f.do(other, methodPost, path+"/edit", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("suggest: %d", resp.StatusCode)
	}
	if got, _ := f.s.directory.resources.FindResource(ctx, f.pub.ID); got.URL != f.pub.URL {
		t.Fatal("a suggestion changed the entry before a moderator applied it")
	}
	doc = webtest.Parse(t, f.do(moderator, methodGet, "/admin/resources", nil).Body)
	forms := doc.All(`.suggestions form[action^="/admin/resources/suggestions/"]`)
	if len(forms) != 1 || !strings.Contains(doc.Text(".suggestions"), "Where to apply") || !strings.Contains(doc.Text(".suggestions"), "The 2027 call has a new page.") {
		t.Fatalf("the queue's suggestions: %q", doc.Text("main"))
	}
	if resp := f.do(moderator, methodPost, webtest.Attr(forms[0], "action"), url.Values{"decision": {"apply"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", resp.StatusCode)
	}
	if got, _ := f.s.directory.resources.FindResource(ctx, f.pub.ID); got.URL != "https://fund.example.org/2027" || got.Status != civhub.ResourcePublished {
		t.Fatalf("after applying: %+v", got)
	}
}

// TestMarkdown: descriptions written in Markdown show formatted, and nothing in them runs.
func TestMarkdown(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	ctx := context.Background()
	r := &civhub.Resource{Kind: civhub.ResourceGrant, Title: "Fondo con formato", Provider: "Fundación", URL: "https://fondo.example.org",
		Description: "**Quién puede postular:** juntas de vecinos.\n\n- Equipos\n- Capacitación\n\n[Bases](https://fondo.example.org/bases) " +
			"[click](javascript:alert(1)) <script>alert(2)</script><img src=x onerror=alert(3)>"}
	if err := f.s.directory.resources.SubmitResource(ctx, r, f.people[moderator].ID); err != nil {
		t.Fatal(err)
	}
	resp := f.do(moderator, methodGet, fmt.Sprintf("/resources/%d", r.ID), nil)
	raw, _ := io.ReadAll(resp.Body)
	page := string(raw)
	doc := webtest.Parse(t, strings.NewReader(page))
	if len(doc.All(".markdown strong")) != 1 || len(doc.All(".markdown li")) != 2 ||
		webtest.Attr(doc.One(`.markdown a[href="https://fondo.example.org/bases"]`), "rel") != "nofollow noreferrer" {
		t.Fatalf("the description is not rendered: %q", doc.Text(".markdown"))
	}
	for _, bad := range []string{"javascript:", "<script>alert(2)", "onerror"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
}

// TestRadarAPI: a member reads the radar with its reasons in the Accept-Language, saves an entry,
// moves it on and forgets it through the API.
func TestRadarAPI(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			r := httptest.NewRequest(methodGet, "/api/v1/orgs/alpha/radar", nil)
			r.Header.Set("Authorization", "Bearer "+f.tokens[member])
			r.Header.Set("Accept-Language", "es")
			w := httptest.NewRecorder()
			f.s.ServeHTTP(w, r)
			var radar struct {
				Matches []struct {
					Resource struct{ ID int64 } `json:"resource"`
					Reasons  []string           `json:"reasons"`
					Stage    string             `json:"stage"`
				} `json:"matches"`
				Tracked []struct{ Stage, Notes string } `json:"tracked"`
			}
			if err := json.NewDecoder(w.Body).Decode(&radar); err != nil || w.Code != http.StatusOK {
				t.Fatalf("radar: %d, %v", w.Code, err)
			}
			if len(radar.Matches) != 1 || radar.Matches[0].Resource.ID != f.pub.ID || len(radar.Matches[0].Reasons) == 0 ||
				radar.Matches[0].Reasons[0] != "Se puede postular en cualquier momento" {
				t.Fatalf("the matches: %+v", radar.Matches)
			}
			path := fmt.Sprintf("/api/v1/orgs/alpha/tracked/%d", f.pub.ID)
			if resp := f.api(member, http.MethodPut, path, `{"stage":"won","notes":"¡Ganamos!"}`); resp.StatusCode != http.StatusNoContent {
				t.Fatalf("track: %d", resp.StatusCode)
			}
			if resp := f.api(member, http.MethodPut, path, `{"stage":"lost"}`); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("an unknown stage: %d, want 422", resp.StatusCode)
			}
			resp := f.api(orgAdmin, methodGet, "/api/v1/orgs/alpha/radar", "")
			if err := json.NewDecoder(resp.Body).Decode(&radar); err != nil || len(radar.Tracked) != 1 || radar.Tracked[0].Notes != "¡Ganamos!" ||
				radar.Matches[0].Stage != civhub.StageWon {
				t.Fatalf("after tracking: %+v, %v", radar, err)
			}
			if resp := f.api(member, http.MethodDelete, path, ""); resp.StatusCode != http.StatusNoContent {
				t.Fatalf("forget: %d", resp.StatusCode)
			}
		})
	}
}

func TestAmountsAsTyped(t *testing.T) {
	for typed, want := range map[string]int64{"5000": 5000, "10,000": 10000, "2.000.000": 2000000, "15 000": 15000} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(url.Values{"amount_max": {typed}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		var res civhub.Resource
		readResourceForm(r, nil, &res)
		if res.AmountMax != want {
			t.Errorf("%q read as %d, want %d", typed, res.AmountMax, want)
		}
	}
	for _, typed := range []string{"1500.50", "12,5", "lots"} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(url.Values{"amount_max": {typed}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		var res civhub.Resource
		if err := readResourceForm(r, nil, &res); err == nil {
			t.Errorf("%q accepted as %d", typed, res.AmountMax)
		}
	}
}

// TestDashboardDeadlines: a member's dashboard names their organizations, with the saved
// opportunities they have not applied for that close within two weeks.
func TestDashboardDeadlines(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	ctx := context.Background()
	soon, later := time.Now().Add(5*24*time.Hour).UTC(), time.Now().Add(60*24*time.Hour).UTC()
	var ids []int64
	for _, r := range []*civhub.Resource{
		{Kind: civhub.ResourceGrant, Title: "Closes this week", Provider: "Fund A", URL: "https://a.example.org", Deadline: &soon},
		{Kind: civhub.ResourceGrant, Title: "Closes in two months", Provider: "Fund B", URL: "https://b.example.org", Deadline: &later},
		{Kind: civhub.ResourceGrant, Title: "Applied already", Provider: "Fund C", URL: "https://c.example.org", Deadline: &soon},
	} {
		if err := f.s.directory.resources.SubmitResource(ctx, r, f.people[moderator].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.directory.resources.ReviewResource(ctx, r.ID, civhub.DecidePublish, "", f.people[moderator].ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	for i, stage := range []string{civhub.StagePreparing, civhub.StageSaved, civhub.StageSubmitted} {
		if err := f.s.radar.tracker.Track(ctx, f.alpha.ID, ids[i], stage, "", f.people[orgAdmin].ID); err != nil {
			t.Fatal(err)
		}
	}
	doc := webtest.Parse(t, f.do(member, methodGet, "/me", nil).Body)
	text := doc.Text(".orgs")
	if !strings.Contains(text, "ALPHA") || !strings.Contains(text, "Closes this week") || strings.Contains(text, "Closes in two months") ||
		strings.Contains(text, "Applied already") || !strings.Contains(text, "Preparing the application") {
		t.Fatalf("the member's dashboard: %q", text)
	}
	if doc := webtest.Parse(t, f.do(volunteer, methodGet, "/me", nil).Body); len(doc.All(".orgs")) != 0 {
		t.Fatal("someone without an organization sees the organizations section")
	}
}
