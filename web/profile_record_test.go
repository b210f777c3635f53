package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestProfileRecord: a volunteer's public profile shows their confirmed hours, tasks and
// endorsements as their visibility setting allows, and to each viewer only the work for
// organizations that viewer may see: work for an organization in at-risk mode shows to its members
// alone, and the totals count only what is shown. On both databases.
func TestProfileRecord(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			ctx := context.Background()
			vol := f.people[volunteer]
			// The volunteer works for gamma while it is visible, then gamma turns to at-risk mode.
			setAtRisk := func(atRisk bool) {
				t.Helper()
				f.gamma.AtRisk = atRisk
				if err := f.s.orgs.UpdateOrganization(ctx, f.gamma, f.people[orgAdmin].ID); err != nil {
					t.Fatal(err)
				}
			}
			setAtRisk(false)
			f.verify(t, f.gamma, f.people[orgAdmin])
			_, secret := f.needWithTask(t, f.gamma, f.people[orgAdmin])
			f.confirmWork(t, volunteer, f.taskB)
			f.confirmWorkFor(t, volunteer, secret, orgAdmin)
			for org, by := range map[int64]string{f.beta.ID: otherOrg, f.gamma.ID: orgAdmin} {
				if err := f.s.work.hours.Endorse(ctx, org, vol.ID, "data_entry", fmt.Sprintf("Thanks from %d", org), f.people[by].ID); err != nil {
					t.Fatal(err)
				}
			}
			// The volunteer finished a course too: it shows with the record, to whoever sees the record.
			course, err := f.s.learning.courses.FindCourse(ctx, "safe-accounts", "en")
			if err != nil {
				t.Fatal(err)
			}
			lesson := course.Lessons[0]
			if done, err := f.s.learning.courses.TakeQuiz(ctx, &civhub.Attempt{PersonID: vol.ID, CourseID: course.ID, LessonID: lesson.ID,
				Answers: []civhub.Answer{{QuestionID: lesson.Questions[0].ID, Chosen: lesson.Questions[0].Correct}}}); err != nil || !done {
				t.Fatalf("the course: %v, %v", done, err)
			}
			setAtRisk(true)
			path := fmt.Sprintf("/people/%d", vol.ID)
			record := func(role string) string {
				t.Helper()
				doc := webtest.Parse(t, f.do(role, methodGet, path, nil).Body)
				if len(doc.All("#record-h")) == 0 {
					return ""
				}
				return doc.Text(`section[aria-labelledby="record-h"]`)
			}
			// totals reads the record's confirmed hours, tasks and organizations as role sees them.
			totals := func(role string) string {
				t.Helper()
				doc := webtest.Parse(t, f.do(role, methodGet, path, nil).Body)
				var out []string
				for _, n := range doc.All(`section[aria-labelledby="record-h"] dd`) {
					out = append(out, webtest.Text(n))
				}
				return strings.Join(out, " ")
			}

			for _, role := range []string{anon, other, otherOrg} {
				got := record(role)
				if !strings.Contains(got, "2.5") || !strings.Contains(got, f.taskB.Title) || !strings.Contains(got, f.beta.Name) || !strings.Contains(got, course.Title) ||
					!strings.Contains(got, fmt.Sprintf("Thanks from %d", f.beta.ID)) {
					t.Fatalf("%s sees %q, want the work for beta", role, got)
				}
				if got := totals(role); got != "2.5 1 1" {
					t.Fatalf("%s sees the totals %q, want 2.5 1 1: they count work for an at-risk organization", role, got)
				}
				for _, hidden := range []string{secret.Title, f.gamma.Name, fmt.Sprintf("Thanks from %d", f.gamma.ID)} {
					if strings.Contains(got, hidden) {
						t.Fatalf("%s sees %q in %q: work for an at-risk organization, or totals that count it", role, hidden, got)
					}
				}
			}
			if got := record(member); !strings.Contains(got, secret.Title) || totals(member) != "5 2 2" {
				t.Fatalf("gamma's member sees %q (%s), want gamma's work too", got, totals(member))
			}
			if got := record(volunteer); !strings.Contains(got, secret.Title) {
				t.Fatalf("the volunteer sees %q on their own profile, want everything", got)
			}

			setRecord := func(v civhub.Visibility) {
				t.Helper()
				p, err := f.s.account.profiles.FindProfile(ctx, vol.ID)
				if err != nil {
					t.Fatal(err)
				}
				p.Visibility = map[string]civhub.Visibility{civhub.PartRecord: v}
				if err := f.s.account.profiles.SaveProfile(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			setRecord(civhub.VisibleMembers)
			if got := record(anon); got != "" {
				t.Fatalf("shown to members only, a visitor sees %q", got)
			}
			if got := record(other); !strings.Contains(got, f.taskB.Title) {
				t.Fatalf("shown to members, a member sees %q", got)
			}
			setRecord(civhub.VisiblePartners)
			for _, role := range []string{anon, other, otherOrg, member, admin} {
				doc := webtest.Parse(t, f.do(role, methodGet, path, nil).Body)
				if got := doc.Text("main"); len(doc.All("#record-h")) != 0 || strings.Contains(got, f.taskB.Title) || strings.Contains(got, "2.5") {
					t.Fatalf("hidden from all but partners, %s sees %q", role, got)
				}
			}
			if got := record(volunteer); !strings.Contains(got, f.taskB.Title) {
				t.Fatalf("the volunteer no longer sees their own record: %q", got)
			}
			doc := webtest.Parse(t, f.do(volunteer, methodGet, "/account/profile", nil).Body)
			if webtest.Attr(doc.One(`#vis-record option[selected]`), "value") != string(civhub.VisiblePartners) {
				t.Fatal("the profile form does not show who sees the record")
			}
			// Kept for the volunteer alone: nobody else sees it, moderators and administrators included.
			setRecord(civhub.VisibleOnlyMe)
			for _, role := range []string{anon, other, otherOrg, member, orgAdmin, moderator, admin} {
				doc := webtest.Parse(t, f.do(role, methodGet, path, nil).Body)
				if got := doc.Text("main"); len(doc.All("#record-h")) != 0 || strings.Contains(got, f.taskB.Title) || strings.Contains(got, "2.5") ||
					strings.Contains(got, course.Title) {
					t.Fatalf("kept for the volunteer alone, %s sees %q", role, got)
				}
			}
			if got := record(volunteer); !strings.Contains(got, f.taskB.Title) {
				t.Fatalf("the volunteer no longer sees their own record: %q", got)
			}
			doc = webtest.Parse(t, f.do(volunteer, methodGet, "/account/profile", nil).Body)
			if webtest.Attr(doc.One(`#vis-record option[selected]`), "value") != string(civhub.VisibleOnlyMe) {
				t.Fatal("the profile form does not show that the record is kept for the volunteer alone")
			}
		})
	}
}
