package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestChallengeLifecycle follows a need made into a challenge: refused for vetting while its canvas
// is thin, sent back with feedback its writer is told, vetted and sized, followed, taken by an
// event (which opens it, and its followers hear), and archived. Every move is in its history.
func TestChallengeLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		challenges := sqldb.NewChallengeService(db)
		challenges.SetNotes(w.notes)
		curator, fan := verifiedPerson(t, db, "kofi@example.org"), verifiedPerson(t, db, "priya@example.org")
		if err := challenges.SetCurator(ctx, curator.ID, true, curator.ID); err != nil {
			t.Fatal(err)
		}
		c := &civhub.Challenge{Slug: "mapa-de-albergues", OrganizationID: w.org.ID, NeedID: w.need.ID, Title: "Un mapa de albergues",
			Today: w.need.Description, Languages: []string{"es"}}
		if err := challenges.CreateChallenge(ctx, c, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := challenges.MoveChallenge(ctx, c.ID, civhub.MoveSubmit, "", "", w.owner.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("submitting a thin canvas: %v", err)
		}
		c.Affected, c.Today = "Familias de los cerros de Valparaíso.", "Nadie sabe dónde están los albergues abiertos."
		c.Outcome, c.Measure = "Un mapa que funciona sin conexión.", "Cuántas familias lo abren en un simulacro."
		if err := challenges.UpdateChallenge(ctx, c, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := challenges.MoveChallenge(ctx, c.ID, civhub.MoveVet, civhub.SizeWeekend, "", curator.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("vetting before it is submitted: %v", err)
		}
		if err := challenges.MoveChallenge(ctx, c.ID, civhub.MoveSubmit, "", "", w.owner.ID); err != nil {
			t.Fatal(err)
		}
		waiting, err := challenges.ListChallenges(ctx, civhub.ChallengeFilter{Waiting: true})
		if err != nil || len(waiting) != 1 || waiting[0].ID != c.ID {
			t.Fatalf("the curators' queue: %v %v", waiting, err)
		}
		if err := challenges.MoveChallenge(ctx, c.ID, civhub.MoveReturn, "", "", curator.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("sending back without feedback: %v", err)
		}
		if err := challenges.MoveChallenge(ctx, c.ID, civhub.MoveReturn, "", "Decid qué datos de albergues existen ya.", curator.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := challenges.FindChallenge(ctx, c.Slug)
		if got.Status != civhub.ChallengeDraft || got.Submitted != nil || got.Feedback == "" {
			t.Fatalf("sent back: %+v", got)
		}
		inbox, err := w.notes.Notifications(ctx, w.owner.ID, 0, false, 10)
		if err != nil || len(inbox) == 0 || inbox[0].Kind != civhub.NoteChallengeReturned || inbox[0].Path() != "/challenges/mapa-de-albergues" {
			t.Fatalf("the writer's inbox: %+v %v", inbox, err)
		}
		c.Data = "La lista de albergues de la municipalidad, en PDF."
		if err := challenges.UpdateChallenge(ctx, c, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := challenges.MoveChallenge(ctx, c.ID, civhub.MoveSubmit, "", "", w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := challenges.MoveChallenge(ctx, c.ID, civhub.MoveVet, "a fortnight", "", curator.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("vetting with an unknown size: %v", err)
		}
		if err := challenges.MoveChallenge(ctx, c.ID, civhub.MoveVet, civhub.SizeWeekend, "", curator.ID); err != nil {
			t.Fatal(err)
		}
		if err := challenges.Follow(ctx, c.ID, fan.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := challenges.Follow(ctx, c.ID, fan.ID, true); err != nil { // twice is once
			t.Fatal(err)
		}
		events := sqldb.NewEventService(db)
		camp := techCamp(t, events, w.owner.ID, "hackaton-valparaiso", 50)
		if err := challenges.TakeChallenge(ctx, camp.ID, c.ID, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := challenges.TakeChallenge(ctx, camp.ID, c.ID, w.owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("taking it twice: %v", err)
		}
		got, _ = challenges.FindChallenge(ctx, c.Slug)
		if got.Status != civhub.ChallengeOpen || got.Size != civhub.SizeWeekend || got.Followers != 1 || got.CuratedBy != curator.ID {
			t.Fatalf("taken by an event: %+v", got)
		}
		inbox, err = w.notes.Notifications(ctx, fan.ID, 0, false, 10)
		if err != nil || len(inbox) != 1 || inbox[0].Kind != civhub.NoteChallengeMoved || inbox[0].Task != c.Title {
			t.Fatalf("the follower's inbox: %+v %v", inbox, err)
		}
		taken, err := challenges.EventChallenges(ctx, camp.ID)
		if err != nil || len(taken) != 1 || taken[0].ID != c.ID {
			t.Fatalf("the event's challenges: %v %v", taken, err)
		}
		if list, err := challenges.ChallengeEvents(ctx, c.ID); err != nil || len(list) != 1 || list[0].ID != camp.ID {
			t.Fatalf("the challenge's events: %v %v", list, err)
		}
		public, err := challenges.ListChallenges(ctx, civhub.ChallengeFilter{Language: "es", Size: civhub.SizeWeekend, Query: "ALBERGUES"})
		if err != nil || len(public) != 1 {
			t.Fatalf("the public list: %v %v", public, err)
		}
		if err := challenges.MoveChallenge(ctx, c.ID, civhub.MoveArchive, "", "", w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := challenges.TakeChallenge(ctx, camp.ID+1, c.ID, w.owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("taking an archived challenge: %v", err)
		}
		history, err := challenges.History(ctx, c.ID)
		var moves []string
		for _, h := range history {
			moves = append(moves, h.Move)
		}
		if want := "create submit return submit vet open archive"; err != nil || strings.Join(moves, " ") != want {
			t.Fatalf("history: %q, want %q (%v)", strings.Join(moves, " "), want, err)
		}
		if public, _ := challenges.ListChallenges(ctx, civhub.ChallengeFilter{}); len(public) != 0 {
			t.Fatalf("an archived challenge is listed: %v", public)
		}
	})
}

// TestChallengesOfHiddenOrganizations: the challenges of an organization in at-risk mode are not
// listed for everyone, and a challenge cannot be made from another organization's need.
func TestChallengesOfHiddenOrganizations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		orgs := newOrgs(t, db)
		hidden := newOrg(t, orgs, w.owner, "defensoras", true)
		challenges := sqldb.NewChallengeService(db)
		c := &civhub.Challenge{Slug: "alertas", OrganizationID: hidden.ID, NeedID: w.need.ID, Title: "Alertas seguras"}
		if err := challenges.CreateChallenge(ctx, c, w.owner.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a challenge from another organization's need: %v", err)
		}
		c.NeedID = 0
		c.Affected, c.Today, c.Outcome, c.Measure = "Defensoras en zonas rurales.", "Avisos por WhatsApp, inseguros.", "Alertas cifradas.", "Tiempo de aviso."
		if err := challenges.CreateChallenge(ctx, c, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		for _, m := range []civhub.ChallengeMove{civhub.MoveSubmit, civhub.MoveVet} {
			if err := challenges.MoveChallenge(ctx, c.ID, m, civhub.SizeMonths, "", w.owner.ID); err != nil {
				t.Fatal(err)
			}
		}
		if list, err := challenges.ListChallenges(ctx, civhub.ChallengeFilter{}); err != nil || len(list) != 0 {
			t.Fatalf("an at-risk organization's challenge is listed: %v %v", list, err)
		}
	})
}
