package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestNeedTemplateFillsTheForm: posting a need starts with a choice of every example and a blank
// need; an example opens the need form filled in, with the tasks it will create listed and ready
// to change, and with buttons to publish or keep a draft instead of a status.
func TestNeedTemplateFillsTheForm(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	en := f.s.catalog.Locale("en")
	start := f.page(t, otherOrg, "/orgs/beta/needs/new")
	links := start.All(`ul.templates a`)
	if len(links) != len(civhub.NeedTemplates)+1 {
		t.Fatalf("the start page offers %d choices, want %d examples and a blank need", len(links), len(civhub.NeedTemplates))
	}
	if got := webtest.Attr(links[len(links)-1], "href"); got != "/orgs/beta/needs/new?template=blank" {
		t.Errorf("the last choice goes to %q, want the blank need", got)
	}
	if len(start.All(`form[action$="/needs/new"]`)) != 0 {
		t.Error("the start page holds the need form; it should only offer choices")
	}

	doc := f.page(t, otherOrg, "/orgs/beta/needs/new?template=translate")
	value := func(sel string) string { t.Helper(); return webtest.Attr(doc.One(sel), "value") }
	if got, want := value(`#f-title`), en.T("need.template.translate.title"); got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if got, want := doc.Text(`#f-description`), en.T("need.template.translate.details"); got != want {
		t.Errorf("description %q, want %q", got, want)
	}
	if got := value(`#f-country option[selected]`); got != "KE" {
		t.Errorf("the country starts at %q, want the organization's (KE)", got)
	}
	if got, want := value(`[name="task1.title"]`), en.T("need.template.translate.first.title"); got != want {
		t.Errorf("the first task's title %q, want %q", got, want)
	}
	if got := value(`[name="task1.type"] option[selected]`); got != civhub.TaskTranslation {
		t.Errorf("the first task's kind %q, want a translation", got)
	}
	if got := value(`[name="task1.skills"][checked]`); got != "translation" {
		t.Errorf("the first task's ticked skill %q, want translation", got)
	}
	if len(doc.All(`[name="task2.keep"][checked]`)) != 1 || len(doc.All(`[name^="task3."]`)) != 0 {
		t.Error("want the two tasks of the example, each ticked to be created")
	}
	if len(doc.All(`#f-status`)) != 0 {
		t.Error("a new need asks for a status")
	}
	for _, status := range []string{civhub.NeedOpen, civhub.NeedDraft} {
		if len(doc.All(`button[name="status"][value="`+status+`"]`)) != 1 {
			t.Errorf("no %s button", status)
		}
	}
	if blank := f.page(t, otherOrg, "/orgs/beta/needs/new?template=blank"); len(blank.All(`#f-title`)) != 1 || len(blank.All(`[name^="task1."]`)) != 0 {
		t.Error("the blank need is not an empty need form")
	}
	if other := f.page(t, otherOrg, "/orgs/beta/needs/new?template=nonsense"); len(other.All(`ul.templates`)) != 1 {
		t.Error("an unknown example does not lead back to the choice")
	}
}

// templateForm is what the need form filled from the "translate" example posts, with status.
func templateForm(status string) url.Values {
	return url.Values{"title": {"Translate our leaflet"}, "description": {"Two pages."}, "remote": {"yes"},
		"languages": {"fr", "ar"}, "template": {"translate"}, "status": {status},
		"task1.keep": {"yes"}, "task1.title": {"Translate the leaflet into Arabic"}, "task1.type": {civhub.TaskTranslation},
		"task1.source_language": {"fr"}, "task1.target_language": {"ar"}, "task1.skills": {"translation"},
		"task1.estimated_hours": {"5"}, "task1.volunteers_wanted": {"1"}, "task1.join_mode": {civhub.JoinApply},
		"task2.title": {"Read the translation over"}, "task2.type": {civhub.TaskTranslation},
		"task2.source_language": {"fr"}, "task2.target_language": {"ar"}, "task2.estimated_hours": {"2"},
		"task2.volunteers_wanted": {"1"}, "task2.join_mode": {civhub.JoinClaim}}
}

