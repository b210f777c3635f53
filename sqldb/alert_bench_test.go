package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// BenchmarkAlertFanOut measures alerting a roster of 120,000 volunteers of whom 100,000 match a
// crisis (in Chile or from anywhere, in translation, by email; the others are in Kenya): one
// AlertRoster queues the 100,000 alerts. Then it measures the dispatcher, which decides the alerts
// in batches of 500 and queues a mail for each (alerts/s).
//
//	go test -run '^$' -bench AlertFanOut -benchtime 3x ./sqldb
func BenchmarkAlertFanOut(b *testing.B) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) { benchmarkAlertFanOut(b, sqldbtest.Open(b, d)) })
	}
}

// fillRoster inserts n people on the standby roster, a sixth of them in Kenya, the rest in Chile.
func fillRoster(b *testing.B, db *sqldb.DB, n int) (matching int) {
	ctx := context.Background()
	now := time.Now().UTC().Format("2006-01-02 15:04:05")
	const batch = 1000
	for start := 0; start < n; start += batch {
		var people, pledges []string
		for i := start; i < min(n, start+batch); i++ {
			people = append(people, fmt.Sprintf("('standby%d@example.org', 'Standby %d', 'es', '%s')", i, i, now))
			country := `["CL"]`
			if i%6 == 5 {
				country = `["KE"]`
			} else {
				matching++
			}
			pledges = append(pledges, fmt.Sprintf(`((SELECT id FROM people WHERE email = 'standby%d@example.org'), '%s', %v, '["translation"]',
				'["es"]', '["email"]', 4, '%s', '%s')`, i, country, i%10 == 0 && country != `["KE"]`, now, now))
		}
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO people (email, display_name, locale, created_at) VALUES `+strings.Join(people, ", ")); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO standby (person_id, countries, anywhere, skills, languages, channels,
			first_week_hours, created_at, updated_at) VALUES `+strings.Join(pledges, ", ")); err != nil {
			b.Fatal(err)
		}
	}
	return matching
}

func benchmarkAlertFanOut(b *testing.B, db *sqldb.DB) {
	ctx := context.Background()
	valid := func(id string) bool { return id == "translation" }
	crises := sqldb.NewCrisisService(db, sqldb.NewNeedService(db, valid, nil), valid)
	crises.SetAlerts(sqldb.QueueFunc(func(context.Context, *sqldb.Tx, civhub.Job) error { return nil }),
		func(string, civhub.AlertMessage) string { return "" })
	coord := &civhub.Person{Email: "coordinator@example.org", DisplayName: "Coordinator", Locale: "es"}
	if err := sqldb.NewPersonService(db).CreatePerson(ctx, coord); err != nil {
		b.Fatal(err)
	}
	matching := fillRoster(b, db, 120_000)
	var last *civhub.Crisis
	i := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		i++
		last = &civhub.Crisis{Slug: fmt.Sprintf("sismo-%d", i), Kind: "earthquake", Title: fmt.Sprintf("Sismo %d", i), Countries: []string{"CL"},
			Skills: []string{"translation"}}
		if err := crises.ActivateCrisis(ctx, last, nil, coord.ID); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n, err := crises.AlertRoster(ctx, last.ID, coord.ID)
		if err != nil || n != matching {
			b.Fatalf("alerted %d (%v), want %d", n, err, matching)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(matching), "alerts/op")

	// The dispatcher over the first 20,000 alerts.
	start := time.Now()
	sent := 0
	for sent < 20_000 {
		n, err := crises.DispatchAlerts(ctx, 500)
		if err != nil || n == 0 {
			b.Fatalf("dispatched %d (%v)", n, err)
		}
		sent += n
	}
	b.ReportMetric(float64(sent)/time.Since(start).Seconds(), "dispatched/s")
}
