package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// alertWorld is a crisis with a roster around it, the services that alert it, and what the
// alerts queued.
type alertWorld struct {
	*needWorld
	crises *sqldb.CrisisService
	roster *sqldb.StandbyService
	crisis *civhub.Crisis
	coord  *civhub.Person
	jobs   []civhub.Job
	mu     sync.Mutex
}

func newAlertWorld(t *testing.T, db *sqldb.DB, c *civhub.Crisis) *alertWorld {
	t.Helper()
	w := &alertWorld{needWorld: newNeedWorld(t, db), crisis: c}
	valid := func(id string) bool {
		return slices.Contains([]string{"translation", "mapping", "data_entry", "fact_checking"}, id)
	}
	w.crises, w.roster = sqldb.NewCrisisService(db, w.needs, valid), sqldb.NewStandbyService(db, valid)
	w.crises.SetAlerts(sqldb.QueueFunc(func(_ context.Context, _ *sqldb.Tx, job civhub.Job) error {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.jobs = append(w.jobs, job)
		return nil
	}), func(locale string, m civhub.AlertMessage) string {
		return fmt.Sprintf("[%s] %s: %s %s", locale, m.Crisis.Title, m.TaskTitle, m.Path)
	})
	w.coord = verifiedPerson(t, db, "kofi@example.org")
	if err := w.crises.ActivateCrisis(context.Background(), c, []int64{w.org.ID}, w.coord.ID); err != nil {
		t.Fatal(err)
	}
	return w
}

// standby puts a new person on the roster with pledge; a pledge that takes SMS gets a confirmed
// number first.
func (w *alertWorld) standby(t *testing.T, email string, pledge civhub.StandbyPledge) *civhub.Person {
	t.Helper()
	p := verifiedPerson(t, w.db, email)
	if slices.Contains(pledge.Channels, civhub.ChannelSMS) {
		if _, err := w.db.Writer().Exec(`INSERT INTO person_phones (person_id, number, verified_at, created_at, updated_at)
			VALUES ($1, $2, $3, $3, $3)`, p.ID, fmt.Sprintf("+5691%07d", p.ID), time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
	}
	pledge.PersonID = p.ID
	if pledge.FirstWeekHours == 0 {
		pledge.FirstWeekHours = 4
	}
	if err := w.roster.SavePledge(context.Background(), &pledge); err != nil {
		t.Fatalf("%s: %v", email, err)
	}
	return p
}

// alerted lists the alerts of the crisis as "person channel status reason".
func (w *alertWorld) alerted(t *testing.T, crisis int64) []string {
	t.Helper()
	rows, err := w.db.Writer().Query(`SELECT person_id, channel, status, reason FROM alerts WHERE crisis_id = $1 ORDER BY person_id, channel`, crisis)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var person int64
		var channel, status, reason string
		if err := rows.Scan(&person, &channel, &status, &reason); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.TrimSpace(fmt.Sprintf("%d %s %s %s", person, channel, status, reason)))
	}
	return out
}

