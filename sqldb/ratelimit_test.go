package sqldb_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// setClock makes start the database's "now" until the test moves it on.
func setClock(db *sqldb.DB, start time.Time) *clock {
	c := &clock{now: start}
	c.install(db)
	return c
}

func (c *clock) advance(d time.Duration) { c.now = c.now.Add(d) }

// retryAfter returns the time to wait that err carries, failing unless err is ETOOMANY.
func retryAfter(t *testing.T, err error) time.Duration {
	t.Helper()
	var e *civhub.Error
	if civhub.ErrorCode(err) != civhub.ETOOMANY || !errors.As(err, &e) || e.RetryAfter <= 0 {
		t.Fatalf("err = %v, want ETOOMANY with a time to wait", err)
	}
	return e.RetryAfter
}

// TestEveryLimitAtItsBound counts each declared limit up to its maximum (every attempt passes),
// then once more (refused, saying how long to wait), and checks that the window slides: the attempt
// refused just before the oldest one leaves the window passes right after.
func TestEveryLimitAtItsBound(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		limits := sqldb.Limits()
		if len(limits) < 10 {
			t.Fatalf("only %d limits declared", len(limits))
		}
		for _, l := range limits {
			t.Run(l.Name, func(t *testing.T) {
				c := setClock(db, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
				step := l.Window / time.Duration(4*l.Max) // every attempt within the first quarter of the window
				for i := 1; i <= l.Max; i++ {
					if err := db.Attempt(ctx, l.Name, "subject", false); err != nil {
						t.Fatalf("attempt %d of %d: %v", i, l.Max, err)
					}
					c.advance(step)
				}
				wait := retryAfter(t, db.Attempt(ctx, l.Name, "subject", false))
				if want := l.Window - time.Duration(l.Max)*step; wait < want-time.Second || wait > want+time.Second {
					t.Errorf("attempt %d: wait %v, want about %v (until the first attempt leaves the window)", l.Max+1, wait, want)
				}
				if err := db.Attempt(ctx, l.Name, "another subject", false); err != nil {
					t.Errorf("another subject: %v", err)
				}
				c.advance(wait - time.Millisecond)
				retryAfter(t, db.Attempt(ctx, l.Name, "subject", false))
				c.advance(time.Millisecond)
				if err := db.Attempt(ctx, l.Name, "subject", false); err != nil {
					t.Fatalf("once the first attempt left the window: %v", err)
				}
				retryAfter(t, db.Attempt(ctx, l.Name, "subject", false))
			})
		}
	})
}

// TestLimitEdgeBurst sends a burst at the end of a quarter of an hour and another at the start of
// the next: a fixed window would let both through.
func TestLimitEdgeBurst(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := setClock(db, time.Date(2026, 3, 2, 9, 14, 50, 0, time.UTC))
		passed := 0
		for i := 0; i < 20; i++ {
			if err := db.Attempt(ctx, "signin-failures-account", "x", false); err == nil {
				passed++
			}
			c.advance(time.Second)
		}
		if passed != 10 {
			t.Fatalf("%d of 20 attempts around 9:15 passed, want 10", passed)
		}
	})
}

// TestForgivenAttemptsDoNotCount counts and forgives many more attempts than the limit allows.
func TestForgivenAttemptsDoNotCount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) // every attempt in the same microsecond
		for i := 0; i < 25; i++ {
			if err := db.Attempt(ctx, "signin-failures-account", "x", true); err != nil {
				t.Fatalf("forgiven attempt %d: %v", i+1, err)
			}
		}
		for i := 0; i < 10; i++ {
			if err := db.Attempt(ctx, "signin-failures-account", "x", false); err != nil {
				t.Fatalf("attempt %d after the forgiven ones: %v", i+1, err)
			}
		}
		retryAfter(t, db.Attempt(ctx, "signin-failures-account", "x", false))
	})
}

// TestLimitUnderConcurrency sends many attempts at once: exactly the limit's number pass.
func TestLimitUnderConcurrency(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for round := 0; round < 5; round++ {
			var wg sync.WaitGroup
			var mu sync.Mutex
			passed := 0
			for i := 0; i < 30; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := db.Attempt(ctx, "signin-failures-account", string(rune('a'+round)), false)
					if err != nil && civhub.ErrorCode(err) != civhub.ETOOMANY {
						t.Error(err)
					}
					mu.Lock()
					defer mu.Unlock()
					if err == nil {
						passed++
					}
				}()
			}
			wg.Wait()
			if passed != 10 {
				t.Fatalf("round %d: %d of 30 concurrent attempts passed, want 10", round, passed)
			}
		}
	})
}
