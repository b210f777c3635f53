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
