package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// markup is what a hostile name carries: an element, a way out of a quoted attribute, a script and
// an event handler. Shown as text, it appears whole in one text node or attribute value; run as
// markup, it leaves elements of class "inj$", scripts that call inj$(), or pieces of itself. The
// trace "inj$" cannot occur by chance in base64 or hex, which pages carry in QR codes and tokens.
const markup = `<b class=inj$>x</b>"'><script>inj$()</script><img src=x onerror=inj$()>`

// trace is the piece of markup that every piece of it carries.
const trace = "inj$"

// markupWorld is the authorization matrix's world with markup in every name and title, and with
// the activity that puts names on pages: a volunteer whose work on a task was approved, with hours
// confirmed and an endorsement, another who handed work in, a conversation, an invitation, a pending verification
// request and a saved opportunity.
type markupWorld struct {
	*fixture
	names map[string]string // what each name or title is, by a short label for messages
}

func newMarkupWorld(t *testing.T, d sqldb.Dialect) *markupWorld {
	t.Helper()
	ctx := context.Background()
	w := &markupWorld{fixture: newFixture(t, d), names: map[string]string{}}
	rename := func(label, query string, id int64) {
		name := label + " " + markup
		if err := w.db.Update(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, query, name, id)
			return err
		}); err != nil {
			t.Fatalf("rename %s: %v", label, err)
		}
		w.names[label] = name
	}
	for i, role := range roles[1:] {
		rename(fmt.Sprintf("Person%d", i), `UPDATE people SET display_name = $1 WHERE id = $2`, w.people[role].ID)
	}
	for _, o := range []*civhub.Organization{w.alpha, w.beta, w.gamma} {
		rename("Org"+o.Slug, `UPDATE organizations SET name = $1 WHERE id = $2`, o.ID)
	}
	for label, id := range map[string]int64{"NeedA": w.needA.ID, "NeedB": w.needB.ID} {
		rename(label, `UPDATE needs SET title = $1 WHERE id = $2`, id)
	}
	for label, id := range map[string]int64{"TaskA": w.taskA.ID, "TaskB": w.taskB.ID} {
		rename(label, `UPDATE tasks SET title = $1 WHERE id = $2`, id)
	}
	for label, id := range map[string]int64{"Published": w.pub.ID, "Pending": w.pend.ID} {
		rename(label, `UPDATE resources SET title = $1 WHERE id = $2`, id)
	}
	w.addActivity(t)
	return w
}

// addActivity makes the records that show people's names beside tasks and organizations.
func (w *markupWorld) addActivity(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	vol, oth, beta := w.people[volunteer].ID, w.people[other].ID, w.people[otherOrg].ID
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	a, err := w.s.work.workflow.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: w.taskB.ID, By: vol})
	must("claim", err)
	_, err = w.s.work.workflow.Act(ctx, civhub.ActRequest{Action: civhub.ActStart, AssignmentID: a.ID, By: vol})
	must("start", err)
	h, err := w.s.work.hours.LogHours(ctx, a.ID, 90, "Half the addresses.", vol)
	must("log hours", err)
	must("confirm hours", w.s.work.hours.DecideHours(ctx, w.taskB.ID, h.ID, true, beta))
	_, err = w.s.work.workflow.Act(ctx, civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: a.ID, By: vol, Message: "https://example.org/map"})
	must("submit", err)
	_, err = w.s.work.workflow.Act(ctx, civhub.ActRequest{Action: civhub.ActApprove, AssignmentID: a.ID, By: beta})
	must("approve", err)
	must("endorse", w.s.work.hours.Endorse(ctx, w.beta.ID, vol, "data_entry", "Thank you.", beta))
	b, err := w.s.work.workflow.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: w.taskB.ID, By: oth})
	must("claim", err)
	_, err = w.s.work.workflow.Act(ctx, civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: b.ID, By: oth, Message: "https://example.org/sheet"})
	must("submit", err)
	must("message", w.s.work.conversation.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: w.taskB.ID, AuthorID: vol, Body: "Where are the forms?"}))
	must("message", w.s.work.conversation.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: w.taskB.ID, AuthorID: beta, FromOrg: true, Body: "In the shared folder."}))
	must("invite", w.s.orgs.Invite(ctx, w.alpha.ID, "invitee@example.org", civhub.MemberMember, w.people[orgAdmin].ID))
	req := &civhub.VerificationRequest{OrganizationID: w.alpha.ID, Evidence: "Registered cooperative since 2015."}
	must("verification", w.s.organizations.verifications.RequestVerification(ctx, req, w.people[orgAdmin].ID))
	must("track", w.s.radar.tracker.Track(ctx, w.alpha.ID, w.pub.ID, civhub.StageSaved, "", w.people[member].ID))
}

