package sqldb_test

import (
	"context"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestSuggestVolunteers: volunteers are suggested from what their profile shows to members, never
// the organization's own team, those already on the task or disabled accounts; an invitation goes
// once; a new task is suggested once, in the volunteers' digests.
func TestSuggestVolunteers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		profiles := newProfiles(t, db)
		people := sqldb.NewPersonService(db)
		task := w.task(t, "Cargar fichas de albergues", "data_entry", 3, func(x *civhub.Task) {
			x.Skills, x.Languages = []string{"data_entry"}, []string{"es"}
		})
		profile := func(email string, p civhub.Profile) *civhub.Person {
			person := verifiedPerson(t, db, email)
			p.PersonID = person.ID
			if err := profiles.SaveProfile(ctx, &p); err != nil {
				t.Fatal(err)
			}
			return person
		}
		spanish := []civhub.LanguageSkill{{Code: "es", Level: "native"}}
		ana := profile("ana@example.org", civhub.Profile{Skills: []string{"data_entry"}, Languages: spanish, HoursPerWeek: 4})
		profile("hidden@example.org", civhub.Profile{Skills: []string{"data_entry"},
			Visibility: map[string]civhub.Visibility{civhub.PartSkills: civhub.VisiblePartners}})
		bo := profile("bo@example.org", civhub.Profile{Languages: spanish})
		applied := profile("applied@example.org", civhub.Profile{Skills: []string{"data_entry"}, Languages: spanish})
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: applied.ID}); err != nil {
			t.Fatal(err)
		}
		gone := profile("gone@example.org", civhub.Profile{Skills: []string{"data_entry"}, Languages: spanish})
		if err := people.SetDisabled(ctx, gone.ID, true, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := profiles.SaveProfile(ctx, &civhub.Profile{PersonID: w.owner.ID, Skills: []string{"data_entry"}, Languages: spanish}); err != nil {
			t.Fatal(err)
		}

		got, err := w.needs.SuggestVolunteers(ctx, task.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].PersonID != ana.ID || got[1].PersonID != bo.ID || got[0].Name == "" {
			t.Fatalf("suggestions %+v, want ana then bo", got)
		}
		keys := map[string]bool{}
		for _, r := range got[0].Reasons {
			keys[r.Key] = true
		}
		if !keys["match.them.skills"] || !keys["match.them.languages"] || !keys["match.them.hours"] || !keys["match.them.free"] {
			t.Fatalf("ana's reasons %+v", got[0].Reasons)
		}

		if err := w.needs.InviteVolunteer(ctx, task.ID, ana.ID, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.InviteVolunteer(ctx, task.ID, ana.ID, w.owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("inviting twice: %v", err)
		}
		if err := w.needs.InviteVolunteer(ctx, task.ID, 999999, w.owner.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("inviting nobody: %v", err)
		}
		if n := inbox(t, w.notes, ana.ID); len(n) != 1 || n[0].Kind != civhub.NoteInvited {
			t.Fatalf("ana's inbox: %+v", n)
		}
		if kinds, _ := mails(t, db, ana.ID); len(kinds) != 1 {
			t.Fatalf("an invitation asks for action and is mailed at once: %v", kinds)
		}

		if n, err := w.needs.MatchNewTasks(ctx); err != nil || n != 1 {
			t.Fatalf("matched %d tasks, %v", n, err)
		}
		if n, err := w.needs.MatchNewTasks(ctx); err != nil || n != 0 {
			t.Fatalf("matched again: %d, %v", n, err)
		}
		for _, p := range []int64{ana.ID, bo.ID} {
			if n := count(t, db, `SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND kind = $2 AND digest_at IS NOT NULL`,
				p, civhub.NoteNewMatch); n != 1 {
				t.Errorf("person %d has %d new matches waiting for the digest, want 1", p, n)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = $1`, civhub.NoteNewMatch); n != 2 {
			t.Errorf("%d new-match notifications, want 2", n)
		}
		// Those suggested go to the back of the rotation: the next candidates are others.
		if n := count(t, db, `SELECT COUNT(*) FROM profile_languages WHERE suggested > 0`); n != 2 {
			t.Errorf("%d volunteers moved back in the rotation, want ana and bo", n)
		}
		var first int64
		if err := db.Writer().QueryRowContext(ctx, `SELECT person_id FROM profile_languages WHERE code = 'es'
			ORDER BY suggested, person_id LIMIT 1`).Scan(&first); err != nil || first == ana.ID || first == bo.ID {
			t.Errorf("the first Spanish speaker in the rotation is %d, %v; want neither ana nor bo", first, err)
		}
	})
}

// TestRecommendTasks: a volunteer is recommended the listed tasks that suit them, never those they
// joined or their own organization's; a task that names no language is done in its need's
// languages, else its organization's, and its effort is weighed against their hours a week, on
// both sides of matching.
func TestRecommendTasks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db) // the organization works in Spanish; its need names no language
		profiles := newProfiles(t, db)
		profile := func(email string, p civhub.Profile) *civhub.Person {
			person := verifiedPerson(t, db, email)
			p.PersonID = person.ID
			if err := profiles.SaveProfile(ctx, &p); err != nil {
				t.Fatal(err)
			}
			return person
		}
		ana := profile("ana@example.org", civhub.Profile{Skills: []string{"data_entry"}, HoursPerWeek: 4,
			Languages: []civhub.LanguageSkill{{Code: "es", Level: "native"}}})
		kim := profile("kim@example.org", civhub.Profile{Skills: []string{"data_entry"}, HoursPerWeek: 10,
			Languages: []civhub.LanguageSkill{{Code: "en", Level: "fluent"}}})
		if err := profiles.SaveProfile(ctx, &civhub.Profile{PersonID: w.owner.ID, Skills: []string{"data_entry"},
			Languages: []civhub.LanguageSkill{{Code: "es", Level: "native"}}}); err != nil {
			t.Fatal(err)
		}
		spanish := w.task(t, "Cargar fichas de albergues", "data_entry", 2, func(x *civhub.Task) {
			x.Skills, x.EstimatedHours = []string{"data_entry"}, 8
		})
		joined := w.task(t, "Cargar fichas de voluntarios", "data_entry", 2, func(x *civhub.Task) { x.Skills = []string{"data_entry"} })
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: joined.ID, By: ana.ID}); err != nil {
			t.Fatal(err)
		}
		english := &civhub.Need{OrganizationID: w.org.ID, Title: "Guide for visitors", Description: "In English.",
			Languages: []string{"en"}, Remote: true, Status: civhub.NeedOpen}
		if err := w.needs.CreateNeed(ctx, english, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		englishTask := &civhub.Task{NeedID: english.ID, Title: "Type in the visitors' guide", Type: "data_entry", Skills: []string{"data_entry"},
			EstimatedHours: 8, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 48}
		if err := w.needs.CreateTask(ctx, englishTask, w.owner.ID); err != nil {
			t.Fatal(err)
		}

		reasons := func(r []civhub.Reason) map[string]civhub.Reason {
			out := map[string]civhub.Reason{}
			for _, x := range r {
				out[x.Key] = x
			}
			return out
		}
		recs, err := w.needs.RecommendTasks(ctx, ana.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].Task.ID != spanish.ID {
			t.Fatalf("ana's recommendations %+v, want only the Spanish task she has not joined", recs)
		}
		why := reasons(recs[0].Reasons)
		if l := why["match.languages"]; len(l.IDs) != 1 || l.IDs[0] != "es" {
			t.Errorf("ana's reasons %+v: want the organization's Spanish", recs[0].Reasons)
		}
		if p := why["match.pace.weeks"]; p.Weeks != 2 || p.Number != 8 {
			t.Errorf("ana's reasons %+v: want 8 hours in about 2 weeks at 4 hours a week", recs[0].Reasons)
		}
		if _, ok := why["match.hours"]; ok {
			t.Errorf("an 8-hour task fits the week of someone with 4 hours: %+v", recs[0].Reasons)
		}
		recs, err = w.needs.RecommendTasks(ctx, kim.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].Task.ID != englishTask.ID {
			t.Fatalf("kim's recommendations %+v, want only the task of the need in English", recs)
		}
		if why := reasons(recs[0].Reasons); why["match.hours"].Number != 8 || why["match.languages"].IDs[0] != "en" {
			t.Errorf("kim's reasons %+v: want English and 8 hours that fit 10 a week", recs[0].Reasons)
		}
		if recs, err := w.needs.RecommendTasks(ctx, w.owner.ID, 10); err != nil || len(recs) != 0 {
			t.Fatalf("the organization's owner was recommended its own tasks: %+v, %v", recs, err)
		}
		if recs, err := w.needs.RecommendTasks(ctx, 999999, 10); err != nil || len(recs) != 0 {
			t.Fatalf("somebody without a profile: %+v, %v", recs, err)
		}

		got, err := w.needs.SuggestVolunteers(ctx, spanish.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].PersonID != ana.ID {
			t.Fatalf("suggestions for the Spanish task %+v, want ana alone", got)
		}
		if why := reasons(got[0].Reasons); why["match.them.pace.weeks"].Weeks != 2 || why["match.them.languages"].IDs[0] != "es" {
			t.Errorf("ana's reasons %+v: want Spanish and about 2 weeks at her pace", got[0].Reasons)
		}
	})
}
