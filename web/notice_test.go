package web

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"civhub"
	"civhub/sqldb"
)

// engagementSteps are the workflow steps people take on an engagement from the task page.
var engagementSteps = []string{civhub.ActWithdraw, civhub.ActAccept, civhub.ActDecline, civhub.ActStart,
	civhub.ActSubmit, civhub.ActReturn, civhub.ActApprove, civhub.ActCancel}

// TestEveryStepHasItsNotice fails when a step would answer nothing, or the same words as another
// step, in any language.
func TestEveryStepHasItsNotice(t *testing.T) {
	catalog, err := testCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range catalog.Locales() {
		said := map[string]string{}
		for _, step := range engagementSteps {
			id := stepNotices[step]
			text := l.T(id)
			if id == "" || text == id {
				t.Errorf("%s: the step %q has no notice", l.Code, step)
				continue
			}
			if other, ok := said[text]; ok {
				t.Errorf("%s: the steps %q and %q both answer %q", l.Code, other, step, text)
			}
			said[text] = step
		}
	}
}

// TestStepNoticesSayWhatHappened takes a task from claim to confirmed hours and reads the notice
// after each step: each names what happened and what comes next.
func TestStepNoticesSayWhatHappened(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d) // beta is verified; its task takes claims
			en := f.s.catalog.Locale("en")
			taskPath := fmt.Sprintf("/tasks/%d", f.taskB.ID)
			after := func(role, path string, form url.Values, want string) {
				t.Helper()
				if where := f.post(t, role, path, form); where != taskPath {
					t.Fatalf("POST %s sends the browser to %q, want the task", path, where)
				}
				checkFlash(t, f.page(t, role, taskPath), en.T(want))
			}
			after(volunteer, taskPath+"/join", nil, "task.claim.done")
			mine, err := f.s.work.workflow.VolunteerAssignment(context.Background(), f.taskB.ID, f.people[volunteer].ID)
			if err != nil {
				t.Fatal(err)
			}
			step := fmt.Sprintf("%s/assignments/%d/", taskPath, mine.ID)
			after(volunteer, step+civhub.ActStart, nil, "task.step.start")
			if got := en.T("task.step.start"); got == "Done." {
				t.Fatal("starting a task still answers as if it were finished")
			}
			after(volunteer, taskPath+"/hours", url.Values{"hours": {"1.5"}}, "hours.logged")
			after(volunteer, step+civhub.ActSubmit, url.Values{"message": {"The sheet: https://example.org/sheet"}}, "task.step.submit")
			after(otherOrg, step+civhub.ActReturn, url.Values{"message": {"Please add the last street."}}, "task.step.return")
			after(volunteer, step+civhub.ActSubmit, url.Values{"message": {"Added."}}, "task.step.submit")
			after(otherOrg, step+civhub.ActApprove, nil, "task.step.approve")
			entries, err := f.s.work.hours.TaskHours(context.Background(), f.taskB.ID)
			if err != nil || len(entries) != 1 {
				t.Fatalf("%d hours entries, %v", len(entries), err)
			}
			after(otherOrg, fmt.Sprintf("%s/hours/%d/confirm", taskPath, entries[0].ID), nil, "hours.decided.confirm")
		})
	}
}

// TestMemberAndAdminNoticesSayWhatHappened reads the notice after changes to an organization's
// members and to an account, which used to answer a bare "Saved.".
func TestMemberAndAdminNoticesSayWhatHappened(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			en := f.s.catalog.Locale("en")
			vol := f.people[volunteer].ID
			for _, c := range []struct {
				role, path string
				form       url.Values
				back, want string
			}{
				{orgAdmin, "/orgs/alpha/members/invite", url.Values{"email": {"new@example.org"}, "role": {civhub.MemberMember}},
					"/orgs/alpha/members", "org.members.invite_sent"},
				{orgAdmin, fmt.Sprintf("/orgs/alpha/members/%d/role", f.people[member].ID), url.Values{"role": {civhub.MemberAdmin}},
					"/orgs/alpha/members", "org.members.role_changed"},
				{admin, fmt.Sprintf("/admin/people/%d/disabled", vol), url.Values{"disabled": {"true"}}, "/admin/people", "admin.people.now_disabled"},
				{admin, fmt.Sprintf("/admin/people/%d/disabled", vol), url.Values{"disabled": {"false"}}, "/admin/people", "admin.people.now_enabled"},
			} {
				if where := f.post(t, c.role, c.path, c.form); where != c.back {
					t.Fatalf("POST %s sends the browser to %q, want %q", c.path, where, c.back)
				}
				checkFlash(t, f.page(t, c.role, c.back), en.T(c.want))
			}
		})
	}
}
