package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"civhub"
	"civhub/jobs"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func newRunner(t *testing.T, db *sqldb.DB) *jobs.Runner {
	t.Helper()
	ctx := context.Background()
	if err := jobs.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	r, err := jobs.New(db, logger, jobs.Services{Housekeeping: sqldb.NewHousekeepingService(db)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func countRows(t *testing.T, db *sqldb.DB, query string) int {
	t.Helper()
	var n int
	err := db.View(context.Background(), func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(context.Background(), query).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitFor polls cond until it holds or 20 seconds pass; it checks an outcome, not a speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

// TestPeriodicPurge starts the runner and expects the periodic purge job, which runs on start, to
// remove an expired session but keep a live one.
func TestPeriodicPurge(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ('old', $1, $2), ('live', $1, $3)`,
				[]byte("x"), tx.Now().Add(-time.Hour), tx.Now().Add(time.Hour))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r := newRunner(t, db)
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the expired session to be purged", func() bool {
			return countRows(t, db, `SELECT COUNT(*) FROM sessions`) == 1
		})
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := r.Stop(stopCtx); err != nil {
			t.Fatalf("stop: %v", err)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM sessions WHERE token = 'live'`); n != 1 {
			t.Fatal("the live session was purged")
		}
	})
}

// TestEnqueueFollowsTransaction proves a job exists only if the transaction that enqueued it commits.
func TestEnqueueFollowsTransaction(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newRunner(t, db)
		rollback := civhub.Errorf(civhub.EINVALID, "roll back")
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			if err := r.Enqueue(ctx, tx, jobs.PurgeExpiredJob{}); err != nil {
				return err
			}
			return rollback
		})
		if err != rollback {
			t.Fatalf("update: %v", err)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM river_job`); n != 0 {
			t.Fatalf("%d jobs after a rolled-back enqueue, want 0", n)
		}
		if err := db.Update(ctx, func(tx *sqldb.Tx) error { return r.Enqueue(ctx, tx, jobs.PurgeExpiredJob{}) }); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM river_job WHERE kind = 'purge_expired'`); n != 1 {
			t.Fatalf("%d jobs after a committed enqueue, want 1", n)
		}
	})
}