// TestCreateNeedFromTemplate posts a need with the tasks of an example: the ticked task is
// created with the need, the unticked one is not; Publish makes it open and Save as draft keeps it
// a draft; each notice says what happened and what comes next.
func TestCreateNeedFromTemplate(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			en := f.s.catalog.Locale("en")
			for _, tc := range []struct {
				name, role, slug, status, notice string
			}{
				{"Publish", otherOrg, "beta", civhub.NeedOpen, "need.kit.done"},
				{"Draft", otherOrg, "beta", civhub.NeedDraft, "need.kit.draft"},
				{"PublishWaitingForVerification", orgAdmin, "alpha", civhub.NeedOpen, "need.kit.waiting"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					form := templateForm(tc.status)
					form.Set("task1.deadline", "2031-03-14")
					path := f.post(t, tc.role, "/orgs/"+tc.slug+"/needs/new", form)
					checkFlash(t, f.page(t, tc.role, path), en.T(tc.notice))
					n, tasks := f.storedNeed(t, path)
					if n.Status != tc.status || n.Title != "Translate our leaflet" {
						t.Errorf("need %q is %s, want %s", n.Title, n.Status, tc.status)
					}
					if len(tasks) != 1 {
						t.Fatalf("%d tasks, want the ticked one alone", len(tasks))
					}
					task := tasks[0]
					if task.Title != "Translate the leaflet into Arabic" || task.TargetLanguage != "ar" || task.JoinMode != civhub.JoinApply ||
						task.EstimatedHours != 5 || strings.Join(task.Languages, ",") != "fr,ar" || strings.Join(task.Skills, ",") != "translation" ||
						task.Deadline == nil || task.Deadline.Format(time.DateOnly) != "2031-03-14" {
						t.Errorf("task stored as %+v", task)
					}
					if listed := tc.status == civhub.NeedOpen && tc.slug == "beta"; task.Listed != listed {
						t.Errorf("task listed %v, want %v", task.Listed, listed)
					}
				})
			}
			t.Run("BlankNeedPublishes", func(t *testing.T) {
				path := f.post(t, otherOrg, "/orgs/beta/needs/new", url.Values{"title": {"Plan the drill"}, "remote": {"yes"}, "status": {civhub.NeedOpen}})
				checkFlash(t, f.page(t, otherOrg, path), en.T("need.new.done"))
			})
		})
	}
}

// storedNeed reads the need at path, and its tasks, from storage.
func (f *fixture) storedNeed(t *testing.T, path string) (*civhub.Need, []*civhub.Task) {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/needs/"), 10, 64)
	if err != nil {
		t.Fatalf("redirected to %q, not a need", path)
	}
	n, err := f.s.posting.needs.FindNeed(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := f.s.posting.needs.NeedTasks(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return n, tasks
}

// TestNeedFromTemplateKeepsWhatWasTyped: a mistake in the need or in one of its tasks shows the
// form again with everything typed, the task at fault open with its problem, and nothing created.
func TestNeedFromTemplateKeepsWhatWasTyped(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			before, _ := f.s.posting.needs.OrganizationNeeds(context.Background(), f.beta.ID)
			form := templateForm(civhub.NeedOpen)
			form.Set("title", "Hi")
			form.Set("task1.estimated_hours", "a few")
			form.Set("task1.target_language", "fr") // the same as the source
			form.Set("task2.title", "Re-read it all")
			form.Set("task1.deadline", "next Friday")
			resp := f.do(otherOrg, methodPost, "/orgs/beta/needs/new", form)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", resp.StatusCode)
			}
			doc := webtest.Parse(t, resp.Body)
			for sel, want := range map[string]string{`#f-title`: "Hi", `[name="task1.estimated_hours"]`: "a few",
				`[name="task2.title"]`: "Re-read it all", `[name="task1.target_language"] option[selected]`: "fr",
				`[name="task1.deadline"]`: "next Friday"} {
				if got := webtest.Attr(doc.One(sel), "value"); got != want {
					t.Errorf("%s holds %q, want %q as typed", sel, got, want)
				}
			}
			for _, id := range []string{"f-title-error", "f-task1.estimated_hours-error", "f-task1.target_language-error", "f-task1.deadline-error"} {
				if len(doc.All(`[id="`+id+`"]`)) != 1 {
					t.Errorf("no problem shown at %s", id)
				}
			}
			if len(doc.All(`ol.drafts li:first-child details[open]`)) != 1 || len(doc.All(`ol.drafts li:nth-child(2) details[open]`)) != 0 {
				t.Error("want the task at fault open, the other closed")
			}
			if len(doc.All(`[name="task2.keep"][checked]`)) != 0 {
				t.Error("the unticked task came back ticked")
			}
			after, _ := f.s.posting.needs.OrganizationNeeds(context.Background(), f.beta.ID)
			if len(after) != len(before) {
				t.Errorf("%d needs after a refused form, want %d", len(after), len(before))
			}
		})
	}
}

