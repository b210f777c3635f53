package gen_test

import (
	"context"
	"testing"

	"civhub"
	"civhub/gen"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
	"civhub/taxonomy"
)

var tiny = gen.Scale{Name: "tiny", Volunteers: 300, Organizations: 20, Tasks: 120}

func count(t *testing.T, db *sqldb.DB, table string) int {
	t.Helper()
	var n int
	if err := db.Writer().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFill generates a small world on both databases and uses it as civhub would: the counts are
// right, the same seed makes the same data, search finds tasks in the four languages, volunteers
// are suggested, and new rows get IDs after the generated ones.
func TestFill(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if err := gen.Fill(ctx, db, tiny, 7, nil); err != nil {
			t.Fatal(err)
		}
		if p, o, n, k := count(t, db, "people"), count(t, db, "organizations"), count(t, db, "needs"), count(t, db, "tasks"); p != 320 || o != 20 || n != 60 || k != 120 {
			t.Fatalf("people %d, organizations %d, needs %d, tasks %d", p, o, n, k)
		}
		if err := gen.Fill(ctx, db, tiny, 7, nil); err == nil {
			t.Fatal("filled a database that has people")
		}
		var title string
		if err := db.Writer().QueryRowContext(ctx, `SELECT title FROM tasks WHERE id = 1`).Scan(&title); err != nil {
			t.Fatal(err)
		}
		other := sqldbtest.Open(t, db.Dialect())
		if err := gen.Fill(ctx, other, tiny, 7, nil); err != nil {
			t.Fatal(err)
		}
		var again string
		if err := other.Writer().QueryRowContext(ctx, `SELECT title FROM tasks WHERE id = 1`).Scan(&again); err != nil || again != title {
			t.Fatalf("the same seed made %q then %q", title, again)
		}

		tax, err := taxonomy.Load()
		if err != nil {
			t.Fatal(err)
		}
		notes := sqldb.NewNotificationService(db, sqldb.QueueFunc(func(context.Context, *sqldb.Tx, civhub.Job) error { return nil }))
		needs := sqldb.NewNeedService(db, func(id string) bool { _, ok := tax.Skill(id); return ok }, notes)
		for _, q := range []string{"albergues", "abris", "الملاجئ", "shelter"} {
			// Listed with a place left, or full: either way open to volunteers.
			open, err := needs.SearchTasks(ctx, civhub.TaskFilter{Query: q, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			full, err := needs.SearchTasks(ctx, civhub.TaskFilter{Query: q, Full: true, Limit: 20})
			if err != nil || len(open.Tasks)+len(full.Tasks) == 0 {
				t.Errorf("search %q: %d tasks with places, %d full, %v", q, len(open.Tasks), len(full.Tasks), err)
			}
		}
		matches, err := needs.SuggestVolunteers(ctx, 1, 20)
		if err != nil || len(matches) == 0 {
			t.Fatalf("suggestions for task 1: %d, %v", len(matches), err)
		}
		n := &civhub.Need{OrganizationID: 1, Title: "A need after the generated ones", Status: civhub.NeedOpen, Remote: true}
		if err := needs.CreateNeed(ctx, n, 301); err != nil || n.ID != 61 {
			t.Fatalf("a new need got ID %d, %v; want 61", n.ID, err)
		}
	})
}
