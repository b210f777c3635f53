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

// waitingBox selects the notice that tells an organization's members volunteers cannot see a need
// or task yet.
const waitingBox = `section[aria-labelledby="waiting-h"]`

// TestUnverifiedOrganizationSaysWhyVolunteersCannotSee posts a need and a task for organization
// alpha, which is not verified: the notices after posting say volunteers will see them once it is
// verified, and the need and task pages say so to its members — with the way to ask for
// verification to those who may, and what happens next while the moderators decide — until the
// moderators verify it. A verified organization's posts read as published, with no such notice.
func TestUnverifiedOrganizationSaysWhyVolunteersCannotSee(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			en := f.s.catalog.Locale("en")
			needPath := f.post(t, orgAdmin, "/orgs/alpha/needs/new", url.Values{"title": {"Translate our leaflet"},
				"description": {"Into Arabic."}, "remote": {"yes"}, "status": {"open"}})
			doc := f.page(t, orgAdmin, needPath)
			checkFlash(t, doc, en.T("need.new.waiting"))
			checkWaiting(t, doc, en.T("org.waiting.ask"), "/orgs/alpha/verification")
			if resp := f.do(orgAdmin, methodGet, "/orgs/alpha/verification", nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("the notice's link answers %d", resp.StatusCode)
			}
			if resp := f.do(volunteer, methodGet, needPath, nil); resp.StatusCode != http.StatusNotFound {
				t.Fatalf("a volunteer opens the need of an unverified organization: %d, want 404", resp.StatusCode)
			}

			f.post(t, orgAdmin, needPath+"/tasks/new", url.Values{"title": {"Translate the leaflet into Arabic"}, "type": {civhub.TaskTranslation}, "source_language": {"fr"}, "target_language": {"ar"},
				"estimated_hours": {"3"}, "volunteers_wanted": {"1"}, "urgency": {"normal"}, "join_mode": {"claim"}, "claim_hours": {"48"}})
			doc = f.page(t, orgAdmin, needPath)
			checkFlash(t, doc, en.T("task.new.waiting"))
			taskPath := webtest.Attr(doc.One(`.cards a[href^="/tasks/"]`), "href")
			checkWaiting(t, f.page(t, orgAdmin, taskPath), en.T("org.waiting.ask"), "/orgs/alpha/verification")
			// A member who does not run the organization cannot ask; they are told who can.
			checkWaiting(t, f.page(t, member, taskPath), en.T("org.waiting.ask_member"), "")
			if resp := f.do(volunteer, methodGet, taskPath, nil); resp.StatusCode != http.StatusNotFound {
				t.Fatalf("a volunteer opens the task of an unverified organization: %d, want 404", resp.StatusCode)
			}
			if doc := f.page(t, moderator, taskPath); len(doc.All(waitingBox)) != 0 {
				t.Fatal("a moderator, not a member, is told what the organization should do")
			}

			ctx := context.Background()
			ask := func() int64 {
				req := &civhub.VerificationRequest{OrganizationID: f.alpha.ID, Evidence: "A women's cooperative registered in Taroudant since 2015."}
				if err := f.s.organizations.verifications.RequestVerification(ctx, req, f.people[orgAdmin].ID); err != nil {
					t.Fatal(err)
				}
				return req.ID
			}
			decide := func(id int64, approve bool) {
				if err := f.s.organizations.verifications.DecideVerification(ctx, id, approve, "Please add your registration number.", f.people[moderator].ID); err != nil {
					t.Fatal(err)
				}
			}
			id := ask()
			checkWaiting(t, f.page(t, orgAdmin, needPath), en.T("org.waiting.pending"), "/orgs/alpha/verification")
			checkWaiting(t, f.page(t, member, needPath), en.T("org.waiting.pending"), "")
			decide(id, false)
			checkWaiting(t, f.page(t, orgAdmin, taskPath), en.T("org.waiting.rejected"), "/orgs/alpha/verification")
			decide(ask(), true)
			for _, path := range []string{needPath, taskPath} {
				if doc := f.page(t, orgAdmin, path); len(doc.All(waitingBox)) != 0 {
					t.Fatalf("%s still says volunteers cannot see it once the organization is verified", path)
				}
				if resp := f.do(volunteer, methodGet, path, nil); resp.StatusCode != http.StatusOK {
					t.Fatalf("a volunteer opens %s of a verified organization: %d", path, resp.StatusCode)
				}
			}

			t.Run("VerifiedReadsAsPublished", func(t *testing.T) {
				needPath := f.post(t, otherOrg, "/orgs/beta/needs/new", url.Values{"title": {"Map the shelters"}, "remote": {"yes"}, "status": {"open"}})
				doc := f.page(t, otherOrg, needPath)
				checkFlash(t, doc, en.T("need.new.done"))
				if len(doc.All(waitingBox)) != 0 {
					t.Fatal("a verified organization's need says volunteers cannot see it")
				}
			})
			t.Run("DraftSaysItIsNotPublished", func(t *testing.T) {
				needPath := f.post(t, otherOrg, "/orgs/beta/needs/new", url.Values{"title": {"Plan the drill"}, "remote": {"yes"}, "status": {"draft"}})
				checkFlash(t, f.page(t, otherOrg, needPath), en.T("need.new.draft"))
			})
		})
	}
}

// post sends a form as role and returns where the answer sends the browser, failing unless it is
// a redirect.
func (f *fixture) post(t *testing.T, role, path string, form url.Values) string {
	t.Helper()
	resp := f.do(role, methodPost, path, form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s as %s: status %d: %s", path, role, resp.StatusCode, webtest.Text(webtest.Parse(t, resp.Body).One("main")))
	}
	return resp.Header.Get("Location")
}

// page opens path as role and returns the page, failing unless it answers 200.
func (f *fixture) page(t *testing.T, role, path string) *webtest.Doc {
	t.Helper()
	resp := f.do(role, methodGet, path, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s as %s: status %d", path, role, resp.StatusCode)
	}
	return webtest.Parse(t, resp.Body)
}

// checkFlash fails unless the page's one-time notice reads want.
func checkFlash(t *testing.T, doc *webtest.Doc, want string) {
	t.Helper()
	if got := doc.Text(`p.flash[role=status]`); got != want {
		t.Errorf("the notice reads %q, want %q", got, want)
	}
}

// checkWaiting fails unless the page tells the viewer that volunteers cannot see it, says want, and
// links to link ("": links nowhere).
func checkWaiting(t *testing.T, doc *webtest.Doc, want, link string) {
	t.Helper()
	boxes := doc.All(waitingBox)
	if len(boxes) != 1 {
		t.Fatalf("%d notices that volunteers cannot see this, want 1", len(boxes))
	}
	if text := webtest.Text(boxes[0]); !strings.Contains(text, want) {
		t.Errorf("the notice %q does not say %q", text, want)
	}
	var links []string
	for _, a := range webtest.Within(boxes[0], "a[href]") {
		links = append(links, webtest.Attr(a, "href"))
	}
	if want := []string{link}; link == "" && len(links) != 0 || link != "" && strings.Join(links, " ") != strings.Join(want, " ") {
		t.Errorf("the notice links to %q, want %q", links, link)
	}
}
