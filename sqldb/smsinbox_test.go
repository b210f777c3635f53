package sqldb_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// smsWords words a reply as its message ID and fields, for tests to read.
func smsWords(locale, key string, args map[string]any) string {
	var parts []string
	for k, v := range args {
		parts = append(parts, fmt.Sprintf("%s=%v", k, v))
	}
	sort.Strings(parts)
	return strings.TrimSpace(locale + " " + key + " " + strings.Join(parts, " "))
}

// TestSMSInbox: a volunteer alerted about a crisis answers YES by text message and the task the
// alert offered is theirs; DONE hands it in; a message the gateway tells twice is answered once;
// STOP stops every message until START; a stranger gets a short help; past 20 messages an hour a
// number gets no answer.
func TestSMSInbox(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := &civhub.Crisis{Slug: "sismo", Kind: "earthquake", Title: "Sismo en Valparaíso", Countries: []string{"CL"}, Skills: []string{"mapping"}}
		w := newAlertWorld(t, db, c)
		text := func(tpl, target string) (string, string) { return "Tarea " + tpl, "Detalles." }
		if _, err := w.crises.PublishCrisisTasks(ctx, c.ID, w.org.ID, []string{"map_area"}, "es", text, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		lena := w.standby(t, "lena@example.org", civhub.StandbyPledge{Countries: []string{"CL"}, Skills: []string{"mapping"}, Channels: []string{"sms"}})
		var number string
		if err := db.Writer().QueryRow(`SELECT number FROM person_phones WHERE person_id = $1`, lena.ID).Scan(&number); err != nil {
			t.Fatal(err)
		}
		if _, err := w.crises.AlertRoster(ctx, c.ID, w.coord.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.crises.DispatchAlerts(ctx, 10); err != nil {
			t.Fatal(err)
		}
		var offered int64
		if err := db.Writer().QueryRow(`SELECT task_id FROM alerts WHERE person_id = $1`, lena.ID).Scan(&offered); err != nil {
			t.Fatal(err)
		}
		inbox := sqldb.NewSMSInbox(db, w.needs, smsWords)
		receive := func(from, body, id string) string {
			t.Helper()
			reply, err := inbox.ReceiveSMS(ctx, "android", from, body, id)
			if err != nil {
				t.Fatalf("%q from %s: %v", body, from, err)
			}
			return reply
		}

		if got := receive("+33612345678", "aide", "m1"); got != "fr sms.reply.unknown" {
			t.Errorf("a stranger's AIDE: %q", got)
		}
		if got := receive("+33612345678", "STOP", "m2"); got != "" {
			t.Errorf("a stranger's STOP is answered: %q", got)
		}
		if got := receive("CIVHUB", "hello", "m3"); got != "" {
			t.Errorf("a sender ID is answered: %q", got)
		}
		if got, want := receive(number, "Sí", "m4"), fmt.Sprintf("en sms.reply.taken N=%d Task=Tarea map_area", offered); got != want {
			t.Fatalf("YES: %q, want %q", got, want)
		}
		if got := receive(number, "Sí", "m4"); got != "" {
			t.Errorf("the same message told twice is answered twice: %q", got)
		}
		var status string
		if err := db.Writer().QueryRow(`SELECT status FROM assignments WHERE task_id = $1 AND volunteer_id = $2`, offered, lena.ID).Scan(&status); err != nil || status != civhub.AssignClaimed {
			t.Fatalf("Lena's assignment: %q %v", status, err)
		}
		if got := receive(number, "take 999999", "m5"); !strings.HasPrefix(got, "en sms.reply.refused Reason=en err.") {
			t.Errorf("taking a task that does not exist: %q", got)
		}
		if got := receive(number, fmt.Sprintf("DONE %d", offered), "m6"); got != fmt.Sprintf("en sms.reply.done N=%d", offered) {
			t.Errorf("DONE: %q", got)
		}
		if err := db.Writer().QueryRow(`SELECT status FROM assignments WHERE task_id = $1 AND volunteer_id = $2`, offered, lena.ID).Scan(&status); err != nil || status != civhub.AssignSubmitted {
			t.Errorf("after DONE: %q %v", status, err)
		}
		if got := receive(number, "decline 12345", "m7"); got != "en sms.reply.not_yours N=12345" {
			t.Errorf("declining someone else's task: %q", got)
		}
		if got := receive(number, "what now?", "m8"); got != "en sms.reply.help" {
			t.Errorf("no command: %q", got)
		}
		if got := receive(number, "STOP", "m9"); got != "en sms.reply.stopped" {
			t.Errorf("STOP: %q", got)
		}
		if got := receive(number, "TASKS", "m10"); got != "" {
			t.Errorf("answered after STOP: %q", got)
		}
		if got := receive(number, "start", "m11"); got != "en sms.reply.started" {
			t.Errorf("START: %q", got)
		}
		// An organization's owner posts a need by text message; a volunteer may not.
		if got := receive(number, "NEED translation FR>AR 3h brochure", "m13"); got != "en sms.reply.not_manager" {
			t.Errorf("NEED from a volunteer: %q", got)
		}
		owner := "+56955554444"
		if _, err := db.Writer().Exec(`INSERT INTO person_phones (person_id, number, verified_at, created_at, updated_at) VALUES ($1, $2, $3, $3, $3)`,
			w.owner.ID, owner, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if got := receive(owner, "besoin traduction", "o1"); got != "fr sms.reply.need_help" && got != "en sms.reply.need_help" {
			t.Errorf("NEED without words: %q", got)
		}
		got := receive(owner, "NEED translation FR>AR 3h health brochure", "o2")
		var task int64
		var title, typ, source, target string
		var hours int
		if err := db.Writer().QueryRow(`SELECT t.id, t.title, t.type, t.source_language, t.target_language, t.estimated_hours FROM tasks t
			JOIN needs n ON n.id = t.need_id WHERE n.organization_id = $1 ORDER BY t.id DESC LIMIT 1`, w.org.ID).
			Scan(&task, &title, &typ, &source, &target, &hours); err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("en sms.reply.need_posted N=%d Org=%s", task, w.org.Name); got != want ||
			title != "health brochure" || typ != civhub.TaskTranslation || source != "fr" || target != "ar" || hours != 3 {
			t.Errorf("NEED: %q (want %q); the task: %q %s %s>%s %dh", got, want, title, typ, source, target, hours)
		}
		// An organization that is not verified yet hides its needs: the reply says so.
		if _, err := db.Writer().Exec(`UPDATE organizations SET verification = $1 WHERE id = $2`, civhub.Unverified, w.org.ID); err != nil {
			t.Fatal(err)
		}
		if got := receive(owner, "NEED mapping 2h flood map", "o3"); !strings.HasPrefix(got, "en sms.reply.need_posted_unverified ") {
			t.Errorf("NEED for an unverified organization: %q", got)
		}

		// What arrives is kept readable: bytes that are not UTF-8 and controls are mended.
		receive(number, "help \xff\x00 me", "m12")
		var kept string
		if err := db.Writer().QueryRow(`SELECT body FROM sms_messages WHERE direction = 'in' AND provider_id = 'm12'`).Scan(&kept); err != nil || kept != "help \uFFFD me" {
			t.Errorf("kept %q %v", kept, err)
		}
		var replies int
		if err := db.Writer().QueryRow(`SELECT COUNT(*) FROM sms_messages WHERE direction = 'out' AND kind = 'reply' AND number = $1`, number).Scan(&replies); err != nil || replies != 9 {
			t.Errorf("replies queued to Lena: %d %v", replies, err)
		}
		// Twenty an hour from one number are answered; the rest are kept, unanswered.
		answered := 0
		for i := range 25 {
			if receive("+447700900123", "help", fmt.Sprintf("flood-%d", i)) != "" {
				answered++
			}
		}
		if answered != 20 {
			t.Errorf("answered %d of 25 from one number in an hour, want 20", answered)
		}
	})
}

// TestSMSInboxForgetsWhatItCouldNotAnswer: when the reply cannot be queued (here the request ends
// while it is being worded), the message is forgotten, so that the gateway's next try is answered
// instead of being taken for one answered already.
func TestSMSInboxForgetsWhatItCouldNotAnswer(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		inbox := sqldb.NewSMSInbox(db, nil, func(locale, key string, args map[string]any) string {
			cancel()
			return smsWords(locale, key, args)
		})
		if _, err := inbox.ReceiveSMS(ctx, "android", "+33612345678", "AIDE", "m1"); err == nil {
			t.Fatal("the reply was queued on an ended request")
		}
		var kept int
		if err := db.Writer().QueryRow(`SELECT COUNT(*) FROM sms_messages`).Scan(&kept); err != nil || kept != 0 {
			t.Fatalf("%d messages kept after the failure (%v)", kept, err)
		}
		inbox = sqldb.NewSMSInbox(db, nil, smsWords)
		if got, err := inbox.ReceiveSMS(context.Background(), "android", "+33612345678", "AIDE", "m1"); err != nil || got != "fr sms.reply.unknown" {
			t.Fatalf("the gateway's next try: %q %v", got, err)
		}
	})
}
