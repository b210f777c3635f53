package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sms/smstest"
	"civhub/sqldb"
)

// jobWorld is a verified organization with tasks and saved opportunities, and records aged so that
// every periodic job has something to do: a claim gone stale, one about to run out, an application
// left unanswered, a task not yet matched to volunteers, an entry past its deadline, a saved entry
// closing within the week, an entry not yet matched to organizations, inbox entries due in a digest,
// an expired session, and a place at an event offered to someone who did not confirm it in time.
type jobWorld struct {
	m                      *Main
	owner                  *civhub.Person
	org                    *civhub.Organization
	stale, expiring, asked *civhub.Assignment
	matcher                *civhub.Person // a volunteer whose skills suit the tasks
	closed, closing        *civhub.Resource
	lapsed, nextInLine     *civhub.Registration // the offer not confirmed in time; the next person waiting
	attendee               *civhub.Person       // has a place at an event starting within a day
	standby                *civhub.Person       // on the standby roster, alerted about a crisis
	open                   *civhub.Task         // a task anyone may claim
}

func newJobWorld(t *testing.T, m *Main) *jobWorld {
	t.Helper()
	ctx := context.Background()
	s := m.Services
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	w := &jobWorld{m: m}
	people := 0
	person := func() *civhub.Person {
		t.Helper()
		people++
		now := time.Now().UTC()
		p := &civhub.Person{Email: fmt.Sprintf("person%d@example.org", people), DisplayName: fmt.Sprintf("Person %d", people),
			Locale: "en", EmailVerifiedAt: &now}
		must("person", s.People.CreatePerson(ctx, p))
		return p
	}
	w.owner = person()
	moderator := person()
	w.org = &civhub.Organization{Slug: "valparaiso", Name: "Valparaíso Preparado", Type: civhub.OrgCommunity, Country: "CL",
		Causes: []string{"sdg11"}}
	must("organization", s.Organizations.CreateOrganization(ctx, w.org, w.owner.ID))
	req := &civhub.VerificationRequest{OrganizationID: w.org.ID, Evidence: "Registered neighbourhood council since 2011."}
	must("verification", s.Organizations.RequestVerification(ctx, req, w.owner.ID))
	must("verification", s.Organizations.DecideVerification(ctx, req.ID, true, "", moderator.ID))
	need := &civhub.Need{OrganizationID: w.org.ID, Title: "Map the shelters", Remote: true, Status: civhub.NeedOpen}
	must("need", s.Needs.CreateNeed(ctx, need, w.owner.ID))
	task := func(mode string) *civhub.Task {
		t := &civhub.Task{NeedID: need.ID, Title: "Enter shelter addresses", Type: "data_entry", Skills: []string{"data_entry"},
			EstimatedHours: 2, VolunteersWanted: 5, Urgency: civhub.UrgencyNormal, JoinMode: mode, ClaimHours: 24}
		must("task", s.Needs.CreateTask(ctx, t, w.owner.ID))
		return t
	}
	claimed, applied := task(civhub.JoinClaim), task(civhub.JoinApply)
	w.open = claimed
	join := func(action string, task *civhub.Task) *civhub.Assignment {
		a, err := s.Needs.Act(ctx, civhub.ActRequest{Action: action, TaskID: task.ID, By: person().ID, Message: "I can help."})
		must(action, err)
		return a
	}
	w.stale, w.expiring, w.asked = join(civhub.ActClaim, claimed), join(civhub.ActClaim, claimed), join(civhub.ActApply, applied)
	w.matcher = person()
	must("profile", s.Profiles.SaveProfile(ctx, &civhub.Profile{PersonID: w.matcher.ID, Skills: []string{"data_entry"}, HoursPerWeek: 4}))

	publish := func(title string, deadline time.Time) *civhub.Resource {
		r := &civhub.Resource{Kind: civhub.ResourceGrant, Title: title, Provider: "A foundation", URL: "https://fund.example.org",
			Countries: []string{"CL"}, Deadline: &deadline}
		must("submit", s.Resources.SubmitResource(ctx, r, moderator.ID))
		must("publish", s.Resources.ReviewResource(ctx, r.ID, civhub.DecidePublish, "", moderator.ID))
		return r
	}
	w.closed = publish("Community fund", time.Now().Add(60*24*time.Hour).UTC().Truncate(time.Second))
	w.closing = publish("Resilience fund", time.Now().Add(3*24*time.Hour).UTC().Truncate(time.Second))
	must("track", s.Resources.Track(ctx, w.org.ID, w.closing.ID, civhub.StageSaved, "", w.owner.ID))

	starts := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Minute)
	camp := &civhub.Event{Slug: "techcamp-valparaiso", Kind: civhub.EventTechCamp, Mode: civhub.ModeInPerson, Title: "TechCamp Valparaíso",
		Language: "es", TimeZone: "America/Santiago", Starts: starts, Ends: starts.Add(8 * time.Hour), Country: "CL", City: "Valparaíso",
		Capacity: 1, Status: civhub.EventPublished}
	must("event", s.Events.CreateEvent(ctx, camp, w.owner.ID))
	var regs []*civhub.Registration
	for range 3 {
		r, err := s.Events.Register(ctx, camp.ID, person().ID)
		must("register", err)
		regs = append(regs, r)
	}
	must("cancel", s.Events.Cancel(ctx, camp.ID, regs[0].PersonID, regs[0].PersonID))
	w.lapsed, w.nextInLine = regs[1], regs[2]
	soon := time.Now().Add(12 * time.Hour).UTC().Truncate(time.Minute)
	meetup := &civhub.Event{Slug: "encuentro-manana", Kind: civhub.EventMeetup, Mode: civhub.ModeOnline, Title: "Encuentro de brigadistas",
		Language: "es", TimeZone: "America/Santiago", Starts: soon, Ends: soon.Add(2 * time.Hour), OnlineURL: "https://meet.example.org/b",
		Status: civhub.EventPublished}
	must("meetup", s.Events.CreateEvent(ctx, meetup, w.owner.ID))
	w.attendee = person()
	_, err := s.Events.Register(ctx, meetup.ID, w.attendee.ID)
	must("register", err)

	// A crisis alerts a volunteer on standby for Chile, by email and by text message.
	w.standby = person()
	w.exec(t, `INSERT INTO person_phones (person_id, number, verified_at, created_at, updated_at) VALUES ($1, '+56912345678', $2, $2, $2)`,
		w.standby.ID, time.Now().UTC())
	must("pledge", s.Standby.SavePledge(ctx, &civhub.StandbyPledge{PersonID: w.standby.ID, Countries: []string{"CL"},
		Channels: []string{civhub.ChannelEmail, civhub.ChannelSMS}, FirstWeekHours: 5}))
	w.exec(t, `INSERT INTO person_phones (person_id, number, verified_at, created_at, updated_at) VALUES ($1, '+56955554444', $2, $2, $2)`,
		w.owner.ID, time.Now().UTC())
	quake := &civhub.Crisis{Slug: "sismo-valparaiso", Kind: "earthquake", Title: "Sismo en Valparaíso", Countries: []string{"CL"}}
	must("crisis", s.Crises.ActivateCrisis(ctx, quake, []int64{w.org.ID}, moderator.ID))
	alerted, err := s.Crises.AlertRoster(ctx, quake.ID, moderator.ID)
	must("alert", err)
	if alerted != 2 {
		t.Fatalf("alerted %d, want the volunteer by email and by SMS", alerted)
	}

	// Age what the jobs look for.
	now := time.Now().UTC()
	w.exec(t, `UPDATE registrations SET offer_expires = $1 WHERE id = $2`, now.Add(-time.Minute), w.lapsed.ID)
	w.exec(t, `UPDATE assignments SET expires_at = $1 WHERE id = $2`, now.Add(-time.Hour), w.stale.ID)
	w.exec(t, `UPDATE assignments SET expires_at = $1 WHERE id = $2`, now.Add(30*time.Minute), w.expiring.ID)
	w.exec(t, `UPDATE assignments SET created_at = $1 WHERE id = $2`, now.Add(-(civhub.AnswerDays+1)*24*time.Hour), w.asked.ID)
	w.exec(t, `UPDATE resources SET deadline = $1 WHERE id = $2`, now.Add(-24*time.Hour), w.closed.ID)
	w.exec(t, `UPDATE notifications SET digest_at = $1 WHERE person_id = $2`, now.Add(-time.Minute), w.owner.ID)
	w.exec(t, `INSERT INTO sessions (token, data, expiry) VALUES ('expired-session', $1, $2)`, []byte("x"), now.Add(-time.Hour))
	if w.count(t, `SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND digest_at IS NOT NULL`, w.owner.ID) == 0 {
		t.Fatal("the organization's owner has nothing waiting for a digest")
	}
	return w
}

