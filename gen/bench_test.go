package gen_test

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"testing"
	"time"

	"civhub"
	"civhub/gen"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
	"civhub/taxonomy"
)

// BenchmarkAtScale generates a world (CIVHUB_BENCH_SCALE: small by default, medium, large) on each
// database, then times the hot paths, reporting the median, 95th and 99th percentile of single
// operations in milliseconds:
//
//	go test -run '^$' -bench AtScale -benchtime 200x ./gen
//	CIVHUB_BENCH_SCALE=medium go test -run '^$' -bench AtScale -benchtime 200x -timeout 1h ./gen
//
// Generating large takes minutes; to time a database civhub gen filled already, name it in
// CIVHUB_BENCH_SQLITE (a file) or CIVHUB_BENCH_POSTGRES (a URL), with its scale in
// CIVHUB_BENCH_SCALE. A dialect without one is generated as usual.
func BenchmarkAtScale(b *testing.B) {
	scale := benchScale(b)
	tax, err := taxonomy.Load()
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d)+"/"+scale.Name, func(b *testing.B) {
			ctx := context.Background()
			db := filled(b, d, scale)
			notes := sqldb.NewNotificationService(db, sqldb.QueueFunc(func(context.Context, *sqldb.Tx, civhub.Job) error { return nil }))
			needs := sqldb.NewNeedService(db, func(id string) bool { _, ok := tax.Skill(id); return ok }, notes)

			queries := []civhub.TaskFilter{
				{Query: "albergues", Limit: 20}, {Query: "abris", Limit: 20}, {Query: "الملاجئ", Limit: 20}, {Query: "newsletter", Limit: 20},
				{Type: "mapping", Limit: 20}, {Skill: "data_entry", Limit: 20}, {Language: "fr", UrgentOnly: true, Limit: 20},
				{Query: "plan", Sort: "deadline", Limit: 20}, {Limit: 20},
			}
			timed(b, "SearchTasks", func(i int) error {
				_, err := needs.SearchTasks(ctx, queries[i%len(queries)])
				return err
			})
			// Words in thousands of tasks and in most, by deadline, alone and with a type: the searches
			// whose plan is chosen by counting their matches on SQLite.
			common := []civhub.TaskFilter{
				{Query: "newsletter", Sort: "deadline", Limit: 20}, {Query: "de", Sort: "deadline", Limit: 20},
				{Query: "newsletter", Type: "data_entry", Sort: "deadline", Limit: 20}, {Query: "de", Type: "data_entry", Sort: "deadline", Limit: 20},
			}
			// Words with a type they are rarely or never in: found first, or met in the indexes.
			typed := []civhub.TaskFilter{
				{Query: "subvención", Type: "data_entry", Sort: "deadline", Limit: 20}, {Query: "newsletter", Type: "mapping", Sort: "deadline", Limit: 20},
				{Query: "albergues", Country: "KE", Sort: "deadline", Limit: 20}, {Query: "zzqx", Type: "data_entry", Sort: "deadline", Limit: 20},
			}
			for _, f := range typed {
				timed(b, "SearchWordsOfOtherTypes/"+f.Query+"-"+f.Type+f.Country, func(int) error {
					_, err := needs.SearchTasks(ctx, f)
					return err
				})
			}
			timed(b, "SearchCommonWords", func(i int) error {
				_, err := needs.SearchTasks(ctx, common[i%len(common)])
				return err
			})
			// The filters that look inside a stored list: a task's languages, its need's causes.
			filters := []civhub.TaskFilter{
				{Language: "fr", Limit: 20}, {Language: "ar", Sort: "deadline", Limit: 20}, {Cause: "sdg5", Limit: 20},
				{Cause: "sdg13", Language: "es", Limit: 20},
			}
			timed(b, "FilterTasksByList", func(i int) error {
				_, err := needs.SearchTasks(ctx, filters[i%len(filters)])
				return err
			})
			// Suggestions are shown for open tasks with places left (the task page asks for no others).
			open := openTasks(b, db)
			timed(b, "SuggestVolunteers", func(i int) error {
				_, err := needs.SuggestVolunteers(ctx, open[(i*7919)%len(open)], 20)
				return err
			})
			timed(b, "RecommendTasks", func(i int) error {
				_, err := needs.RecommendTasks(ctx, int64(1+(i*104729)%scale.Volunteers), 20)
				return err
			})
		})
	}
}

// benchScale is the scale named in CIVHUB_BENCH_SCALE, small by default.
func benchScale(b *testing.B) gen.Scale {
	name := os.Getenv("CIVHUB_BENCH_SCALE")
	if name == "" {
		name = "small"
	}
	scale, err := gen.FindScale(name)
	if err != nil {
		b.Fatal(err)
	}
	return scale
}

// timed runs op b.N times as a sub-benchmark and reports the percentiles of its durations.
func timed(b *testing.B, name string, op func(i int) error) {
	b.Run(name, func(b *testing.B) {
		durations := make([]time.Duration, 0, b.N)
		for i := 0; b.Loop(); i++ {
			start := time.Now()
			if err := op(i); err != nil {
				b.Fatal(err)
			}
			durations = append(durations, time.Since(start))
		}
		slices.Sort(durations)
		at := func(q float64) float64 {
			return float64(durations[min(len(durations)-1, int(q*float64(len(durations))))].Microseconds()) / 1000
		}
		b.ReportMetric(at(0.50), "p50-ms")
		b.ReportMetric(at(0.95), "p95-ms")
		b.ReportMetric(at(0.99), "p99-ms")
	})
}

// filled returns a database of dialect d holding scale's world: the one named in the environment,
// or a new one generated for the benchmark.
func filled(b *testing.B, d sqldb.Dialect, scale gen.Scale) *sqldb.DB {
	ctx := context.Background()
	if url := os.Getenv(map[sqldb.Dialect]string{sqldb.SQLite: "CIVHUB_BENCH_SQLITE", sqldb.Postgres: "CIVHUB_BENCH_POSTGRES"}[d]); url != "" {
		db, err := sqldb.Open(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx, slog.New(slog.DiscardHandler)); err != nil { // a world generated before the last migrations
			b.Fatal(err)
		}
		return db
	}
	db := sqldbtest.Open(b, d)
	start := time.Now()
	if err := gen.Fill(ctx, db, scale, 1, nil); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s on %s in %s", scale.Name, d, time.Since(start).Round(time.Second))
	return db
}

// openTasks lists the IDs of db's open tasks that have places left.
func openTasks(b *testing.B, db *sqldb.DB) []int64 {
	rows, err := db.Writer().QueryContext(context.Background(), `SELECT id FROM tasks
		WHERE status = 'open' AND slots_taken < volunteers_wanted ORDER BY id`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil || len(ids) == 0 {
		b.Fatalf("open tasks: %d, %v", len(ids), err)
	}
	return ids
}
