package sqldb_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestSchemasMatch proves that the SQLite and PostgreSQL migrations produce the same tables and
// columns, so that no query works on one database and fails on the other.
func TestSchemasMatch(t *testing.T) {
	ctx := context.Background()
	lite, err := sqldbtest.Open(t, sqldb.SQLite).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := sqldbtest.Open(t, sqldb.Postgres).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 {
		t.Fatal("no columns found in the SQLite schema")
	}
	for _, c := range lite {
		if !slices.Contains(pg, c) {
			t.Errorf("%s is in SQLite but not in PostgreSQL", c)
		}
	}
	for _, c := range pg {
		if !slices.Contains(lite, c) {
			t.Errorf("%s is in PostgreSQL but not in SQLite", c)
		}
	}
}

func TestMigrateTwice(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if err := db.Migrate(context.Background(), discardLogger()); err != nil {
			t.Fatalf("second migration run: %v", err)
		}
	})
}

func TestTxNow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixed := time.Date(2026, 3, 4, 5, 6, 7, 800_000_000, time.UTC)
		db.Now = func() time.Time { return fixed }
		ps := sqldb.NewPersonService(db)
		p := &civhub.Person{Email: "Jean@Example.org ", DisplayName: "Jean", Locale: "fr"}
		if err := ps.CreatePerson(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		got, err := ps.FindPersonByID(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(fixed) {
			t.Errorf("created_at = %v, want the transaction's now %v", got.CreatedAt, fixed)
		}
		if got.Email != "jean@example.org" {
			t.Errorf("email = %q, want it trimmed and lower-cased", got.Email)
		}
	})
}

func TestUpdateRollsBack(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		boom := civhub.Errorf(civhub.EINVALID, "stop")
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO people (email, display_name, created_at) VALUES ($1, $2, $3)`,
				"a@example.org", "A", tx.Now()); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("Update returned %v, want the callback's error", err)
		}
		if n, err := sqldb.NewPersonService(db).CountPeople(ctx); err != nil || n != 0 {
			t.Fatalf("people after rollback = %d, %v; want 0", n, err)
		}
	})
}

// TestOpenOddPath opens SQLite files whose paths hold the characters that file: URIs treat
// specially; each must open its own file.
func TestOpenOddPath(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a#1.db", "a?x=1.db", "a%23.db", "plain.db"} {
		db, err := sqldb.Open(context.Background(), filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		db.Close()
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: the database went elsewhere: %v", name, err)
		}
	}
}

// TestPlannerSettings: PostgreSQL connections plan each statement for its values and never memoize
// joins (see openPostgres), unless the database URL says otherwise.
func TestPlannerSettings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if db.Dialect() != sqldb.Postgres {
			return // SQLite plans every statement for its values, and has no memoize
		}
		for name, want := range map[string]string{"plan_cache_mode": "force_custom_plan", "enable_memoize": "off"} {
			var got string
			if err := db.Writer().QueryRowContext(context.Background(), `SELECT current_setting($1)`, name).Scan(&got); err != nil || got != want {
				t.Errorf("%s = %q (%v), want %q", name, got, err, want)
			}
		}
	})
}
