package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestNodesStartTogether starts three nodes at the same moment on one empty PostgreSQL database, as
// a deployment behind a load balancer does: every one must come up (each migrates at start-up), and
// three `civhub migrate` run together must all succeed too. Without a lock around the migrations, two
// of three failed with "relation already exists".
func TestNodesStartTogether(t *testing.T) {
	const nodes = 3
	t.Run("serve", func(t *testing.T) {
		url := sqldbtest.URL(t, sqldb.Postgres)
		mains := make([]*Main, nodes)
		for i := range mains {
			mains[i] = &Main{
				Config: Config{Addr: "127.0.0.1:0", DatabaseURL: url, ShutdownTimeout: 10 * time.Second,
					BaseURL: "http://civhub.example", MailFrom: "civhub <civhub@example.org>"},
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			}
			t.Cleanup(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				mains[i].Close(ctx)
			})
		}
		errs := together(nodes, func(i int) error {
			if err := mains[i].Open(context.Background()); err != nil {
				return err
			}
			return mains[i].Run(context.Background())
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("node %d did not come up: %v", i, err)
			}
			resp, err := http.Get("http://" + mains[i].Addr() + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("node %d: /readyz = %d", i, resp.StatusCode)
			}
		}
	})
	t.Run("migrate", func(t *testing.T) {
		for round := range 3 {
			url := sqldbtest.URL(t, sqldb.Postgres)
			errs := together(nodes, func(int) error {
				return run(context.Background(), []string{"migrate", "--db", url}, io.Discard, io.Discard)
			})
			for i, err := range errs {
				if err != nil {
					t.Errorf("round %d: migrator %d: %v", round, i, err)
				}
			}
		}
	})
}

// together runs fn(0) … fn(n-1) in goroutines released at the same moment and returns their errors.
func together(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}
