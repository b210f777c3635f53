package sqldb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// clock lets a test move time on.
type clock struct{ now time.Time }

func (c *clock) install(db *sqldb.DB) { db.Now = func() time.Time { return c.now } }

// mails returns the kinds of the notification mail queued for person, oldest first, with their payloads.
func mails(t *testing.T, db *sqldb.DB, person int64) (kinds []string, payloads []map[string]string) {
	t.Helper()
	ctx := context.Background()
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT kind, payload FROM mail_queue WHERE person_id = $1 AND kind IN ('note', 'digest') ORDER BY id`, person)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind, payload string
			if err := rows.Scan(&kind, &payload); err != nil {
				return err
			}
			p := map[string]string{}
			if err := json.Unmarshal([]byte(payload), &p); err != nil {
				return err
			}
			kinds, payloads = append(kinds, kind), append(payloads, p)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return kinds, payloads
}

func inbox(t *testing.T, notes *sqldb.NotificationService, person int64) []*civhub.Notification {
	t.Helper()
	list, err := notes.Notifications(context.Background(), person, 0, false, 100)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestNotificationsFollowTheWorkflow walks an application through the workflow and checks who is
// told what, which mails go at once, and that the rest waits for the digest.
func TestNotificationsFollowTheWorkflow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)} // a Monday afternoon in UTC
		c.install(db)
		w := newNeedWorld(t, db)
		task := w.task(t, "Traducir el plan de emergencia", civhub.TaskTranslation, 1, func(t *civhub.Task) {
			t.JoinMode, t.SourceLanguage, t.TargetLanguage = civhub.JoinApply, "es", "en"
		})
		priya := verifiedPerson(t, db, "priya@example.org")
		if _, err := db.Writer().ExecContext(ctx, `UPDATE people SET display_name = 'Priya' WHERE id = $1`, priya.ID); err != nil {
			t.Fatal(err)
		}

		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: priya.ID, Message: "I translate for a living."})
		if err != nil {
			t.Fatal(err)
		}
		got := inbox(t, w.notes, w.owner.ID)
		if len(got) != 1 || got[0].Kind != civhub.NoteApplied || got[0].Actor != "Priya" || got[0].Task != task.Title ||
			got[0].Org != w.org.Name || got[0].ReadAt != nil || got[0].Path() != "/tasks/"+itoa(task.ID) {
			t.Fatalf("the organization's inbox after an application: %+v", got)
		}
		if kinds, payloads := mails(t, db, w.owner.ID); len(kinds) != 1 || kinds[0] != civhub.MailNote || payloads[0]["note"] != civhub.NoteApplied {
			t.Fatalf("an application asks for action and is mailed at once: %v", kinds)
		}
		if n := len(inbox(t, w.notes, priya.ID)); n != 0 {
			t.Fatalf("the volunteer is told of their own step: %d notifications", n)
		}

		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActAccept, AssignmentID: a.ID, By: w.owner.ID, Agreement: agreement()}); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, w.notes, priya.ID); len(got) != 1 || got[0].Kind != civhub.NoteAccepted {
			t.Fatalf("the volunteer's inbox after acceptance: %+v", got)
		}
		if kinds, _ := mails(t, db, priya.ID); len(kinds) != 1 || kinds[0] != civhub.MailNote {
			t.Fatalf("acceptance is mailed at once: %v", kinds)
		}

		// Messages gather into one unread entry per task, mailed in the daily digest only.
		for _, body := range []string{"¿Qué glosario?", "¿Y el formato?"} {
			if err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: task.ID, AuthorID: priya.ID, Body: body}); err != nil {
				t.Fatal(err)
			}
		}
		got = inbox(t, w.notes, w.owner.ID)
		if len(got) != 2 || got[0].Kind != civhub.NoteMessage || got[0].Count != 2 {
			t.Fatalf("two messages make one entry counting 2: %+v", got[0])
		}
		if kinds, _ := mails(t, db, w.owner.ID); len(kinds) != 1 {
			t.Fatalf("messages were mailed at once: %v", kinds)
		}
		unread, err := w.notes.Unread(ctx, w.owner.ID)
		if err != nil || unread != 2 {
			t.Fatalf("unread = %d, %v; want 2", unread, err)
		}

		// Nothing is due before 08:00 the next day.
		if n, err := w.notes.SendDigests(ctx); err != nil || n != 0 {
			t.Fatalf("digests before they are due: %d, %v", n, err)
		}
		c.now = time.Date(2026, 11, 24, 8, 5, 0, 0, time.UTC)
		if n, err := w.notes.SendDigests(ctx); err != nil || n != 1 {
			t.Fatalf("digests when due: %d, %v; want the organization's one", n, err)
		}
		kinds, payloads := mails(t, db, w.owner.ID)
		if len(kinds) != 2 || kinds[1] != civhub.MailDigest || payloads[1]["count"] != "1" || payloads[1]["person"] != itoa(w.owner.ID) {
			t.Fatalf("the digest: %v %v", kinds, payloads)
		}
		var items []struct{ Note, Task, Path string }
		if err := json.Unmarshal([]byte(payloads[1]["items"]), &items); err != nil || len(items) != 1 || items[0].Note != civhub.NoteMessage ||
			items[0].Task != task.Title {
			t.Fatalf("digest items %s: %v", payloads[1]["items"], err)
		}
		if n, err := w.notes.SendDigests(ctx); err != nil || n != 0 {
			t.Fatalf("a digest was sent twice: %d, %v", n, err)
		}

		// Read, the entry gives way: the next message makes a new entry at the top.
		if _, err := w.notes.ReadNotification(ctx, w.owner.ID, got[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.notes.ReadNotification(ctx, priya.ID, got[0].ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("someone else reads the notification: %v, want ENOTFOUND", err)
		}
		if err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: task.ID, AuthorID: priya.ID, Body: "¿Listo?"}); err != nil {
			t.Fatal(err)
		}
		again := inbox(t, w.notes, w.owner.ID)
		if len(again) != 3 || again[0].ID == got[0].ID || again[0].Count != 1 || again[0].ReadAt != nil || again[1].ReadAt == nil {
			t.Fatalf("after reading, a new message: %+v", again)
		}

		// An entry read in the inbox before its digest is not mailed.
		if err := w.notes.ReadAllNotifications(ctx, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := w.notes.Unread(ctx, w.owner.ID); n != 0 {
			t.Fatalf("%d unread after reading all", n)
		}
		c.now = c.now.Add(24 * time.Hour)
		if n, err := w.notes.SendDigests(ctx); err != nil || n != 0 {
			t.Fatalf("a digest of what was read: %d, %v", n, err)
		}

		// Keyset pages: the second page starts below the first.
		page1, err := w.notes.Notifications(ctx, w.owner.ID, 0, false, 2)
		if err != nil || len(page1) != 2 {
			t.Fatal(len(page1), err)
		}
		page2, err := w.notes.Notifications(ctx, w.owner.ID, page1[1].ID, false, 2)
		if err != nil || len(page2) != 1 || page2[0].ID >= page1[1].ID {
			t.Fatalf("second page %+v, %v", page2, err)
		}
	})
}

func TestNotificationSettings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
		c.install(db)
		w := newNeedWorld(t, db)
		task := w.task(t, "Cargar la lista de albergues", "data_entry", 2)
		ana := verifiedPerson(t, db, "ana@example.org")

		settings, err := w.notes.NoteSettings(ctx, ana.ID)
		if err != nil || len(settings) != len(civhub.NoteKinds) {
			t.Fatalf("settings: %d, %v; want one per kind for email", len(settings), err)
		}
		for _, bad := range []civhub.NoteSetting{
			{Kind: civhub.NoteMessage, Channel: civhub.ChannelEmail, Delivery: civhub.DeliverNow},
			{Kind: "party", Channel: civhub.ChannelEmail, Delivery: civhub.DeliverOff},
			{Kind: civhub.NoteAccepted, Channel: "pigeon", Delivery: civhub.DeliverOff},
			{Kind: civhub.NoteAccepted, Channel: civhub.ChannelEmail, Delivery: "hourly"},
		} {
			if err := w.notes.SetNoteSettings(ctx, ana.ID, []civhub.NoteSetting{bad}); civhub.ErrorCode(err) != civhub.EINVALID {
				t.Errorf("setting %+v: %v, want EINVALID", bad, err)
			}
		}
		// The organization turns mail about claims off: claims reach its inbox only.
		if err := w.notes.SetNoteSettings(ctx, w.owner.ID, []civhub.NoteSetting{{Kind: civhub.NoteClaimed, Channel: civhub.ChannelEmail, Delivery: civhub.DeliverOff}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: ana.ID}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND digest_at IS NOT NULL`, w.owner.ID); n != 0 {
			t.Fatalf("a kind turned off still waits for a digest (%d)", n)
		}
		if got := inbox(t, w.notes, w.owner.ID); len(got) != 1 || got[0].Kind != civhub.NoteClaimed {
			t.Fatalf("the inbox always gets it: %+v", got)
		}

		// Unsubscribing from everything turns every kind's mail off.
		if err := w.notes.Unsubscribe(ctx, ana.ID, "nonsense"); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("unsubscribe from an unknown kind: %v", err)
		}
		if err := w.notes.Unsubscribe(ctx, ana.ID, ""); err != nil {
			t.Fatal(err)
		}
		settings, _ = w.notes.NoteSettings(ctx, ana.ID)
		for _, st := range settings {
			if st.Delivery != civhub.DeliverOff {
				t.Errorf("after unsubscribing: %+v", st)
			}
		}
	})
}

