package sqldb_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestWordsByDeadline: a search with words, by deadline, finds exactly the listed tasks with a
// deadline whose text has the words, in (deadline, ID) order, page after page, whatever happened
// to them since they were written: texts and deadlines edited, places taken and given back, needs
// closed and reopened. On SQLite these searches read their own index (migration 40), kept by
// triggers; on PostgreSQL the same searches read the tasks.
func TestWordsByDeadline(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		day := func(d int) *time.Time {
			x := time.Date(2031, 3, d, 23, 59, 59, 0, time.UTC)
			return &x
		}
		due := func(d *time.Time) func(*civhub.Task) { return func(x *civhub.Task) { x.Deadline = d } }
		// Two tasks due the same second, one given to the nanosecond (kept to the second), one
		// with no deadline, one without the word.
		a := w.task(t, "Cartografia de albergues A", "mapping", 1, due(day(5)))
		b := w.task(t, "Cartografia de albergues B", "mapping", 1, func(x *civhub.Task) {
			d := day(5).Add(999 * time.Millisecond)
			x.Deadline = &d
		})
		c := w.task(t, "Cartografia urgente C", "mapping", 2, due(day(2)))
		w.task(t, "Cartografia sin fecha D", "mapping", 1)
		w.task(t, "Traduccion E", civhub.TaskTranslation, 1, due(day(1)), func(x *civhub.Task) { x.SourceLanguage, x.TargetLanguage = "es", "en" })

		// pages reads every page of the search for q by deadline, a task a page.
		pages := func(q string, f civhub.TaskFilter) []string {
			t.Helper()
			f.Query, f.Limit = q, 1
			if f.Sort == "" {
				f.Sort = "deadline"
			}
			var titles []string
			for range 10 {
				page, err := w.needs.SearchTasks(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range page.Tasks {
					titles = append(titles, x.Title[len(x.Title)-1:])
				}
				if page.Next == "" {
					return titles
				}
				f.After = page.Next
			}
			t.Fatalf("%q: more than 10 pages", q)
			return nil
		}
		check := func(what, q string, f civhub.TaskFilter, want ...string) {
			t.Helper()
			if got := pages(q, f); !slices.Equal(got, want) {
				t.Errorf("%s: %q found %q, want %q", what, q, got, want)
			}
		}
		// Twenty words that start "qa": more than a search reads word by word (maxWordForms).
		many := "Inventario"
		for i := range 20 {
			many += " qa" + strconv.Itoa(i) + "x"
		}
		w.task(t, many+" F", "mapping", 1, due(day(9)))
		check("a prefix of many words", "qa", civhub.TaskFilter{}, "F")
		check("a prefix of many words, newest first", "qa", civhub.TaskFilter{Sort: "newest"}, "F")
		check("as written", "cartograf", civhub.TaskFilter{}, "C", "A", "B")
		check("two words", "albergues cartografia", civhub.TaskFilter{}, "A", "B")
		check("a short prefix", "ca", civhub.TaskFilter{}, "C", "A", "B")
		check("with a type", "cartografia", civhub.TaskFilter{Type: civhub.TaskTranslation})
		check("another word", "traduccion", civhub.TaskFilter{}, "E")
		check("no match", "zzqx", civhub.TaskFilter{})

		a.Title, a.Description = "Mapa de albergues A", "Mapa de albergues A"
		b.Deadline = day(1)
		if err := w.needs.UpdateTask(ctx, a, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.UpdateTask(ctx, b, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		check("after editing a title and a deadline", "cartografia", civhub.TaskFilter{}, "B", "C")
		check("the new title", "mapa", civhub.TaskFilter{}, "A")
		check("of a type", "cartografia", civhub.TaskFilter{Type: "mapping"}, "B", "C")
		c.Type = "data_entry"
		if err := w.needs.UpdateTask(ctx, c, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		check("of a type, after C's changed", "cartografia", civhub.TaskFilter{Type: "mapping"}, "B")
		check("of C's new type", "cartografia", civhub.TaskFilter{Type: "data_entry"}, "C")

		// B's one place taken: it leaves the list, and comes back when given back.
		jean := verifiedPerson(t, db, "jean@example.org")
		claim, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: b.ID, By: jean.ID})
		if err != nil {
			t.Fatal(err)
		}
		check("with B full", "cartografia", civhub.TaskFilter{}, "C")
		check("the full ones", "cartografia", civhub.TaskFilter{Full: true}, "B")
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActWithdraw, AssignmentID: claim.ID, By: jean.ID}); err != nil {
			t.Fatal(err)
		}
		check("with B's place given back", "cartografia", civhub.TaskFilter{}, "B", "C")

		w.need.Status = civhub.NeedCompleted
		if err := w.needs.UpdateNeed(ctx, w.need, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		check("with the need done", "cartografia", civhub.TaskFilter{})
		w.need.Status = civhub.NeedOpen
		if err := w.needs.UpdateNeed(ctx, w.need, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		check("with the need open again", "cartografia", civhub.TaskFilter{}, "B", "C")
		check("the first words again", "albergues", civhub.TaskFilter{}, "B", "A")

		// Any cursor a client sends reads a page or an empty one; one that names a task goes on after it.
		at := func(x *civhub.Task, id int64) string {
			return strconv.FormatInt(x.Deadline.UnixNano(), 10) + "-" + strconv.FormatInt(id, 10)
		}
		for after, want := range map[string]int{"0-0": 2, "-9223372036854775808-5": 2, "946684800000000000--7": 2,
			"9223372036854775807-9223372036854775807": 0, "4102444800000000000-0": 0, "1-9223372036854775807": 2,
			at(b, b.ID): 1, at(b, b.ID-1): 2, at(b, -1): 2, at(a, a.ID): 0} {
			page, err := w.needs.SearchTasks(ctx, civhub.TaskFilter{Query: "albergues", Sort: "deadline", After: after})
			if err != nil {
				t.Fatalf("cursor %q: %v", after, err)
			}
			if len(page.Tasks) != want {
				t.Errorf("cursor %q: %d tasks, want %d", after, len(page.Tasks), want)
			}
		}

		// Deleting the organization deletes its tasks, and on SQLite their entries in the index.
		entries := func() (n int) {
			t.Helper()
			if db.Dialect() != sqldb.SQLite {
				return -1
			}
			if err := db.Read(ctx, func(tx *sqldb.Tx) error {
				return tx.QueryRowContext(ctx, `SELECT count(*) FROM tasks_fts_due WHERE tasks_fts_due MATCH 'albergues'`).Scan(&n)
			}); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := entries()
		if err := sqldb.NewDataService(db, newProfiles(t, db), newOrgs(t, db)).DeleteOrganization(ctx, w.org.ID, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if after := entries(); db.Dialect() == sqldb.SQLite && (before != 2 || after != 0) {
			t.Errorf("the index held %d entries for the organization's tasks, and %d once it was deleted; want 2 and 0", before, after)
		}
		check("with the organization deleted", "albergues", civhub.TaskFilter{})
	})
}