// pagePaths gives the paths to visit for each GET route: those of its rows in the authorization
// matrix, and the same pages of the verified organization beta, which has the most to show.
func pagePaths(f *fixture) map[string][]string {
	paths := map[string][]string{}
	for _, row := range matrix {
		if strings.HasPrefix(row.pattern, "GET ") || row.pattern == "/" {
			paths[row.pattern] = append(paths[row.pattern], row.path(f))
		}
	}
	for pattern, path := range map[string]string{
		"GET /orgs/{slug}":         "/orgs/beta",
		"GET /orgs/{slug}/members": "/orgs/beta/members",
		"GET /orgs/{slug}/audit":   "/orgs/beta/audit",
		"GET /orgs/{slug}/edit":    "/orgs/beta/edit",
		"GET /orgs/{slug}/radar":   "/orgs/beta/radar",
		"GET /needs/{id}/edit":     fmt.Sprintf("/needs/%d/edit", f.needA.ID),
		"GET /tasks/{id}/edit":     fmt.Sprintf("/tasks/%d/edit", f.taskA.ID),
		"GET /people/{person}":     fmt.Sprintf("/people/%d", f.people[otherOrg].ID),
	} {
		paths[pattern] = append(paths[pattern], path)
	}
	return paths
}

// checkMarkupShownAsText visits every page of the route table as every role. No page may contain
// an element the markup of a name made, and every piece of it must appear whole, as text; the
// pages known to show a name must show it so.
func checkMarkupShownAsText(t *testing.T, w *markupWorld) {
	paths := pagePaths(w.fixture)
	shown := map[string][]string{} // "role path" → the text of the page, for the checks below
	for _, pattern := range w.s.patterns {
		if !strings.HasPrefix(pattern, "GET ") && pattern != "/" {
			continue
		}
		if len(paths[pattern]) == 0 {
			t.Errorf("%s: no path to visit; give it a row in the authorization matrix", pattern)
			continue
		}
		for _, path := range paths[pattern] {
			for _, role := range roles {
				resp := w.do(role, http.MethodGet, path, nil)
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					continue
				}
				doc := webtest.Parse(t, resp.Body)
				if problems := markupProblems(doc); len(problems) > 0 {
					t.Errorf("GET %s as %s: %s (%d traces in all)", path, role, problems[0], len(problems))
				}
				shown[role+" "+path] = append(shown[role+" "+path], webtest.Text(doc.One("body")))
			}
		}
	}
	w.checkNamesShown(t, shown)
}

