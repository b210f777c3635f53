package sqldb_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// radarWorld is a verified Moroccan cooperative (owned by amina), a verified Kenyan NGO, and a
// moderator publishing entries.
type radarWorld struct {
	rs         *sqldb.ResourceService
	notes      *sqldb.NotificationService
	coop, ngo  *civhub.Organization
	amina, mod *civhub.Person
}

func newRadarWorld(t *testing.T, db *sqldb.DB) *radarWorld {
	t.Helper()
	ctx := context.Background()
	orgs := newOrgs(t, db)
	w := &radarWorld{notes: newNotes(t, db), amina: verifiedPerson(t, db, "amina@example.org"), mod: verifiedPerson(t, db, "mod@example.org")}
	w.rs = sqldb.NewResourceService(db, validCause, w.notes)
	verified := func(o *civhub.Organization, owner *civhub.Person) *civhub.Organization {
		if err := orgs.CreateOrganization(ctx, o, owner.ID); err != nil {
			t.Fatal(err)
		}
		req := &civhub.VerificationRequest{OrganizationID: o.ID, Evidence: "Registered cooperative since 2012."}
		if err := orgs.RequestVerification(ctx, req, owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := orgs.DecideVerification(ctx, req.ID, true, "", w.mod.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := orgs.FindOrganizationBySlug(ctx, o.Slug)
		return got
	}
	w.coop = verified(&civhub.Organization{Slug: "tamount", Name: "Tamount", Type: civhub.OrgCooperative, Country: "MA",
		Causes: []string{"sdg5", "sdg8"}, Languages: []string{"ar", "fr"}}, w.amina)
	w.ngo = verified(&civhub.Organization{Slug: "nairobi", Name: "Nairobi", Type: civhub.OrgNGO, Country: "KE",
		Causes: []string{"sdg4"}, Languages: []string{"en"}}, verifiedPerson(t, db, "sam@example.org"))
	return w
}

func (w *radarWorld) publish(t *testing.T, r *civhub.Resource) *civhub.Resource {
	t.Helper()
	ctx := context.Background()
	if err := w.rs.SubmitResource(ctx, r, w.mod.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.rs.ReviewResource(ctx, r.ID, civhub.DecidePublish, "", w.mod.ID); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRadar(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newRadarWorld(t, db)
		at := func(days int) *time.Time {
			d := time.Now().Add(time.Duration(days) * 24 * time.Hour).UTC().Truncate(time.Second)
			return &d
		}
		base := func(title string) *civhub.Resource {
			return &civhub.Resource{Kind: civhub.ResourceGrant, Title: title, Provider: "Fondation", URL: "https://fund.example.org"}
		}
		women := base("Fonds pour les coopératives féminines")
		women.Countries, women.Causes, women.Languages, women.Deadline = []string{"MA", "TN"}, []string{"sdg5"}, []string{"fr"}, at(12)
		w.publish(t, women)
		tools := w.publish(t, base("Donated office software"))
		kenya := base("Kenyan schools fund")
		kenya.Countries, kenya.Causes = []string{"KE"}, []string{"sdg4"}
		w.publish(t, kenya)
		spanish := base("Fondo en castellano")
		spanish.Languages = []string{"es"}
		w.publish(t, spanish)
		ngoOnly := base("Fund for NGOs only")
		ngoOnly.OrgTypes = []string{civhub.OrgNGO}
		w.publish(t, ngoOnly)

		radar, err := w.rs.Radar(ctx, w.coop, 10)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, m := range radar {
			titles = append(titles, m.Resource.Title)
		}
		if !slices.Equal(titles, []string{women.Title, tools.Title}) {
			t.Fatalf("the cooperative's radar: %q", titles)
		}
		if r := radar[0].Reasons; r[0].Key != "radar.country" || r[len(r)-1].Key != "radar.deadline" || r[len(r)-1].Number < 11 {
			t.Fatalf("reasons %+v", r)
		}
		ngo, _ := w.rs.Radar(ctx, w.ngo, 10)
		if len(ngo) != 3 { // kenya, ngoOnly, tools
			t.Fatalf("the NGO's radar: %d entries", len(ngo))
		}

		// The tracker: saved, moved on, notes kept; a stage that does not exist is refused.
		if err := w.rs.Track(ctx, w.coop.ID, women.ID, "dreaming", "", w.amina.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an unknown stage: %v", err)
		}
		if err := w.rs.Track(ctx, w.coop.ID, women.ID, civhub.StageSaved, "", w.amina.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.rs.Track(ctx, w.coop.ID, tools.ID, civhub.StagePreparing, "Ask for 5 licences.", w.amina.ID); err != nil {
			t.Fatal(err)
		}
		tracked, err := w.rs.Tracked(ctx, w.coop.ID)
		if err != nil || len(tracked) != 2 || tracked[0].Resource.ID != women.ID || tracked[1].Notes != "Ask for 5 licences." {
			t.Fatalf("tracked %+v, %v", tracked, err)
		}

		// Reminders: a week before, then the day before, once each, while not applied yet.
		if n, err := w.rs.RemindDeadlines(ctx); err != nil || n != 0 {
			t.Fatalf("12 days before: %d reminders, %v", n, err)
		}
		db.Now = func() time.Time { return time.Now().Add(6 * 24 * time.Hour).UTC() }
		if n, err := w.rs.RemindDeadlines(ctx); err != nil || n != 1 {
			t.Fatalf("6 days before: %d reminders, %v", n, err)
		}
		if n, _ := w.rs.RemindDeadlines(ctx); n != 0 {
			t.Fatalf("reminded again: %d", n)
		}
		db.Now = func() time.Time { return time.Now().Add(11*24*time.Hour + 12*time.Hour).UTC() }
		if n, err := w.rs.RemindDeadlines(ctx); err != nil || n != 1 {
			t.Fatalf("the day before: %d reminders, %v", n, err)
		}
		inbox, _ := w.notes.Notifications(ctx, w.amina.ID, 0, false, 10)
		var kinds []string
		for _, n := range inbox {
			if n.ResourceID == women.ID {
				kinds = append(kinds, n.Kind)
			}
		}
		if !slices.Equal(kinds, []string{civhub.NoteResourceDay, civhub.NoteResourceWeek}) || inbox[0].Org != "Tamount" {
			t.Fatalf("amina's reminders: %v (%+v)", kinds, inbox)
		}
		if err := w.rs.Untrack(ctx, w.coop.ID, tools.ID, w.amina.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.rs.Untrack(ctx, w.coop.ID, tools.ID, w.amina.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("forgetting twice: %v", err)
		}
	})
}

// TestMatchNewResources: a newly published entry goes to the managers of the organizations that
// qualify, once.
func TestMatchNewResources(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newRadarWorld(t, db)
		r := &civhub.Resource{Kind: civhub.ResourceAward, Title: "Prix des coopératives", Provider: "Réseau", URL: "https://prix.example.org",
			Countries: []string{"MA"}, Causes: []string{"sdg8"}}
		w.publish(t, r)
		if n, err := w.rs.MatchNewResources(ctx); err != nil || n != 1 {
			t.Fatalf("told %d, %v; want the cooperative", n, err)
		}
		if n, _ := w.rs.MatchNewResources(ctx); n != 0 {
			t.Fatalf("told again: %d", n)
		}
		inbox, _ := w.notes.Notifications(ctx, w.amina.ID, 0, false, 10)
		if len(inbox) != 1 || inbox[0].Kind != civhub.NoteResourceMatch || inbox[0].ResourceID != r.ID {
			t.Fatalf("amina's inbox: %+v", inbox)
		}
	})
}
