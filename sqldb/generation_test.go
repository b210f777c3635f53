package sqldb_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestGeneration: the data's generation moves on after every committed write, and only then: not for
// a write that was rolled back, a read, or a session (which no visitor sees); on PostgreSQL a second
// node sees it move at once.
func TestGeneration(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			u := sqldbtest.URL(t, d)
			db := openMigrated(t, u)
			nodes := []*sqldb.DB{db}
			if d.MultiNode() {
				other, err := sqldb.Open(ctx, u)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { other.Close() })
				nodes = append(nodes, other)
			}
			generation := func(db *sqldb.DB) int64 {
				t.Helper()
				g, err := db.Generation(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return g
			}
			last := generation(db)
			same := func(what string) {
				t.Helper()
				for i, n := range nodes {
					if g := generation(n); g != last {
						t.Errorf("after %s, node %d: generation %d, want %d", what, i, g, last)
					}
				}
			}
			moved := func(what string) {
				t.Helper()
				for i, n := range nodes {
					if g := generation(n); g <= last {
						t.Errorf("after %s, node %d: generation %d, want more than %d", what, i, g, last)
					}
				}
				last = generation(db)
			}

			write := func(tx *sqldb.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO instance_secrets (name, value, created_at) VALUES ($1, '1', $2)`,
					"k"+time.Now().Format("150405.000000000"), tx.Now())
				return err
			}
			if err := db.Update(ctx, write); err != nil {
				t.Fatal(err)
			}
			moved("a committed write")
			if err := nodes[len(nodes)-1].Update(ctx, write); err != nil {
				t.Fatal(err)
			}
			moved("a committed write on the other node")

			refused := errors.New("refused")
			if err := db.Update(ctx, func(tx *sqldb.Tx) error {
				if err := write(tx); err != nil {
					return err
				}
				return refused
			}); !errors.Is(err, refused) {
				t.Fatalf("rolled back write: %v", err)
			}
			same("a write rolled back")
			if err := db.View(ctx, func(tx *sqldb.Tx) error {
				var n int
				return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM instance_secrets`).Scan(&n)
			}); err != nil {
				t.Fatal(err)
			}
			same("a read")
			sessions := sqldb.NewSessionStore(db)
			if err := sessions.CommitCtx(ctx, "a-session-token", []byte("data"), time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			same("a session saved")
		})
	}
}

// openMigrated opens the database at u and brings its schema up to date.
func openMigrated(t *testing.T, u string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return db
}
