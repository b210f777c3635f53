package sqldbtest_test

import (
	"context"
	"testing"

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