// TestDigestTime checks that digests go out at 08:00 in the person's time zone, weekly ones on Mondays.
func TestDigestTime(t *testing.T) {
	santiago, err := time.LoadLocation("America/Santiago")
	if err != nil {
		t.Fatal(err) // the zone data is built in (time/tzdata)
	}
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		now      string
		loc      *time.Location
		delivery string
		want     string
	}{
		{"2026-11-23T15:00:00Z", time.UTC, civhub.DeliverDaily, "2026-11-24T08:00:00Z"},
		{"2026-11-23T07:59:00Z", time.UTC, civhub.DeliverDaily, "2026-11-23T08:00:00Z"},
		{"2026-11-23T08:00:00Z", time.UTC, civhub.DeliverDaily, "2026-11-24T08:00:00Z"},
		// 15:00 UTC is 12:00 in Santiago (UTC-3 in November): 08:00 there tomorrow is 11:00 UTC.
		{"2026-11-23T15:00:00Z", santiago, civhub.DeliverDaily, "2026-11-24T11:00:00Z"},
		// Monday 2026-11-23 after 08:00: the next Monday.
		{"2026-11-23T15:00:00Z", time.UTC, civhub.DeliverWeekly, "2026-11-30T08:00:00Z"},
		{"2026-11-26T15:00:00Z", time.UTC, civhub.DeliverWeekly, "2026-11-30T08:00:00Z"},
	} {
		if got := civhub.NextDigest(at(c.now), c.loc, c.delivery); !got.Equal(at(c.want)) {
			t.Errorf("NextDigest(%s, %s, %s) = %s, want %s", c.now, c.loc, c.delivery, got, c.want)
		}
	}
}

