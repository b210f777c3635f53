package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// hackathonWorld is a published hackathon with a vetted challenge of the need world's organization,
// and people with places.
type hackathonWorld struct {
	*needWorld
	events     *sqldb.EventService
	challenges *sqldb.ChallengeService
	hack       *sqldb.HackathonService
	event      *civhub.Event
	challenge  *civhub.Challenge
}

func newHackathonWorld(t *testing.T, db *sqldb.DB) *hackathonWorld {
	t.Helper()
	ctx := context.Background()
	w := &hackathonWorld{needWorld: newNeedWorld(t, db), events: sqldb.NewEventService(db), challenges: sqldb.NewChallengeService(db),
		hack: sqldb.NewHackathonService(db, func(s string) bool { return s == "android" || s == "mapping" || s == "translation" })}
	w.event = techCamp(t, w.events, w.owner.ID, "hackaton-valparaiso", 100)
	w.challenge = &civhub.Challenge{Slug: "albergues", OrganizationID: w.org.ID, NeedID: w.need.ID, Title: "Albergues sin conexión",
		Affected: "Familias de los cerros.", Today: "Un PDF que nadie encuentra.", Outcome: "Un mapa sin conexión.", Measure: "Cinco minutos."}
	if err := w.challenges.CreateChallenge(ctx, w.challenge, w.owner.ID); err != nil {
		t.Fatal(err)
	}
	for _, m := range []civhub.ChallengeMove{civhub.MoveSubmit, civhub.MoveVet} {
		if err := w.challenges.MoveChallenge(ctx, w.challenge.ID, m, civhub.SizeWeekend, "", w.owner.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.challenges.TakeChallenge(ctx, w.event.ID, w.challenge.ID, w.owner.ID); err != nil {
		t.Fatal(err)
	}
	return w
}

// attendee is a new person with a place at the hackathon.
func (w *hackathonWorld) attendee(t *testing.T, email string) *civhub.Person {
	t.Helper()
	p := verifiedPerson(t, w.db, email)
	if _, err := w.events.Register(context.Background(), w.event.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHackathonTeamsAndJudging: teams of people with a place, one team each; a project handed in
// for the challenge; judging in which the team's member and a member of the challenge's
// organization are refused, and results ranked, awarded and published.
func TestHackathonTeamsAndJudging(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newHackathonWorld(t, db)
		ana, ben, cleo := w.attendee(t, "ana@example.org"), w.attendee(t, "ben@example.org"), w.attendee(t, "cleo@example.org")
		stranger := verifiedPerson(t, db, "stranger@example.org")
		team := &civhub.Team{EventID: w.event.ID, Name: "Mapa vivo", ChallengeID: w.challenge.ID, LookingFor: []string{"android", "mapping"}}
		if err := w.hack.CreateTeam(ctx, &civhub.Team{EventID: w.event.ID, Name: "Nope"}, stranger.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("a team by someone without a place: %v", err)
		}
		if err := w.hack.CreateTeam(ctx, team, ana.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.JoinTeam(ctx, team.ID, ben.ID, civhub.TeamRoleMember); err != nil {
			t.Fatal(err)
		}
		other := &civhub.Team{EventID: w.event.ID, Name: "Otro equipo"}
		if err := w.hack.CreateTeam(ctx, other, cleo.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.JoinTeam(ctx, team.ID, cleo.ID, civhub.TeamRoleMember); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("joining a second team: %v", err)
		}
		if err := w.hack.CreateTeam(ctx, &civhub.Team{EventID: w.event.ID, Name: "Mapa vivo"}, w.attendee(t, "dup@example.org").ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a second team of the same name: %v", err)
		}
		// Looking for a team: Dana brings Android, which the team lacks.
		dana := w.attendee(t, "dana@example.org")
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO profiles (person_id, time_zone, updated_at) VALUES ($1, 'America/Santiago', $2)`,
			dana.ID, db.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO profile_skills (person_id, skill_id) VALUES ($1, 'android')`, dana.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.SetLooking(ctx, w.event.ID, dana.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.SetLooking(ctx, w.event.ID, stranger.ID, true); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("looking without a place: %v", err)
		}
		looking, err := w.hack.Looking(ctx, w.event.ID)
		if err != nil || len(looking) != 1 || looking[0].PersonID != dana.ID {
			t.Fatalf("looking for a team: %+v %v", looking, err)
		}
		got := civhub.SuggestMembers([]string{"android", "mapping"}, []string{"es"}, "America/Santiago", true, looking, db.Now())
		if len(got) != 1 || got[0].PersonID != dana.ID || len(got[0].Skills) != 1 || got[0].Skills[0] != "android" || got[0].ZoneGap != 0 {
			t.Fatalf("suggestions: %+v", got)
		}
		if err := w.hack.JoinTeam(ctx, team.ID, dana.ID, civhub.TeamRoleMember); err != nil {
			t.Fatal(err)
		}
		if looking, _ := w.hack.Looking(ctx, w.event.ID); len(looking) != 0 {
			t.Fatalf("a member is still looking: %+v", looking)
		}

		// The project, handed in: the challenge is being worked on.
		p := &civhub.Project{TeamID: team.ID, Title: "Albergues offline", Repository: "https://git.example.org/albergues", Licence: "AGPL-3.0-or-later"}
		if err := w.hack.SaveProject(ctx, &civhub.Project{TeamID: team.ID, Title: "x", Licence: "WTFPL", Repository: "ftp://x"}, true, ana.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a project with a bad licence and address: %v", err)
		}
		if err := w.hack.SaveProject(ctx, p, true, ana.ID); err != nil {
			t.Fatal(err)
		}
		if p.SubmittedAt == nil || p.ChallengeID != w.challenge.ID {
			t.Fatalf("handed in: %+v", p)
		}
		if c, _ := w.challenges.FindChallenge(ctx, "albergues"); c.Status != civhub.ChallengeInProgress {
			t.Fatalf("the challenge after a project: %s", c.Status)
		}
		otherProject := &civhub.Project{TeamID: other.ID, Title: "Otra idea", Licence: "MIT"}
		if err := w.hack.SaveProject(ctx, otherProject, true, cleo.ID); err != nil {
			t.Fatal(err)
		}

		// Judging: Ben is in the team; the need world's owner belongs to the challenge's organization.
		if err := w.hack.SetCriteria(ctx, w.event.ID, []string{"Impact", " ", "Craft"}, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		criteria, err := w.hack.Criteria(ctx, w.event.ID)
		if err != nil || len(criteria) != 2 {
			t.Fatalf("criteria: %v %v", criteria, err)
		}
		judge := verifiedPerson(t, db, "judge@example.org")
		for _, j := range []int64{judge.ID, ben.ID, w.owner.ID} {
			if err := w.hack.AddJudge(ctx, w.event.ID, j, w.owner.ID); err != nil {
				t.Fatal(err)
			}
		}
		all := func(v int) map[int64]int { return map[int64]int{criteria[0].ID: v, criteria[1].ID: v} }
		for _, refused := range []struct {
			who  int64
			want civhub.Conflict
		}{{ben.ID, civhub.ConflictTeam}, {w.owner.ID, civhub.ConflictOrganization}} {
			if err := w.hack.ScoreProject(ctx, p.ID, refused.who, all(5)); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
				t.Fatalf("a judge with a conflict (%s) scored: %v", refused.want, err)
			}
			conflicts, err := w.hack.Conflicts(ctx, w.event.ID, refused.who)
			if err != nil || conflicts[p.ID] != refused.want {
				t.Fatalf("conflicts of %d: %v %v", refused.who, conflicts, err)
			}
		}
		if err := w.hack.ScoreProject(ctx, p.ID, stranger.ID, all(5)); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
			t.Fatalf("a stranger scored: %v", err)
		}
		if err := w.hack.ScoreProject(ctx, p.ID, judge.ID, map[int64]int{criteria[0].ID: 5}); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("half a score: %v", err)
		}
		if err := w.hack.ScoreProject(ctx, p.ID, judge.ID, all(6)); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a score of 6: %v", err)
		}
		if err := w.hack.ScoreProject(ctx, p.ID, judge.ID, map[int64]int{criteria[0].ID: 5, criteria[1].ID: 4}); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.ScoreProject(ctx, otherProject.ID, judge.ID, all(3)); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.ScoreProject(ctx, otherProject.ID, ben.ID, all(2)); err != nil { // Ben may score the other team
			t.Fatal(err)
		}
		if err := w.hack.SetCriteria(ctx, w.event.ID, []string{"Other"}, w.owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("changing criteria after scores: %v", err)
		}
		if err := w.hack.Award(ctx, p.ID, "Best for families", w.owner.ID); err != nil {
			t.Fatal(err)
		}
		results, err := w.hack.Results(ctx, w.event.ID)
		if err != nil || len(results) != 2 || results[0].Project.ID != p.ID || results[0].Overall != 4.5 || results[1].Overall != 2.5 ||
			len(results[0].Awards) != 1 || results[1].Scores != 4 {
			t.Fatalf("results: %+v %v", results, err)
		}
		if err := w.hack.PublishResults(ctx, w.event.ID, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.ScoreProject(ctx, p.ID, judge.ID, all(1)); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("scoring after the results: %v", err)
		}
		if err := w.hack.SaveProject(ctx, p, false, ana.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("editing a project after the results: %v", err)
		}

		// Leaving: the lead leaves, the first member leads; the last one out takes the team away.
		if err := w.hack.LeaveTeam(ctx, team.ID, ana.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.hack.FindTeam(ctx, team.ID); got.RoleOf(ben.ID) != civhub.TeamRoleLead || got.Size() != 2 {
			t.Fatalf("after the lead left: %+v", got.Members)
		}
		if err := w.hack.LeaveTeam(ctx, other.ID, cleo.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.hack.FindTeam(ctx, other.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("an empty team stays: %v", err)
		}
	})
}

// TestTeamLastSeat: of people joining a team with one seat left at once, exactly one gets in.
func TestTeamLastSeat(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newHackathonWorld(t, db)
		team := &civhub.Team{EventID: w.event.ID, Name: "Casi lleno"}
		if err := w.hack.CreateTeam(ctx, team, w.attendee(t, "lead@example.org").ID); err != nil {
			t.Fatal(err)
		}
		for i := range civhub.MaxTeamSize - 2 {
			if err := w.hack.JoinTeam(ctx, team.ID, w.attendee(t, fmt.Sprintf("m%d@example.org", i)).ID, civhub.TeamRoleMember); err != nil {
				t.Fatal(err)
			}
		}
		var people []*civhub.Person
		for i := range 12 {
			people = append(people, w.attendee(t, fmt.Sprintf("rush%d@example.org", i)))
		}
		var wg sync.WaitGroup
		errs := make([]error, len(people))
		for i, p := range people {
			wg.Go(func() { errs[i] = w.hack.JoinTeam(ctx, team.ID, p.ID, civhub.TeamRoleMember) })
		}
		wg.Wait()
		joined := 0
		for _, err := range errs {
			switch civhub.ErrorCode(err) {
			case "":
				joined++
			case civhub.ECONFLICT:
			default:
				t.Fatal(err)
			}
		}
		got, _ := w.hack.FindTeam(ctx, team.ID)
		if joined != 1 || got.Size() != civhub.MaxTeamSize {
			t.Fatalf("%d joined, the team has %d", joined, got.Size())
		}
	})
}