func (w *jobWorld) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	ctx := context.Background()
	if err := w.m.DB.Update(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	}); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func (w *jobWorld) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	ctx := context.Background()
	var n int
	if err := w.m.DB.View(ctx, func(tx *sqldb.Tx) error { return tx.QueryRowContext(ctx, query, args...).Scan(&n) }); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// jobEffect is one thing a job must have done, and how to see that it did.
type jobEffect struct {
	what string
	done func() bool
}

// jobEffects says, for every kind of job River runs, what it must have done to the world.
func (w *jobWorld) jobEffects(t *testing.T) map[string][]jobEffect {
	status := func(a *civhub.Assignment, want string) func() bool {
		return func() bool {
			return w.count(t, `SELECT COUNT(*) FROM assignments WHERE id = $1 AND status = $2`, a.ID, want) == 1
		}
	}
	told := func(p int64, kind string) func() bool {
		return func() bool {
			return w.count(t, `SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND kind = $2`, p, kind) > 0
		}
	}
	none := func(query string, args ...any) func() bool {
		return func() bool { return w.count(t, query, args...) == 0 }
	}
	some := func(query string, args ...any) func() bool {
		return func() bool { return w.count(t, query, args...) > 0 }
	}
	return map[string][]jobEffect{
		"purge_expired": {{"the expired session deleted", none(`SELECT COUNT(*) FROM sessions WHERE token = 'expired-session'`)}},
		"release_claims": {
			{"the stale claim released", status(w.stale, civhub.AssignReleased)},
			{"the volunteer whose claim runs out soon reminded", told(w.expiring.VolunteerID, civhub.NoteClaimExpiring)},
			{"the application unanswered past the promise declined", status(w.asked, civhub.AssignDeclined)},
		},
		"match_tasks": {
			{"every listed task matched", none(`SELECT COUNT(*) FROM tasks WHERE listed = TRUE AND matched_at IS NULL`)},
			{"the volunteer with the skill told of the tasks", told(w.matcher.ID, civhub.NoteNewMatch)},
		},
		"send_digests": {{"the owner's digest queued",
			some(`SELECT COUNT(*) FROM mail_queue WHERE person_id = $1 AND kind = $2`, w.owner.ID, civhub.MailDigest)}},
		"expire_event_offers": {
			{"the offer not confirmed in time gone back to the waitlist",
				some(`SELECT COUNT(*) FROM registrations WHERE id = $1 AND status = $2`, w.lapsed.ID, civhub.RegWaitlisted)},
			{"the place offered to the next person waiting",
				some(`SELECT COUNT(*) FROM registrations WHERE id = $1 AND status = $2`, w.nextInLine.ID, civhub.RegOffered)},
		},
		"remind_events": {{"the person with a place at tomorrow's event reminded", told(w.attendee.ID, civhub.NoteEventTomorrow)}},
		"dispatch_alerts": {
			{"no alert left queued", none(`SELECT COUNT(*) FROM alerts WHERE status <> $1`, civhub.AlertSent)},
			{"the alert's mail queued", some(`SELECT COUNT(*) FROM mail_queue WHERE person_id = $1 AND kind = $2`, w.standby.ID, civhub.MailCrisisAlert)},
			{"the alert's text message queued, with its link", some(`SELECT COUNT(*) FROM sms_messages WHERE person_id = $1 AND kind = 'crisis_alert'
				AND body LIKE '%/crises/sismo-valparaiso%'`, w.standby.ID)},
		},
		"retire_resources": {{"the entry past its deadline retired",
			some(`SELECT COUNT(*) FROM resources WHERE id = $1 AND status = $2`, w.closed.ID, civhub.ResourceRetired)}},
		"remind_resources": {
			{"the saved entry closing this week marked reminded",
				some(`SELECT COUNT(*) FROM tracked_resources WHERE resource_id = $1 AND reminded_week IS NOT NULL`, w.closing.ID)},
			{"the organization's owner reminded", told(w.owner.ID, civhub.NoteResourceWeek)},
		},
		"match_resources": {
			{"every published entry matched", none(`SELECT COUNT(*) FROM resources WHERE status = $1 AND matched_at IS NULL`, civhub.ResourcePublished)},
			{"the organization's owner told of the entries", told(w.owner.ID, civhub.NoteResourceMatch)},
		},
		// The mail the other jobs queued is delivered (to the outbox, as no SMTP server is set).
		"send_mail": {
			{"no mail left queued", none(`SELECT COUNT(*) FROM mail_queue WHERE status = $1`, civhub.MailQueued)},
			{"the digest delivered", some(`SELECT COUNT(*) FROM mail_queue WHERE status = $1 AND kind = $2`, civhub.MailOutbox, civhub.MailDigest)},
		},
	}
}

