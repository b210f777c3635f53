package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestAlertsSurviveAKill alerts a roster of thousands, starts the real civhub serve, kills it
// (SIGKILL, no goodbye) while it is sending the alerts, starts it again, and expects every alert
// sent exactly once: one mail per volunteer, none lost and none twice, on both databases.
func TestAlertsSurviveAKill(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) { alertsSurviveAKill(t, d) })
	}
}

func alertsSurviveAKill(t *testing.T, d sqldb.Dialect) {
	const roster = 4000
	ctx := context.Background()
	url := sqldbtest.URL(t, d)
	m := &Main{Config: Config{DatabaseURL: url}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	coordinator := &civhub.Person{Email: "coordinator@example.org", DisplayName: "Kofi", Locale: "en"}
	if err := m.Services.People.CreatePerson(ctx, coordinator); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if err := m.DB.Update(ctx, func(tx *sqldb.Tx) error {
		for start := 0; start < roster; start += 500 {
			var people, pledges []string
			for i := start; i < start+500; i++ {
				people = append(people, fmt.Sprintf("('v%d@example.org', 'V%d', 'es', $1)", i, i))
				pledges = append(pledges, fmt.Sprintf(`((SELECT id FROM people WHERE email = 'v%d@example.org'), '["CL"]', '["email"]', 4, $1, $1)`, i))
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO people (email, display_name, locale, created_at) VALUES `+strings.Join(people, ", "), now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO standby (person_id, countries, channels, first_week_hours, created_at, updated_at)
				VALUES `+strings.Join(pledges, ", "), now); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	quake := &civhub.Crisis{Slug: "sismo", Kind: "earthquake", Title: "Sismo en Valparaíso", Countries: []string{"CL"}}
	if err := m.Services.Crises.ActivateCrisis(ctx, quake, nil, coordinator.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := m.Services.Crises.AlertRoster(ctx, quake.ID, coordinator.ID); err != nil || n != roster {
		t.Fatalf("alerted %d: %v", n, err)
	}
	if err := m.Close(ctx); err != nil {
		t.Fatal(err)
	}

	db, err := sqldb.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.View(ctx, func(tx *sqldb.Tx) error { return tx.QueryRowContext(ctx, query, args...).Scan(&n) }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	sent := func() int { return count(`SELECT COUNT(*) FROM alerts WHERE status = $1`, civhub.AlertSent) }
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(3 * time.Minute); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 3 minutes (%d of %d alerts sent)", what, sent(), roster)
			}
		}
	}

	first, err := startServe(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.cmd.Process.Kill(); first.cmd.Wait() })
	waitFor("the first node starts sending", func() bool { return sent() > 0 })
	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()
	atKill := sent()
	if atKill >= roster {
		t.Fatalf("all %d alerts were sent before the kill: the test proves nothing; alert a larger roster", roster)
	}

	second, err := startServe(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.stop() })
	waitFor("the second node sends the rest", func() bool { return sent() == roster })
	if err := second.stop(); err != nil {
		t.Error(err)
	}

	mails := count(`SELECT COUNT(*) FROM mail_queue WHERE kind = $1`, civhub.MailCrisisAlert)
	people := count(`SELECT COUNT(DISTINCT person_id) FROM mail_queue WHERE kind = $1`, civhub.MailCrisisAlert)
	if mails != roster || people != roster {
		t.Errorf("%d mails to %d people, want exactly one to each of %d", mails, people, roster)
	}
	if q := count(`SELECT COUNT(*) FROM alerts WHERE status <> $1`, civhub.AlertSent); q != 0 {
		t.Errorf("%d alerts not sent", q)
	}
	t.Logf("killed after %d of %d alerts; the restarted node sent the other %d", atKill, roster, roster-atKill)
}