// markupProblems lists the traces of markup that ran as markup: elements it made, and text or
// attribute values that hold a piece of it but not all of it.
func markupProblems(doc *webtest.Doc) []string {
	var problems []string
	for _, n := range doc.All(`[class~="inj$"], [onerror], script`) {
		if n.Data != "script" || strings.Contains(webtest.Text(n), trace) {
			problems = append(problems, fmt.Sprintf("a <%s> element made by the markup of a name", n.Data))
		}
	}
	for _, n := range doc.All("*") {
		for _, a := range n.Attr {
			if strings.Contains(a.Val, trace) && !strings.Contains(a.Val, markup) {
				problems = append(problems, fmt.Sprintf("attribute %s of <%s> holds a piece of a name's markup: %q", a.Key, n.Data, a.Val))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode && strings.Contains(c.Data, trace) && !strings.Contains(c.Data, markup) {
				problems = append(problems, fmt.Sprintf("text in <%s> holds a piece of a name's markup: %q", n.Data, c.Data))
			}
		}
	}
	return problems
}

// checkNamesShown makes sure the test looked at the names where they are shown: every name shows
// somewhere, and each page below shows the names it is about, as text.
func (w *markupWorld) checkNamesShown(t *testing.T, shown map[string][]string) {
	t.Helper()
	for label, name := range w.names {
		found := false
		for _, texts := range shown {
			if slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, name) }) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s is shown as text on no page", label)
		}
	}
	person := func(role string) string {
		return w.names[fmt.Sprintf("Person%d", slices.Index(roles, role)-1)]
	}
	taskB := fmt.Sprintf("/tasks/%d", w.taskB.ID)
	for _, c := range []struct {
		role, path string
		names      []string
	}{
		// The conversation of a task, seen by the organization and by its volunteer.
		{otherOrg, taskB, []string{w.names["TaskB"], w.names["Orgbeta"], person(volunteer), person(other)}},
		{volunteer, taskB, []string{w.names["TaskB"], person(volunteer), person(otherOrg)}},
		{anon, taskB, []string{w.names["TaskB"], w.names["Orgbeta"]}},
		{anon, fmt.Sprintf("/needs/%d", w.needB.ID), []string{w.names["NeedB"], w.names["TaskB"]}},
		{anon, "/tasks", []string{w.names["TaskB"]}},
		{anon, "/orgs", []string{w.names["Orgalpha"], w.names["Orgbeta"]}},
		{anon, "/orgs/alpha", []string{w.names["Orgalpha"]}},
		{member, "/orgs/alpha/members", []string{person(member), person(orgAdmin)}},
		{anon, fmt.Sprintf("/people/%d", w.people[volunteer].ID), []string{person(volunteer)}},
		{volunteer, "/me", []string{w.names["TaskB"]}},
		{admin, "/admin/people", []string{person(volunteer), person(admin)}},
		{moderator, "/admin/verification", []string{w.names["Orgalpha"]}},
		{moderator, "/admin/resources", []string{w.names["Pending"]}},
		{anon, fmt.Sprintf("/resources/%d", w.pub.ID), []string{w.names["Published"]}},
	} {
		texts := shown[c.role+" "+c.path]
		if len(texts) == 0 {
			t.Errorf("GET %s as %s was not visited", c.path, c.role)
			continue
		}
		for _, name := range c.names {
			if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, name) }) {
				t.Errorf("GET %s as %s does not show %q as text", c.path, c.role, name)
			}
		}
	}
}

// TestMarkupProblems shows that the check finds markup that ran as markup and nothing else: the
// name escaped passes, the name pasted raw into text or into an attribute is caught, and base64
// that happens to hold the letters "inj" is not mistaken for a trace.
func TestMarkupProblems(t *testing.T) {
	escaped := html.EscapeString(markup)
	for _, c := range []struct {
		page string
		want bool
	}{
		{`<p>Amina ` + escaped + `</p><a title="` + escaped + `">x</a>`, false},
		{`<img src="data:image/png;base64,iVBORinjw0KGgo">`, false},
		{`<p>Amina ` + markup + `</p>`, true},
		{`<a title="Amina ` + markup + `">x</a>`, true},
		{`<input value='Amina ` + markup + `'>`, true},
	} {
		doc := webtest.Parse(t, strings.NewReader(c.page))
		if got := len(markupProblems(doc)) > 0; got != c.want {
			t.Errorf("%s: problems found %v, want %v", c.page, got, c.want)
		}
	}
}