// TestAlertFanOut: alerting the roster reaches exactly those whose pledge matches by the Go rule,
// on each channel they chose (SMS only with a number that takes messages), and nobody else; doing
// it again alerts nobody twice.
func TestAlertFanOut(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := &civhub.Crisis{Slug: "inundacion", Kind: "flood", Title: "Inundación en Arica", Countries: []string{"CL", "PE"},
			Languages: []string{"ht"}, Skills: []string{"translation", "fact_checking"}}
		w := newAlertWorld(t, db, c)
		rng := rand.New(rand.NewPCG(16, 3))
		pick := func(from []string) []string {
			var out []string
			for _, s := range from {
				if rng.IntN(3) == 0 {
					out = append(out, s)
				}
			}
			return out
		}
		var want []string
		matching := 0
		for i := range 40 {
			pl := civhub.StandbyPledge{Countries: pick([]string{"CL", "PE", "KE", "FR"}), Anywhere: rng.IntN(4) == 0,
				Skills: pick([]string{"translation", "mapping", "fact_checking", "data_entry"}), Languages: pick([]string{"ht", "fr", "es", "ar"}),
				Channels: [][]string{{"email"}, {"sms"}, {"email", "sms"}}[rng.IntN(3)]}
			if len(pl.Countries) == 0 && !pl.Anywhere {
				pl.Countries = []string{"KE"}
			}
			p := w.standby(t, fmt.Sprintf("v%d@example.org", i), pl)
			paused, stopped, disabled := rng.IntN(6) == 0, rng.IntN(5) == 0, i == 7
			if paused {
				if err := w.roster.PausePledge(ctx, p.ID, true); err != nil {
					t.Fatal(err)
				}
				now := time.Now()
				pl.PausedAt = &now
			}
			if stopped {
				if _, err := db.Writer().Exec(`UPDATE person_phones SET stopped_at = $1 WHERE person_id = $2`, time.Now().UTC(), p.ID); err != nil {
					t.Fatal(err)
				}
			}
			if disabled {
				if _, err := db.Writer().Exec(`UPDATE people SET disabled_at = $1 WHERE id = $2`, time.Now().UTC(), p.ID); err != nil {
					t.Fatal(err)
				}
			}
			if !pl.Matches(c) || disabled {
				continue
			}
			matching++
			for _, ch := range []string{"email", "sms"} {
				if slices.Contains(pl.Channels, ch) && (ch == "email" || !stopped) {
					want = append(want, fmt.Sprintf("%d %s queued", p.ID, ch))
				}
			}
		}
		if len(want) < 5 || len(want) > 60 {
			t.Fatalf("the roster should have some alerts to send, and not all: %d", len(want))
		}
		sit, err := w.crises.Situation(ctx, c.ID)
		if err != nil || sit.Standby != matching {
			t.Fatalf("standby matching on the board: %+v %v, want %d", sit, err, matching)
		}
		n, err := w.crises.AlertRoster(ctx, c.ID, w.coord.ID)
		if err != nil || n != len(want) {
			t.Fatalf("alerted %d (%v), want %d", n, err, len(want))
		}
		slices.Sort(want)
		got := w.alerted(t, c.ID)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("alerted:\n%v\nwant:\n%v", got, want)
		}
		if len(w.jobs) != 1 || w.jobs[0].Kind() != "dispatch_alerts" {
			t.Errorf("the dispatcher should be asked to start: %v", w.jobs)
		}
		if n, err := w.crises.AlertRoster(ctx, c.ID, w.coord.ID); err != nil || n != 0 {
			t.Fatalf("alerting again: %d %v", n, err)
		}
		// Someone who joins later is alerted the next time, alone.
		late := w.standby(t, "late@example.org", civhub.StandbyPledge{Anywhere: true, Languages: []string{"ht"}, Channels: []string{"email"}})
		if n, err := w.crises.AlertRoster(ctx, c.ID, w.coord.ID); err != nil || n != 1 {
			t.Fatalf("alerting after %d joined: %d %v", late.ID, n, err)
		}
		counts, err := w.crises.AlertCounts(ctx, c.ID)
		if err != nil || counts.Queued != len(want)+1 || counts.Sent != 0 {
			t.Fatalf("counts: %+v %v", counts, err)
		}
	})
}