// TestNeedFromTemplateOnlyForItsOrganization: only those who run the organization may post its
// needs, from an example or not; a wrong form token is refused; nothing is created either way.
func TestNeedFromTemplateOnlyForItsOrganization(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	count := func() int {
		needs, _ := f.s.posting.needs.OrganizationNeeds(context.Background(), f.beta.ID)
		return len(needs)
	}
	before := count()
	for _, role := range []string{anon, volunteer, member, orgAdmin} {
		if resp := f.do(role, methodGet, "/orgs/beta/needs/new?template=translate", nil); resp.StatusCode == http.StatusOK {
			t.Errorf("%s opens beta's need form", role)
		}
		if resp := f.do(role, methodPost, "/orgs/beta/needs/new", templateForm(civhub.NeedOpen)); resp.StatusCode < 400 {
			t.Errorf("%s posts beta's need: %d", role, resp.StatusCode)
		}
	}
	form := templateForm(civhub.NeedOpen)
	form.Set("csrf_token", wrongFormToken)
	if resp, _ := f.postBody(t, otherOrg, "/orgs/beta/needs/new", "application/x-www-form-urlencoded", strings.NewReader(form.Encode())); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a wrong form token: %d, want 403", resp.StatusCode)
	}
	if after := count(); after != before {
		t.Fatalf("%d needs, want %d: a refused post created one", after, before)
	}
}

// TestTaskFormForAPhone: adding a task starts with its kind; the form then offers the skills of
// that kind first and folds the rest, and the advanced fields, away.
func TestTaskFormForAPhone(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	base := "/needs/" + strconv.FormatInt(f.needB.ID, 10) + "/tasks/new"
	kinds := f.page(t, otherOrg, base).All(`ul.kinds a`)
	if len(kinds) != len(civhub.TaskTypes) {
		t.Fatalf("%d kinds offered, want %d", len(kinds), len(civhub.TaskTypes))
	}
	doc := f.page(t, otherOrg, webtest.Attr(kinds[4], "href"))
	if got := webtest.Attr(doc.One(`#f-type option[selected]`), "value"); got != civhub.TaskTypes[4] {
		t.Fatalf("the form's kind is %q, want %q", got, civhub.TaskTypes[4])
	}
	first := doc.All(`form > fieldset [name="skills"]`)
	if len(first) != len(civhub.SkillsForType("mapping")) || webtest.Attr(first[0], "value") != "mapping" {
		t.Errorf("%d skills offered first, want the %d of mapping", len(first), len(civhub.SkillsForType("mapping")))
	}
	if len(doc.All(`details [name="skills"][value="openstreetmap_editing"]`)) != 0 || len(doc.All(`details [name="skills"][value="data_entry"]`)) != 1 {
		t.Error("want mapping's skills first and the others folded")
	}
	if len(doc.All(`details #f-claim_hours`)) != 1 || len(doc.All(`details #f-urgency`)) != 1 {
		t.Error("the advanced fields are not folded away")
	}
	if len(doc.All(`#f-source_language`)) != 0 {
		t.Error("a mapping task asks for a language pair")
	}
	// Editing a task keeps its chosen skills in view, even one of another kind.
	task := f.taskB
	task.Skills = []string{"graphic_design"}
	if err := f.s.posting.needs.UpdateTask(context.Background(), task, f.people[otherOrg].ID); err != nil {
		t.Fatal(err)
	}
	edit := f.page(t, otherOrg, "/tasks/"+strconv.FormatInt(task.ID, 10)+"/edit")
	if len(edit.All(`form > fieldset [name="skills"][value="graphic_design"][checked]`)) != 1 {
		t.Error("the task's chosen skill is folded away")
	}
	if len(edit.All(`#f-status`)) != 1 {
		t.Error("editing a task has no status")
	}
}

