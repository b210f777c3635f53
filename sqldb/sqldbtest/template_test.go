package sqldbtest_test

import (
	"context"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestTemplate checks that every copy starts with the template's rows and sequences, and that what
// a test does to its copy neither a copy open at the same time nor a later one sees (on PostgreSQL
// the later one is the same database, reset).
func TestTemplate(t *testing.T) {
	ctx := context.Background()
	newPerson := func(t *testing.T, db *sqldb.DB, email string) *civhub.Person {
		t.Helper()
		p := &civhub.Person{Email: email, DisplayName: "Someone", Locale: "en"}
		if err := sqldb.NewPersonService(db).CreatePerson(ctx, p); err != nil {
			t.Fatalf("create %s: %v", email, err)
		}
		return p
	}
	// startsAsTemplate checks that db holds the template's one person, and that the next person
	// added gets the next id.
	var first *civhub.Person
	startsAsTemplate := func(t *testing.T, db *sqldb.DB) {
		t.Helper()
		people := sqldb.NewPersonService(db)
		if n, err := people.CountPeople(ctx); err != nil || n != 1 {
			t.Fatalf("the copy holds %d people (%v), want the template's 1", n, err)
		}
		if _, err := people.FindPersonByID(ctx, first.ID); err != nil {
			t.Fatalf("the template's person: %v", err)
		}
		if p := newPerson(t, db, "second@example.org"); p.ID != first.ID+1 {
			t.Errorf("the person added after the template's %d has id %d, want %d", first.ID, p.ID, first.ID+1)
		}
	}
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			tp := sqldbtest.NewTemplate(t, d, func(db *sqldb.DB) {
				first = newPerson(t, db, "first@example.org")
			})
			t.Run("TwoAtOnce", func(t *testing.T) {
				a, b := tp.Open(t), tp.Open(t)
				startsAsTemplate(t, a)
				startsAsTemplate(t, b)
			})
			t.Run("Changed", func(t *testing.T) {
				db := tp.Open(t)
				newPerson(t, db, "third@example.org")
				if err := sqldb.NewPersonService(db).SetSiteRole(ctx, first.ID, civhub.RoleAdmin, first.ID); err != nil {
					t.Fatal(err)
				}
			})
			t.Run("Later", func(t *testing.T) {
				db := tp.Open(t)
				p, err := sqldb.NewPersonService(db).FindPersonByID(ctx, first.ID)
				if err != nil {
					t.Fatal(err)
				}
				if p.SiteRole != first.SiteRole {
					t.Errorf("site role %q, want the template's %q", p.SiteRole, first.SiteRole)
				}
				startsAsTemplate(t, db)
			})
		})
	}
}

// TestTemplateKeepsDerivedRows: rows that triggers derive from others (the listed tasks' words)
// come back with a reset as they were in the template, whatever a test did to them.
func TestTemplateKeepsDerivedRows(t *testing.T) {
	ctx := context.Background()
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			var task *civhub.Task
			services := func(db *sqldb.DB) (*sqldb.NeedService, *sqldb.OrganizationService) {
				queue := sqldb.QueueFunc(func(context.Context, *sqldb.Tx, civhub.Job) error { return nil })
				return sqldb.NewNeedService(db, func(string) bool { return true }, sqldb.NewNotificationService(db, queue)),
					sqldb.NewOrganizationService(db, queue)
			}
			tp := sqldbtest.NewTemplate(t, d, func(db *sqldb.DB) {
				needs, orgs := services(db)
				owner := &civhub.Person{Email: "owner@example.org", DisplayName: "Owner", Locale: "es"}
				if err := sqldb.NewPersonService(db).CreatePerson(ctx, owner); err != nil {
					t.Fatal(err)
				}
				o := &civhub.Organization{Slug: "vecinos", Name: "Vecinos", Type: civhub.OrgNGO, Country: "CL",
					Languages: []string{"es"}, Links: []string{"https://example.org/vecinos"}}
				if err := orgs.CreateOrganization(ctx, o, owner.ID); err != nil {
					t.Fatal(err)
				}
				req := &civhub.VerificationRequest{OrganizationID: o.ID, Evidence: "Junta de vecinos registrada desde 2011."}
				if err := orgs.RequestVerification(ctx, req, owner.ID); err != nil {
					t.Fatal(err)
				}
				if err := orgs.DecideVerification(ctx, req.ID, true, "", owner.ID); err != nil {
					t.Fatal(err)
				}
				n := &civhub.Need{OrganizationID: o.ID, Title: "Albergues", Description: "x", Remote: true, Status: civhub.NeedOpen}
				if err := needs.CreateNeed(ctx, n, owner.ID); err != nil {
					t.Fatal(err)
				}
				due := time.Date(2031, 3, 5, 23, 59, 59, 0, time.UTC)
				task = &civhub.Task{NeedID: n.ID, Title: "Cartografia de albergues", Description: "Mapa", Type: "mapping",
					EstimatedHours: 3, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 48, Deadline: &due}
				if err := needs.CreateTask(ctx, task, owner.ID); err != nil {
					t.Fatal(err)
				}
			})
			found := func(t *testing.T, db *sqldb.DB, q string) int {
				t.Helper()
				needs, _ := services(db)
				n := 0
				for _, sort := range []string{"newest", "deadline"} {
					page, err := needs.SearchTasks(ctx, civhub.TaskFilter{Query: q, Sort: sort})
					if err != nil {
						t.Fatal(err)
					}
					n += len(page.Tasks)
				}
				return n
			}
			t.Run("Changed", func(t *testing.T) {
				db := tp.Open(t)
				needs, _ := services(db)
				changed := *task
				changed.Title = "Cocinas comunitarias"
				if err := needs.UpdateTask(ctx, &changed, changed.OrganizationID); err != nil {
					t.Fatal(err)
				}
				if found(t, db, "albergues") != 0 || found(t, db, "cocinas") != 2 {
					t.Fatal("the edited task is not found by its new words alone")
				}
			})
			t.Run("Later", func(t *testing.T) {
				db := tp.Open(t)
				if a, c := found(t, db, "albergues"), found(t, db, "cocinas"); a != 2 || c != 0 {
					t.Errorf("after a reset the task is found %d times by its words and %d by the test's, want 2 and 0", a, c)
				}
			})
		})
	}
}