// TestDigestInTheOrganizationsZone checks that someone who runs an organization and has no volunteer
// profile gets their digest at 08:00 in the organization's time zone, and at 08:00 in their own once
// their profile names one; their pages show times in the same zone.
func TestDigestInTheOrganizationsZone(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)} // 12:00 in Santiago (UTC-3 in November)
		c.install(db)
		w := newNeedWorld(t, db)
		if _, err := db.Writer().ExecContext(ctx, `UPDATE organizations SET time_zone = 'America/Santiago' WHERE id = $1`, w.org.ID); err != nil {
			t.Fatal(err)
		}
		task := w.task(t, "Traducir el plan de emergencia", civhub.TaskTranslation, 1, func(t *civhub.Task) {
			t.JoinMode, t.SourceLanguage, t.TargetLanguage = civhub.JoinApply, "es", "en"
		})
		priya := verifiedPerson(t, db, "priya@example.org")
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: priya.ID, Message: "I translate for a living."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActAccept, AssignmentID: a.ID, By: w.owner.ID, Agreement: agreement()}); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: task.ID, AuthorID: priya.ID, Body: "¿Qué glosario?"}); err != nil {
			t.Fatal(err)
		}
		digestAt := func() time.Time {
			t.Helper()
			var at time.Time
			if err := db.Writer().QueryRowContext(ctx, `SELECT digest_at FROM notifications WHERE person_id = $1 AND kind = $2`,
				w.owner.ID, civhub.NoteMessage).Scan(&at); err != nil {
				t.Fatal(err)
			}
			return at.UTC()
		}
		zone := func() string {
			t.Helper()
			p, err := sqldb.NewPersonService(db).FindPersonByID(ctx, w.owner.ID)
			if err != nil {
				t.Fatal(err)
			}
			return p.TimeZone
		}
		if got, want := digestAt(), time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("digest without a profile at %s, want %s (08:00 in Santiago)", got, want)
		}
		if got := zone(); got != "America/Santiago" {
			t.Errorf("the owner's time zone without a profile = %q, want the organization's", got)
		}

		// Their own zone wins over the organization's.
		if err := newProfiles(t, db).SaveProfile(ctx, &civhub.Profile{PersonID: w.owner.ID, TimeZone: "Asia/Kolkata"}); err != nil {
			t.Fatal(err)
		}
		err = w.notes.SetNoteSettings(ctx, w.owner.ID, []civhub.NoteSetting{{Kind: civhub.NoteMessage, Channel: civhub.ChannelEmail, Delivery: civhub.DeliverDaily}})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := digestAt(), time.Date(2026, 11, 24, 2, 30, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("digest with a profile in Kolkata at %s, want %s (08:00 there)", got, want)
		}
		if got := zone(); got != "Asia/Kolkata" {
			t.Errorf("the owner's time zone with a profile = %q, want their own", got)
		}
		if p, err := sqldb.NewPersonService(db).FindPersonByID(ctx, priya.ID); err != nil || p.TimeZone != "" {
			t.Errorf("a person with neither profile nor organization: zone %q, %v; want \"\" (UTC)", p.TimeZone, err)
		}
	})
}