// TestJobsRunAsInProduction starts civhub as `civhub serve` does, on a world where every periodic
// job has work waiting, and expects each job's effect on the data — so each worker is wired to its
// service and run by River, on both databases. Every kind of job River ran must have its effect
// checked here, and must have completed.
func TestJobsRunAsInProduction(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			phone := smstest.NewAndroid(t)
			m := openMain(t, d, func(c *Config) { c.SMSURL, c.SMSPerMinute = phone.GatewayURL(), 600 })
			w := newJobWorld(t, m)
			effects := w.jobEffects(t)
			effects["send_sms"] = []jobEffect{{"the alert's text message handed to the phone", func() bool {
				sent := phone.Sent()
				return len(sent) == 1 && sent[0].PhoneNumbers[0] == "+56912345678" &&
					w.count(t, `SELECT COUNT(*) FROM sms_messages WHERE status = $1 AND provider_id <> ''`, civhub.SMSSent) == 1
			}}}
			// The phone is heard through its signed webhook: nobody reads an inbox, nor marks one.
			effects["fetch_sms"] = []jobEffect{{"no inbox read through the Android gateway", func() bool {
				return w.count(t, `SELECT COUNT(*) FROM sms_read_marks`) == 0
			}}}
			if err := m.Run(ctx); err != nil {
				t.Fatal(err)
			}
			var missing []string
			for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) { // the sender runs every 10 s
				missing = missing[:0]
				for kind, list := range effects {
					for _, e := range list {
						if !e.done() {
							missing = append(missing, kind+" (want "+e.what+")")
						}
					}
				}
				if len(missing) == 0 && w.count(t, `SELECT COUNT(*) FROM river_job WHERE state <> 'completed'`) == 0 || time.Now().After(deadline) {
					break
				}
			}
			slices.Sort(missing)
			for _, m := range missing {
				t.Errorf("job %s did not do its work", m)
			}
			w.checkEveryJobRan(t, effects)

			// The volunteer answers from the phone and takes a task; the organization's owner posts
			// a need by text message. Both go through the phone's signed webhook.
			hook := "http://" + m.Addr() + "/hooks/sms/android"
			if code := phone.Receive(t, hook, "+56912345678", fmt.Sprintf("TAKE %d", w.open.ID)); code != http.StatusNoContent {
				t.Fatalf("the phone's webhook: %d", code)
			}
			if n := w.count(t, `SELECT COUNT(*) FROM assignments WHERE task_id = $1 AND volunteer_id = $2`, w.open.ID, w.standby.ID); n != 1 {
				t.Errorf("TAKE by text message: the volunteer has %d claims on the task", n)
			}
			if code := phone.Receive(t, hook, "+56955554444", "NEED translation ES>EN 2h evacuation map legend"); code != http.StatusNoContent {
				t.Fatalf("the phone's webhook: %d", code)
			}
			if n := w.count(t, `SELECT COUNT(*) FROM tasks t JOIN needs n ON n.id = t.need_id WHERE n.organization_id = $1
				AND t.title = 'evacuation map legend' AND t.source_language = 'es' AND t.target_language = 'en'`, w.org.ID); n != 1 {
				t.Errorf("NEED by text message: %d tasks", n)
			}
			if n := w.count(t, `SELECT COUNT(*) FROM sms_messages WHERE direction = 'out' AND kind = 'reply'`); n != 2 {
				t.Errorf("%d replies queued, want one to each", n)
			}
		})
	}
}