// TestTeamMentors: a team takes at most MaxMentors mentors, who do not count towards its size.
func TestTeamMentors(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newHackathonWorld(t, db)
		team := &civhub.Team{EventID: w.event.ID, Name: "Con mentoría"}
		if err := w.hack.CreateTeam(ctx, team, w.attendee(t, "lead@example.org").ID); err != nil {
			t.Fatal(err)
		}
		for i := range civhub.MaxMentors {
			if err := w.hack.JoinTeam(ctx, team.ID, w.attendee(t, fmt.Sprintf("mentor%d@example.org", i)).ID, civhub.TeamRoleMentor); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.hack.JoinTeam(ctx, team.ID, w.attendee(t, "one-more@example.org").ID, civhub.TeamRoleMentor); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("a mentor past the bound: %v", err)
		}
		got, _ := w.hack.FindTeam(ctx, team.ID)
		if got.Size() != 1 || len(got.Members) != 1+civhub.MaxMentors {
			t.Fatalf("size %d with %d members", got.Size(), len(got.Members))
		}
	})
}

// TestProjectScreenshots: a team's members add up to four screenshots with words for screen
// readers, in places that a removal frees; mentors and others may not; published results close them.
func TestProjectScreenshots(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newHackathonWorld(t, db)
		lead, mentor, outsider := w.attendee(t, "lead@example.org"), w.attendee(t, "mentor@example.org"), w.attendee(t, "out@example.org")
		team := &civhub.Team{EventID: w.event.ID, Name: "Mapas"}
		if err := w.hack.CreateTeam(ctx, team, lead.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.JoinTeam(ctx, team.ID, mentor.ID, civhub.TeamRoleMentor); err != nil {
			t.Fatal(err)
		}
		png, thumb := []byte("\x89PNG full"), []byte("\x89PNG small")
		if _, err := w.hack.AddScreenshot(ctx, team.ID, png, thumb, "The map", lead.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("before the project is saved: %v", err)
		}
		p := &civhub.Project{TeamID: team.ID, Title: "Mapa de albergues", Licence: "MIT"}
		if err := w.hack.SaveProject(ctx, p, false, lead.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.hack.AddScreenshot(ctx, team.ID, png, thumb, " \n ", lead.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("without words: %v", err)
		}
		for _, who := range []*civhub.Person{mentor, outsider} {
			if _, err := w.hack.AddScreenshot(ctx, team.ID, png, thumb, "The map", who.ID); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
				t.Fatalf("a mentor or an outsider adds one: %v", err)
			}
		}
		var shots []*civhub.Screenshot
		for i := range civhub.MaxScreenshots {
			s, err := w.hack.AddScreenshot(ctx, team.ID, png, thumb, fmt.Sprintf("Screen  %d\nof the map", i+1), lead.ID)
			if err != nil {
				t.Fatal(err)
			}
			shots = append(shots, s)
		}
		if shots[0].Alt != "Screen 1 of the map" {
			t.Fatalf("words kept as %q", shots[0].Alt)
		}
		if _, err := w.hack.AddScreenshot(ctx, team.ID, png, thumb, "One more", lead.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("a fifth: %v", err)
		}
		if err := w.hack.RemoveScreenshot(ctx, team.ID, shots[1].ID, outsider.ID); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
			t.Fatalf("an outsider removes one: %v", err)
		}
		if err := w.hack.RemoveScreenshot(ctx, team.ID, shots[1].ID, lead.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.RemoveScreenshot(ctx, team.ID, shots[1].ID, lead.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("removing it twice: %v", err)
		}
		again, err := w.hack.AddScreenshot(ctx, team.ID, png, thumb, "The new second", lead.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.hack.FindProject(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{shots[0].ID, again.ID, shots[2].ID, shots[3].ID} // the freed second place is taken again
		if len(got.Screenshots) != 4 || got.Screenshots[0].ID != want[0] || got.Screenshots[1].ID != want[1] || got.Screenshots[3].ID != want[3] {
			t.Fatalf("screenshots %+v, want the IDs %v", got.Screenshots, want)
		}
		if list, err := w.hack.Projects(ctx, w.event.ID); err != nil || len(list) != 1 || len(list[0].Screenshots) != 4 {
			t.Fatalf("the event's projects: %+v %v", list, err)
		}
		if data, err := w.hack.ScreenshotImage(ctx, p.ID, again.ID, false); err != nil || string(data) != string(png) {
			t.Fatalf("the image: %q %v", data, err)
		}
		if data, err := w.hack.ScreenshotImage(ctx, p.ID, again.ID, true); err != nil || string(data) != string(thumb) {
			t.Fatalf("the small image: %q %v", data, err)
		}
		if _, err := w.hack.ScreenshotImage(ctx, p.ID+1, again.ID, false); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("through another project: %v", err)
		}
		if err := w.hack.PublishResults(ctx, w.event.ID, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.hack.RemoveScreenshot(ctx, team.ID, again.ID, lead.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("after the results: %v", err)
		}
	})
}
