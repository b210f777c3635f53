package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// raceRounds is how many rounds the race tests run: CIVHUB_RACE_ROUNDS, or 20.
func raceRounds(t *testing.T) int {
	if v := os.Getenv("CIVHUB_RACE_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("CIVHUB_RACE_ROUNDS=%q is not a count", v)
		}
		return n
	}
	return 20
}

// TestOneEngagementPerVolunteer sends one volunteer's 20 claims (and, on another task, 20
// applications) at the same moment, round after round: exactly one may succeed and the others be
// told they joined already, and the task keeps every other place free. On PostgreSQL a check
// followed by an insert once gave one volunteer two or three places in 8 rounds of 10.
func TestOneEngagementPerVolunteer(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		const tries = 20
		for round := range raceRounds(t) {
			p := verifiedPerson(t, db, fmt.Sprintf("eager%d@example.org", round))
			for _, join := range []struct{ action, mode string }{{civhub.ActClaim, civhub.JoinClaim}, {civhub.ActApply, civhub.JoinApply}} {
				task := w.task(t, fmt.Sprintf("Round %d: %s", round, join.action), "data_entry", 3, func(task *civhub.Task) { task.JoinMode = join.mode })
				errs := make([]error, tries)
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := range tries {
					wg.Go(func() {
						<-start
						_, errs[i] = w.needs.Act(ctx, civhub.ActRequest{Action: join.action, TaskID: task.ID, By: p.ID})
					})
				}
				close(start)
				wg.Wait()
				wins := 0
				for _, err := range errs {
					switch {
					case err == nil:
						wins++
					case !isKey(err, "err.joined_already"):
						t.Fatalf("round %d, %s: %v", round, join.action, err)
					}
				}
				stored := count(t, db, `SELECT COUNT(*) FROM assignments WHERE task_id = $1 AND volunteer_id = $2`, task.ID, p.ID)
				got, err := w.needs.FindTask(ctx, task.ID)
				if err != nil {
					t.Fatal(err)
				}
				wantTaken := 0
				if join.action == civhub.ActClaim {
					wantTaken = 1
				}
				if wins != 1 || stored != 1 || got.SlotsTaken != wantTaken {
					t.Fatalf("round %d, %s: %d succeeded, %d stored, %d places taken; want 1, 1, %d", round, join.action, wins, stored, got.SlotsTaken, wantTaken)
				}
			}
		}
	})
}

// isKey reports whether err is a civhub error with the message ID key.
func isKey(err error, key string) bool {
	var e *civhub.Error
	return errors.As(err, &e) && e.Key == key
}

// TestAtRiskInvitations: an invitation names the organization and its sender, so an organization in
// at-risk mode may invite only people who may see it already: its members and the people it trusts.
func TestAtRiskInvitations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		orgs := newOrgs(t, db)
		hidden := newOrg(t, orgs, w.owner, "hidden-group", true)
		need := &civhub.Need{OrganizationID: hidden.ID, Title: "Secure our phones", Remote: true, Status: civhub.NeedOpen}
		if err := w.needs.CreateNeed(ctx, need, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		task := &civhub.Task{NeedID: need.ID, Title: "Set up two-factor", Type: "data_entry", EstimatedHours: 2, VolunteersWanted: 1,
			Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinApply}
		if err := w.needs.CreateTask(ctx, task, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		stranger := verifiedPerson(t, db, "stranger@example.org")
		if err := w.needs.InviteVolunteer(ctx, task.ID, stranger.ID, w.owner.ID); !isKey(err, "err.invite_hidden") {
			t.Fatalf("inviting someone who may not see the organization: %v, want err.invite_hidden", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM notifications WHERE person_id = $1`, stranger.ID); n != 0 {
			t.Fatalf("the stranger got %d notifications", n)
		}
		if err := orgs.Trust(ctx, hidden.ID, "stranger@example.org", w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.InviteVolunteer(ctx, task.ID, stranger.ID, w.owner.ID); err != nil {
			t.Fatalf("inviting a trusted person: %v", err)
		}
	})
}

// TestHiddenAddresses: an organization in at-risk mode never keeps an address made from its name,
// whether it starts hidden or turns hidden later, so that nobody can confirm it exists by trying its
// name; the name stays free for anyone, and a visible organization keeps the address it chose.
func TestHiddenAddresses(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		orgs := newOrgs(t, db)
		owner := verifiedPerson(t, db, "nour@example.org")
		hidden := newOrg(t, orgs, owner, "rights-network", true)
		if hidden.Slug == "rights-network" || len(hidden.Slug) < 16 {
			t.Fatalf("an at-risk organization got the address %q", hidden.Slug)
		}
		if _, err := orgs.FindOrganizationBySlug(ctx, "rights-network"); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("its name still leads to it: %v", err)
		}
		// Somebody else may take the name: the answer is the same as for any free name.
		other := newOrg(t, orgs, verifiedPerson(t, db, "someone@example.org"), "rights-network", false)
		if other.Slug != "rights-network" {
			t.Fatalf("a visible organization got %q", other.Slug)
		}
		visible := newOrg(t, orgs, owner, "womens-coop", false)
		visible.AtRisk = true
		if err := orgs.UpdateOrganization(ctx, visible, owner.ID); err != nil {
			t.Fatal(err)
		}
		if visible.Slug == "womens-coop" {
			t.Fatal("turning at-risk mode on kept the address made from the name")
		}
		got, err := orgs.FindOrganizationBySlug(ctx, visible.Slug)
		if err != nil || got.ID != visible.ID {
			t.Fatalf("the new address does not lead to it: %v", err)
		}
		moved := visible.Slug
		if err := orgs.UpdateOrganization(ctx, visible, owner.ID); err != nil || visible.Slug != moved {
			t.Fatalf("saving again moved it from %q to %q (%v)", moved, visible.Slug, err)
		}
	})
}