// checkEveryJobRan lists the kinds of job River ran, and expects each to have completed and to be
// one whose effect the test checks — and each checked kind to have run.
func (w *jobWorld) checkEveryJobRan(t *testing.T, effects map[string][]jobEffect) {
	t.Helper()
	ctx := context.Background()
	ran := map[string]string{} // kind → states
	err := w.m.DB.View(ctx, func(tx *sqldb.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT kind, state FROM river_job ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind, state string
			if err := rows.Scan(&kind, &state); err != nil {
				return err
			}
			if !strings.Contains(ran[kind], state) {
				ran[kind] += state + " "
			}
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	for kind, states := range ran {
		if _, ok := effects[kind]; !ok {
			t.Errorf("River ran job %s, whose effect this test does not check: add it to jobEffects", kind)
		}
		if states != "completed " {
			t.Errorf("job %s ended %s, want completed", kind, strings.TrimSpace(states))
		}
	}
	for kind := range effects {
		if ran[kind] == "" {
			t.Errorf("job %s never ran", kind)
		}
	}
}

// TestAfricasTalkingAsInProduction runs `civhub serve` with a fake Africa's Talking on both
// databases: the first reading of the inbox marks where the account's history ends and answers
// none of it; a message that arrives afterwards is read through the API soon after the provider's
// unsigned callback, answered, and the answer sent through the provider; its delivery report
// marks it delivered.
func TestAfricasTalkingAsInProduction(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			fake := smstest.NewAfricasTalking(t)
			fake.Arrive("+254711000000", "HELP") // before civhub listened
			m := openMain(t, d, func(c *Config) { c.SMSURL, c.SMSPerMinute = fake.GatewayURL(), 600 })
			if err := m.Run(ctx); err != nil {
				t.Fatal(err)
			}
			w := &jobWorld{m: m}
			waitFor := func(what string, done func() bool) {
				t.Helper()
				for deadline := time.Now().Add(30 * time.Second); !done(); time.Sleep(50 * time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatalf("waited 30 s for %s", what)
					}
				}
			}
			waitFor("the first reading of the inbox", func() bool {
				return w.count(t, `SELECT COUNT(*) FROM sms_read_marks WHERE gateway = 'africastalking' AND last_id = 1`) == 1
			})
			hook := "http://" + m.Addr() + "/hooks/sms/africastalking"
			if code := fake.Receive(t, hook, "+254722000000", "AIDE"); code != http.StatusOK {
				t.Fatalf("the callback: %d", code)
			}
			waitFor("the answer handed to the provider", func() bool { return len(fake.Sent()) > 0 })
			sent := fake.Sent()
			if len(sent) != 1 || sent[0].Get("to") != "+254722000000" || !strings.Contains(sent[0].Get("message"), "numéro") {
				t.Fatalf("the provider sent %+v", sent)
			}
			if n := w.count(t, `SELECT COUNT(*) FROM sms_messages WHERE direction = 'in'`); n != 1 {
				t.Errorf("%d messages kept, want the one after civhub listened", n)
			}
			waitFor("the answer recorded as sent", func() bool {
				return w.count(t, `SELECT COUNT(*) FROM sms_messages WHERE direction = 'out' AND status = $1 AND provider_id = $2`,
					civhub.SMSSent, smstest.MessageID(1)) == 1
			})
			if code := fake.Report(t, hook, smstest.MessageID(1), "+254722000000", "Success", ""); code != http.StatusOK {
				t.Fatalf("the delivery report: %d", code)
			}
			if n := w.count(t, `SELECT COUNT(*) FROM sms_messages WHERE status = $1`, civhub.SMSDelivered); n != 1 {
				t.Errorf("after the delivery report %d messages delivered", n)
			}
		})
	}
}
