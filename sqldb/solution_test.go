package sqldb_test

import (
	"context"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestSolutionGallery: a handed-in project becomes a solution; another organization adopts it and
// opens, in the same step, a need with a task to set it up and one to translate it; the challenge
// it answers is solved, and the adoption shows on the solution and on the organization.
func TestSolutionGallery(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newHackathonWorld(t, db)
		w.challenges.SetNotes(w.notes)
		solutions := sqldb.NewSolutionService(db, w.needs, w.challenges)
		solutions.SetNotes(w.notes)
		ana := w.attendee(t, "ana@example.org")
		team := &civhub.Team{EventID: w.event.ID, Name: "Mapa vivo", ChallengeID: w.challenge.ID}
		if err := w.hack.CreateTeam(ctx, team, ana.ID); err != nil {
			t.Fatal(err)
		}
		p := &civhub.Project{TeamID: team.ID, Title: "Albergues offline", Repository: "https://git.example.org/albergues", Licence: "AGPL-3.0-or-later"}
		if err := w.hack.SaveProject(ctx, p, false, ana.ID); err != nil {
			t.Fatal(err)
		}
		so := &civhub.Solution{Slug: "albergues-offline", ProjectID: p.ID, Title: p.Title, Problem: "Families cannot find an open shelter offline.",
			Maintainer: "Equipo Mapa vivo", HowToUse: "Install the app and load the shelter list.", Language: "es", Licence: p.Licence,
			Repository: p.Repository}
		if err := solutions.PromoteProject(ctx, so, ana.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("a project not handed in became a solution: %v", err)
		}
		if err := w.hack.SaveProject(ctx, p, true, ana.ID); err != nil {
			t.Fatal(err)
		}
		if err := solutions.PromoteProject(ctx, so, ana.ID); err != nil {
			t.Fatal(err)
		}
		again := *so
		again.Slug = "albergues-offline-2"
		if err := solutions.PromoteProject(ctx, &again, ana.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("a project made a solution twice: %v", err)
		}
		// Another organization, in Lima, adopts it.
		orgs := newOrgs(t, db)
		rosa := verifiedPerson(t, db, "rosa@example.org")
		lima := newOrg(t, orgs, rosa, "ollas-lima", false)
		need := &civhub.Need{Title: "Set up Albergues offline", Description: "We adopted it.", Remote: true, Status: civhub.NeedOpen}
		tasks := []*civhub.Task{
			{Title: "Set it up for our network", Type: "other_work", EstimatedHours: 4, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal,
				JoinMode: civhub.JoinClaim, ClaimHours: 48},
			{Title: "Translate it into Quechua", Type: civhub.TaskTranslation, SourceLanguage: "es", TargetLanguage: "qu", EstimatedHours: 6,
				VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 48},
		}
		ad := &civhub.Adoption{SolutionID: so.ID, OrganizationID: lima.ID, Note: "For 30 soup kitchens."}
		if err := solutions.Adopt(ctx, ad, civhub.AdoptionPlan{Need: need, Tasks: tasks}, rosa.ID); err != nil {
			t.Fatal(err)
		}
		if ad.NeedID == 0 || need.OrganizationID != lima.ID {
			t.Fatalf("the adoption's need: %+v", ad)
		}
		opened, err := w.needs.NeedTasks(ctx, ad.NeedID)
		if err != nil || len(opened) != 2 {
			t.Fatalf("the need's tasks: %d %v", len(opened), err)
		}
		if err := solutions.Adopt(ctx, &civhub.Adoption{SolutionID: so.ID, OrganizationID: lima.ID}, civhub.AdoptionPlan{}, rosa.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("adopting twice: %v", err)
		}
		inbox, err := w.notes.Notifications(ctx, ana.ID, 0, false, 10)
		if err != nil || len(inbox) == 0 || inbox[0].Kind != civhub.NoteSolutionAdopted || inbox[0].Path() != "/solutions/albergues-offline" ||
			inbox[0].Org != lima.Name {
			t.Fatalf("the maker's inbox after the adoption: %+v %v", inbox, err)
		}
		if c, _ := w.challenges.FindChallenge(ctx, w.challenge.Slug); c.Status != civhub.ChallengeSolved {
			t.Fatalf("the challenge after an adoption: %s", c.Status)
		}
		got, err := solutions.FindSolution(ctx, so.Slug)
		if err != nil || got.Adoptions != 1 || got.Challenge != w.challenge.Slug || got.EventSlug != w.event.Slug {
			t.Fatalf("the solution: %+v %v", got, err)
		}
		used, err := solutions.OrganizationAdoptions(ctx, lima.ID)
		if err != nil || len(used) != 1 || used[0].SolutionSlug != so.Slug || !used[0].OrgHidden {
			t.Fatalf("what Lima uses (an unverified organization is hidden from strangers): %+v %v", used, err)
		}
		if list, err := solutions.ListSolutions(ctx, civhub.SolutionFilter{Query: "OFFLINE", Challenge: w.challenge.ID}); err != nil || len(list) != 1 {
			t.Fatalf("the gallery: %v %v", list, err)
		}
		// A need that does not validate leaves nothing behind.
		bad := &civhub.Need{Title: "x"}
		other := newOrg(t, orgs, rosa, "otra", false)
		if err := solutions.Adopt(ctx, &civhub.Adoption{SolutionID: so.ID, OrganizationID: other.ID}, civhub.AdoptionPlan{Need: bad}, rosa.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an adoption with a bad need: %v", err)
		}
		if list, _ := solutions.Adoptions(ctx, so.ID); len(list) != 1 {
			t.Fatalf("adoptions after a refused one: %d", len(list))
		}
	})
}