// TestAlertDispatch: due alerts are sent with the task that suits the person, after their quiet
// hours unless the crisis is life-safety, spaced out per person, skipped once nothing may carry
// them; and dispatchers working at once send each exactly once.
func TestAlertDispatch(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		night := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return night }
		c := &civhub.Crisis{Slug: "sismo", Kind: "earthquake", Title: "Sismo en Valparaíso", Countries: []string{"CL"},
			Languages: []string{"es", "fr"}, Skills: []string{"translation", "mapping"}}
		w := newAlertWorld(t, db, c)
		text := func(tpl, target string) (string, string) { return "Tarea " + tpl + " " + target, "Detalles." }
		if _, err := w.crises.PublishCrisisTasks(ctx, c.ID, w.org.ID, []string{"translate_health", "map_area"}, "es", text, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		// A mapper is recommended the crisis's mapping task first, and told why.
		mapper := verifiedPerson(t, db, "mapper@example.org")
		if err := newProfiles(t, db).SaveProfile(ctx, &civhub.Profile{PersonID: mapper.ID, Skills: []string{"mapping"}, HoursPerWeek: 4}); err != nil {
			t.Fatal(err)
		}
		recs, err := w.needs.RecommendTasks(ctx, mapper.ID, 5)
		if err != nil || len(recs) == 0 || !strings.Contains(recs[0].Task.Title, "map_area") ||
			!slices.ContainsFunc(recs[0].Reasons, func(r civhub.Reason) bool { return r.Key == "match.crisis" }) {
			t.Fatalf("recommendations for a mapper during the crisis: %+v %v", recs, err)
		}
		ana := w.standby(t, "ana@example.org", civhub.StandbyPledge{Countries: []string{"CL"}, Languages: []string{"fr"}, Channels: []string{"email"}})
		ben := w.standby(t, "ben@example.org", civhub.StandbyPledge{Anywhere: true, Skills: []string{"mapping"}, Channels: []string{"sms"},
			QuietFrom: 22 * 60, QuietTo: 7 * 60})
		cat := w.standby(t, "cat@example.org", civhub.StandbyPledge{Countries: []string{"CL"}, Skills: []string{"translation"}, Channels: []string{"email"}})
		dan := w.standby(t, "dan@example.org", civhub.StandbyPledge{Countries: []string{"CL"}, Skills: []string{"mapping"}, Channels: []string{"sms"}})
		if n, err := w.crises.AlertRoster(ctx, c.ID, w.coord.ID); err != nil || n != 4 {
			t.Fatalf("alerted %d: %v", n, err)
		}
		// Between the alert and its sending, Cat pauses her pledge and Dan's number says STOP.
		if err := w.roster.PausePledge(ctx, cat.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Writer().Exec(`UPDATE person_phones SET stopped_at = $1 WHERE person_id = $2`, night, dan.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := w.crises.DispatchAlerts(ctx, 100); err != nil || n != 4 {
			t.Fatalf("dispatched %d: %v", n, err)
		}
		want := []string{fmt.Sprintf("%d email sent", ana.ID), fmt.Sprintf("%d sms queued quiet_hours", ben.ID),
			fmt.Sprintf("%d email skipped off_roster", cat.ID), fmt.Sprintf("%d sms skipped no_number", dan.ID)}
		if got := w.alerted(t, c.ID); !slices.Equal(got, want) {
			t.Fatalf("after the first run:\n%v\nwant\n%v", got, want)
		}
		// Ana translates into French: she is offered the translation into French.
		var kind, payload string
		if err := db.Writer().QueryRow(`SELECT kind, payload FROM mail_queue WHERE person_id = $1`, ana.ID).Scan(&kind, &payload); err != nil {
			t.Fatal(err)
		}
		var offered int64
		if err := db.Writer().QueryRow(`SELECT task_id FROM alerts WHERE person_id = $1`, ana.ID).Scan(&offered); err != nil {
			t.Fatal(err)
		}
		if kind != civhub.MailCrisisAlert || !strings.Contains(payload, "Tarea translate_health fr") || !strings.Contains(payload, fmt.Sprintf(`"/tasks/%d"`, offered)) {
			t.Errorf("Ana's mail: %s %s (task %d)", kind, payload, offered)
		}
		if n := countSMS(t, db, "crisis_alert"); n != 0 {
			t.Fatalf("a text message was sent in quiet hours or to a stopped number: %d", n)
		}
		// Ben's quiet hours end at 07:00: nothing before, his text message after.
		var after time.Time
		if err := db.Writer().QueryRow(`SELECT send_after FROM alerts WHERE person_id = $1`, ben.ID).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if wantAfter := time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC); !after.Equal(wantAfter) {
			t.Errorf("Ben waits until %v, want %v", after, wantAfter)
		}
		if n, err := w.crises.DispatchAlerts(ctx, 100); err != nil || n != 0 {
			t.Fatalf("nothing is due before 07:00: %d %v", n, err)
		}
		db.Now = func() time.Time { return night.Add(4*time.Hour + time.Minute) }
		if n, err := w.crises.DispatchAlerts(ctx, 100); err != nil || n != 1 {
			t.Fatalf("Ben's alert at 07:01: %d %v", n, err)
		}
		// The message as sent: í is not in GSM-7, so it goes as i.
		var body, number string
		if err := db.Writer().QueryRow(`SELECT body, number FROM sms_messages WHERE kind = 'crisis_alert'`).Scan(&body, &number); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, "Tarea map_area") || !strings.HasPrefix(body, "[en] Sismo en Valparaiso") || !strings.HasPrefix(number, "+5691") {
			t.Errorf("Ben's message: %q to %s", body, number)
		}

		// A second crisis minutes later: Ana's mail goes at once, Ben's text message waits ten
		// minutes after his last.
		db.Now = func() time.Time { return night.Add(4*time.Hour + 5*time.Minute) }
		life := &civhub.Crisis{Slug: "tsunami", Kind: "flood", Title: "Alerta de tsunami", Countries: []string{"CL"}, LifeSafety: true}
		if err := w.crises.ActivateCrisis(ctx, life, nil, w.coord.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := w.crises.AlertRoster(ctx, life.ID, w.coord.ID); err != nil || n != 2 {
			t.Fatalf("the tsunami alerts Ana and Ben (Cat paused, Dan's number stopped): %d %v", n, err)
		}
		if n, err := w.crises.DispatchAlerts(ctx, 100); err != nil || n != 2 {
			t.Fatalf("dispatched %d: %v", n, err)
		}
		var benAfter time.Time
		if err := db.Writer().QueryRow(`SELECT send_after FROM alerts WHERE person_id = $1 AND crisis_id = $2`, ben.ID, life.ID).Scan(&benAfter); err != nil {
			t.Fatal(err)
		}
		if want := night.Add(4*time.Hour + time.Minute + civhub.AlertSpacing); !benAfter.Equal(want) {
			t.Errorf("Ben's second alert waits until %v, want %v (ten minutes after his first)", benAfter, want)
		}

		// Stand-down: what still waits is not sent.
		if err := w.crises.StandDown(ctx, life.ID, "", w.coord.ID); err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return night.Add(5 * time.Hour) }
		if _, err := w.crises.DispatchAlerts(ctx, 100); err != nil {
			t.Fatal(err)
		}
		want = []string{fmt.Sprintf("%d email sent", ana.ID), fmt.Sprintf("%d sms skipped stood_down", ben.ID)}
		if got := w.alerted(t, life.ID); !slices.Equal(got, want) {
			t.Errorf("after stand-down: %v, want %v", got, want)
		}
		if _, err := w.crises.AlertRoster(ctx, life.ID, w.coord.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Errorf("alerting after stand-down: %v", err)
		}

		// Four dispatchers at once over 60 alerts: each person gets exactly one mail.
		big := &civhub.Crisis{Slug: "incendio", Kind: "wildfire", Title: "Incendio en Viña", Countries: []string{"CL"}, LifeSafety: true}
		if err := w.crises.ActivateCrisis(ctx, big, nil, w.coord.ID); err != nil {
			t.Fatal(err)
		}
		for i := range 60 {
			w.standby(t, fmt.Sprintf("fire%d@example.org", i), civhub.StandbyPledge{Countries: []string{"CL"}, Channels: []string{"email"}})
		}
		if n, err := w.crises.AlertRoster(ctx, big.ID, w.coord.ID); err != nil || n < 60 {
			t.Fatalf("alerted %d: %v", n, err)
		}
		db.Now = func() time.Time { return night.Add(6 * time.Hour) }
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Go(func() {
				for {
					n, err := w.crises.DispatchAlerts(ctx, 7)
					if err != nil {
						errs <- err
						return
					}
					if n == 0 {
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var mails, people, queued int
		if err := db.Writer().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT person_id) FROM mail_queue WHERE kind = $1 AND payload LIKE '%Incendio%'`,
			civhub.MailCrisisAlert).Scan(&mails, &people); err != nil {
			t.Fatal(err)
		}
		if err := db.Writer().QueryRow(`SELECT COUNT(*) FROM alerts WHERE crisis_id = $1 AND status = 'queued'`, big.ID).Scan(&queued); err != nil {
			t.Fatal(err)
		}
		if mails != people || people < 60 || queued != 0 {
			t.Errorf("%d mails to %d people, %d alerts still queued: each should have exactly one", mails, people, queued)
		}
	})
}

func countSMS(t *testing.T, db *sqldb.DB, kind string) int {
	t.Helper()
	var n int
	if err := db.Writer().QueryRow(`SELECT COUNT(*) FROM sms_messages WHERE kind = $1`, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
