package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestCrisisLifecycle: a coordinator activates a crisis with a partner; the partner publishes its
// urgent tasks in one step (a translation for each of the crisis's other languages); the board
// shows them open, with gaps, then a volunteer on one; others may not publish; stand-down closes
// it and its after-action report counts what was asked and done.
func TestCrisisLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		crises := sqldb.NewCrisisService(db, w.needs, func(id string) bool { return id == "translation" || id == "mapping" })
		kofi := verifiedPerson(t, db, "kofi@example.org")
		c := &civhub.Crisis{Slug: "sismo-valparaiso", Kind: "earthquake", Title: "Sismo en Valparaíso", Countries: []string{"cl"},
			Languages: []string{"es", "ht"}, Skills: []string{"translation", "mapping"}, Templates: []string{"translate_health", "map_area"},
			Drill: true, LifeSafety: true}
		if err := crises.ActivateCrisis(ctx, &civhub.Crisis{Kind: "meteor", Slug: "x"}, nil, kofi.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an unknown kind, no title, no country: %v", err)
		}
		if err := crises.ActivateCrisis(ctx, c, []int64{w.org.ID}, kofi.ID); err != nil {
			t.Fatal(err)
		}
		if c.Status != civhub.CrisisActive || c.LifeSafety || len(c.Partners) != 1 || c.Partners[0].Slug != "valparaiso" {
			t.Fatalf("activated: %+v", c)
		}
		again := *c
		if err := crises.ActivateCrisis(ctx, &again, nil, kofi.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("the same name twice: %v", err)
		}
		// Priya is on standby for Chile in translation; Omar for Kenya; Lena from anywhere in mapping.
		roster := sqldb.NewStandbyService(db, func(string) bool { return true })
		for _, p := range []struct {
			email    string
			pledge   civhub.StandbyPledge
			matching bool
		}{
			{"priya@example.org", civhub.StandbyPledge{Countries: []string{"CL"}, Skills: []string{"translation"}}, true},
			{"omar@example.org", civhub.StandbyPledge{Countries: []string{"KE"}, Skills: []string{"translation"}}, false},
			{"lena@example.org", civhub.StandbyPledge{Anywhere: true, Skills: []string{"mapping"}}, true},
			{"sam@example.org", civhub.StandbyPledge{Countries: []string{"CL"}, Skills: []string{"grant_writing"}, Languages: []string{"fr"}}, false},
		} {
			pl := p.pledge
			pl.PersonID, pl.Channels, pl.FirstWeekHours = verifiedPerson(t, db, p.email).ID, []string{"email"}, 5
			if err := roster.SavePledge(ctx, &pl); err != nil {
				t.Fatal(err)
			}
			if pl.Matches(c) != p.matching {
				t.Errorf("%s matches: %v", p.email, !p.matching)
			}
		}
		text := func(tpl, target string) (string, string) {
			return fmt.Sprintf("Tarea %s %s urgente", tpl, target), "Detalles."
		}
		other := newOrg(t, newOrgs(t, db), kofi, "otra", false)
		if _, err := crises.PublishCrisisTasks(ctx, c.ID, other.ID, []string{"map_area"}, "es", text, kofi.ID); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
			t.Fatalf("an organization that is not a partner: %v", err)
		}
		need, err := crises.PublishCrisisTasks(ctx, c.ID, w.org.ID, []string{"translate_health", "map_area"}, "es", text, w.owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		tasks, err := w.needs.NeedTasks(ctx, need.ID)
		if err != nil || len(tasks) != 2 {
			t.Fatalf("the tasks: %+v %v", tasks, err)
		}
		var translation *civhub.Task
		for _, tk := range tasks {
			if tk.Urgency != civhub.UrgencyUrgent || tk.Status != civhub.TaskOpen || tk.JoinMode != civhub.JoinClaim {
				t.Fatalf("a crisis task: %+v", tk)
			}
			if tk.Type == civhub.TaskTranslation {
				translation = tk
			}
		}
		if translation == nil || translation.SourceLanguage != "es" || translation.TargetLanguage != "ht" {
			t.Fatalf("the translation: %+v", translation)
		}
		s, err := crises.Situation(ctx, c.ID)
		if err != nil || s.Stages[civhub.BoardOpen] != 2 || s.Volunteers != 0 || s.Standby != 2 {
			t.Fatalf("the board: %+v %v", s, err)
		}
		gap := func(lines []civhub.SituationLine, id string) bool {
			for _, l := range lines {
				if l.ID == id {
					return l.Gap
				}
			}
			t.Fatalf("%s is not on the board: %+v", id, lines)
			return false
		}
		if !gap(s.Languages, "ht") || !gap(s.Skills, "translation") || !gap(s.Skills, "mapping") {
			t.Fatalf("gaps: %+v %+v", s.Languages, s.Skills)
		}
		ana := verifiedPerson(t, db, "ana@example.org")
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: translation.ID, By: ana.ID}); err != nil {
			t.Fatal(err)
		}
		s, _ = crises.Situation(ctx, c.ID)
		if s.Stages[civhub.BoardOpen] != 1 || s.Stages[civhub.BoardClaimed] != 1 || s.Volunteers != 1 || gap(s.Languages, "ht") || !gap(s.Skills, "mapping") {
			t.Fatalf("after a claim: %+v %+v %+v", s, s.Languages, s.Skills)
		}
		if _, err := crises.AfterAction(ctx, c.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("the report of an active crisis: %v", err)
		}
		if err := crises.StandDown(ctx, c.ID, "Nos faltó un traductor al criollo haitiano la primera hora.", kofi.ID); err != nil {
			t.Fatal(err)
		}
		if err := crises.StandDown(ctx, c.ID, "", kofi.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("standing down twice: %v", err)
		}
		if _, err := crises.PublishCrisisTasks(ctx, c.ID, w.org.ID, []string{"map_area"}, "es", text, w.owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("publishing after the stand-down: %v", err)
		}
		// The mapping task nobody took closed with the stand-down; the translation Ana works on stays open.
		for _, tk := range tasks {
			got, err := w.needs.FindTask(ctx, tk.ID)
			if want := map[bool]string{true: civhub.TaskOpen, false: civhub.TaskClosed}[tk.ID == translation.ID]; err != nil || got.Status != want {
				t.Fatalf("task %d after the stand-down: %s, want %s (%v)", tk.ID, got.Status, want, err)
			}
		}
		r, err := crises.AfterAction(ctx, c.ID)
		if err != nil || r.Asked != 2 || r.Done != 0 || r.Volunteers != 1 || r.Organizations != 1 || r.FirstClaim <= 0 || r.Lasted <= 0 || r.Lessons == "" {
			t.Fatalf("the after-action report: %+v %v", r, err)
		}
		list, err := crises.ListCrises(ctx, 10)
		if err != nil || len(list) != 1 || list[0].Status != civhub.CrisisStoodDown {
			t.Fatalf("the list: %+v %v", list, err)
		}
	})
}