// TestNeedTemplatesAPI lists the examples in the caller's language, each task with kinds and
// skills a client can post back as they are.
func TestNeedTemplatesAPI(t *testing.T) {
	s := newTestServer(t, nil)
	resp := get(t, s, "/api/v1/need-templates", "Accept-Language", "fr")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var out struct {
		Templates []apiNeedTemplate `json:"templates"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.Templates) != len(civhub.NeedTemplates) {
		t.Fatalf("%d templates, want %d", len(out.Templates), len(civhub.NeedTemplates))
	}
	first := out.Templates[0]
	if want := s.catalog.Locale("fr").T("need.template.translate.title"); first.ID != "translate" || first.Title != want {
		t.Errorf("first template %q %q, want translate %q", first.ID, first.Title, want)
	}
	if len(first.Tasks) == 0 || first.Tasks[0].Type != civhub.TaskTranslation || first.Tasks[0].Skills[0] != "translation" {
		t.Errorf("first template's tasks: %+v", first.Tasks)
	}
}

// TestCreateNeedWithTasksAPI posts a need with its tasks in one request, as a client filling an
// example would; a refused task is named by its place in the list, and leaves no need behind. On
// both databases.
func TestCreateNeedWithTasksAPI(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			count := func() int {
				var out struct {
					Needs []apiNeed `json:"needs"`
				}
				decodeJSON(t, f.api(otherOrg, methodGet, "/api/v1/orgs/beta/needs", ""), http.StatusOK, &out)
				return len(out.Needs)
			}
			before := count()
			bad := `{"title":"Traduire notre dépliant","description":"En arabe.","remote":true,"tasks":[
				{"title":"Traduire le dépliant","type":"translation_work","source_language":"fr","target_language":"ar","estimated_hours":4,"volunteers_wanted":1,"join_mode":"apply"},
				{"title":"Re","type":"translation_work","source_language":"fr","target_language":"fr","estimated_hours":2,"volunteers_wanted":1,"join_mode":"claim"}]}`
			resp := f.api(otherOrg, methodPost, "/api/v1/orgs/beta/needs", bad)
			body := readAll(t, resp)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"body.tasks[1].title"`) ||
				!strings.Contains(body, `"body.tasks[1].`) || strings.Contains(body, `"body.tasks[0].`) {
				t.Fatalf("a need with a bad second task: %d %s", resp.StatusCode, body)
			}
			if n := count(); n != before {
				t.Fatalf("the refused need was stored: %d needs, want %d", n, before)
			}
			good := strings.Replace(strings.Replace(bad, `"Re"`, `"Relire la traduction"`, 1), `"target_language":"fr"`, `"target_language":"ar"`, 1)
			var made apiNeed
			decodeJSON(t, f.api(otherOrg, methodPost, "/api/v1/orgs/beta/needs", good), http.StatusCreated, &made)
			if made.Status != civhub.NeedOpen || len(made.Tasks) != 2 || made.Tasks[0].Title != "Traduire le dépliant" ||
				made.Tasks[1].JoinMode != civhub.JoinClaim || made.Tasks[1].ClaimHours != defaultClaimHours {
				t.Fatalf("the need as stored: %+v", made)
			}
			if n := count(); n != before+1 {
				t.Fatalf("%d needs after posting one, want %d", n, before+1)
			}
		})
	}
}