// TestClaimReminder reminds a volunteer once before their claim runs out, then tells them when it
// was released.
func TestClaimReminder(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
		c.install(db)
		w := newNeedWorld(t, db)
		task := w.task(t, "Cargar la lista de albergues", "data_entry", 1) // a 48-hour claim
		ana := verifiedPerson(t, db, "ana@example.org")
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: ana.ID}); err != nil {
			t.Fatal(err)
		}
		c.now = c.now.Add(35 * time.Hour) // 13 hours left: more than a quarter
		if n, err := w.needs.RemindExpiringClaims(ctx); err != nil || n != 0 {
			t.Fatalf("reminded too early: %d, %v", n, err)
		}
		c.now = c.now.Add(2 * time.Hour) // 11 hours left
		if n, err := w.needs.RemindExpiringClaims(ctx); err != nil || n != 1 {
			t.Fatalf("reminders: %d, %v; want 1", n, err)
		}
		if n, err := w.needs.RemindExpiringClaims(ctx); err != nil || n != 0 {
			t.Fatalf("reminded twice: %d, %v", n, err)
		}
		if got := inbox(t, w.notes, ana.ID); len(got) != 1 || got[0].Kind != civhub.NoteClaimExpiring || got[0].TaskID != task.ID {
			t.Fatalf("inbox: %+v", got)
		}
		if kinds, _ := mails(t, db, ana.ID); len(kinds) != 1 || kinds[0] != civhub.MailNote {
			t.Fatalf("the reminder asks for action and is mailed at once: %v", kinds)
		}
		c.now = c.now.Add(12 * time.Hour)
		if n, err := w.needs.ReleaseStaleClaims(ctx); err != nil || n != 1 {
			t.Fatalf("released %d, %v", n, err)
		}
		if got := inbox(t, w.notes, ana.ID); len(got) != 2 || got[0].Kind != civhub.NoteClaimReleased || got[0].Actor != "" {
			t.Fatalf("after release: %+v", got)
		}
	})
}

// smsChannel records what it was asked to send, standing in for an SMS provider's job.
type smsChannel struct{ sent []string }

func (c *smsChannel) Name() string { return civhub.ChannelSMS }

func (c *smsChannel) Send(_ context.Context, _ *sqldb.Tx, _ int64, n *civhub.Notification) error {
	c.sent = append(c.sent, n.Kind)
	return nil
}

// TestChannel shows that another channel plugs in: it appears in the settings, only for what asks
// for action, and carries only what the person chose.
func TestChannel(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		sms := &smsChannel{}
		notes := sqldb.NewNotificationService(db, newRunner(t, db), sms)
		needs := sqldb.NewNeedService(db, func(string) bool { return true }, notes)
		task := w.task(t, "Revisar el plan", "data_entry", 1, func(t *civhub.Task) { t.JoinMode = civhub.JoinApply })
		ana := verifiedPerson(t, db, "ana@example.org")

		settings, err := notes.NoteSettings(ctx, ana.ID)
		if err != nil || len(settings) != 2*len(civhub.NoteKinds) {
			t.Fatalf("settings with SMS: %d, %v", len(settings), err)
		}
		if err := notes.SetNoteSettings(ctx, ana.ID, []civhub.NoteSetting{{Kind: civhub.NoteAccepted, Channel: civhub.ChannelSMS, Delivery: civhub.DeliverDaily}}); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an SMS digest: %v, want EINVALID", err)
		}
		if err := notes.SetNoteSettings(ctx, ana.ID, []civhub.NoteSetting{{Kind: civhub.NoteAccepted, Channel: civhub.ChannelSMS, Delivery: civhub.DeliverNow}}); err != nil {
			t.Fatal(err)
		}
		a, err := needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: ana.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(sms.sent) != 0 {
			t.Fatalf("the organization, which chose no SMS, got %v", sms.sent)
		}
		if _, err := needs.Act(ctx, civhub.ActRequest{Action: civhub.ActAccept, AssignmentID: a.ID, By: w.owner.ID, Agreement: agreement()}); err != nil {
			t.Fatal(err)
		}
		if len(sms.sent) != 1 || sms.sent[0] != civhub.NoteAccepted {
			t.Fatalf("SMS sent: %v", sms.sent)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// TestDigestMergesDuplicates: two entries that would read the same — a volunteer's hours on one
// task confirmed twice by the same person — make one line of the digest, counting both.
func TestDigestMergesDuplicates(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
		c.install(db)
		w := newNeedWorld(t, db)
		task := w.task(t, "Cargar la lista de albergues", "data_entry", 1)
		other := w.task(t, "Revisar la lista", "data_entry", 1)
		ana := verifiedPerson(t, db, "ana@example.org")
		for _, tk := range []*civhub.Task{task, task, other} {
			a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: tk.ID, By: ana.ID})
			if err != nil {
				if a, err = w.needs.VolunteerAssignment(ctx, tk.ID, ana.ID); err != nil {
					t.Fatal(err)
				}
			}
			e, err := w.needs.LogHours(ctx, a.ID, 60, "", ana.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.needs.DecideHours(ctx, tk.ID, e.ID, true, w.owner.ID); err != nil {
				t.Fatal(err)
			}
		}
		if got := inbox(t, w.notes, ana.ID); len(got) < 3 {
			t.Fatalf("the inbox holds %d entries, want one for each confirmation", len(got))
		}
		c.now = time.Date(2026, 11, 24, 8, 5, 0, 0, time.UTC)
		if n, err := w.notes.SendDigests(ctx); err != nil || n != 2 {
			t.Fatalf("digests: %d, %v; want Ana's and the organization's", n, err)
		}
		kinds, payloads := mails(t, db, ana.ID)
		last := len(kinds) - 1
		var items []struct {
			Note, Task string
			Count      int
		}
		if err := json.Unmarshal([]byte(payloads[last]["items"]), &items); err != nil || kinds[last] != civhub.MailDigest {
			t.Fatalf("the digest %v: %v", kinds, err)
		}
		var lines []string
		for _, it := range items {
			if it.Note == civhub.NoteHoursConfirmed {
				lines = append(lines, fmt.Sprintf("%s×%d", it.Task, it.Count))
			}
		}
		if strings.Join(lines, ", ") != task.Title+"×2, "+other.Title+"×1" {
			t.Fatalf("the digest's lines about hours: %q", lines)
		}
	})
}
