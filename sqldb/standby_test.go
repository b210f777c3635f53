package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestPhoneVerification: a number is stored in E.164 form, a code goes out by SMS (counted in
// segments), a wrong code is counted and the fifth ends it, the right one verifies; another
// person cannot take a verified number, but takes over an unverified one; removal deletes it.
func TestPhoneVerification(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		phones := sqldb.NewPhoneService(db)
		amina, jean := verifiedPerson(t, db, "amina@example.org"), verifiedPerson(t, db, "jean@example.org")
		var code string
		text := func(c string) string { code = c; return "civhub: votre code est " + c }
		if _, err := phones.StartVerification(ctx, amina.ID, "0612 345 678", text); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a number without its country code: %v", err)
		}
		p, err := phones.StartVerification(ctx, amina.ID, "+212 (6) 12-34-56-78", text)
		if err != nil || p.Number != "+212612345678" || p.Verified() || len(code) != 6 {
			t.Fatalf("started: %+v %v %q", p, err, code)
		}
		var body, encoding string
		var segments int
		if err := db.Writer().QueryRowContext(ctx, `SELECT body, encoding, segments FROM sms_messages WHERE person_id = $1 AND direction = 'out'`,
			amina.ID).Scan(&body, &encoding, &segments); err != nil || !strings.HasSuffix(body, code) || encoding != "gsm7" || segments != 1 {
			t.Fatalf("the queued SMS: %q %s %d %v", body, encoding, segments, err)
		}
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		if err := phones.Verify(ctx, amina.ID, wrong); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a wrong code: %v", err)
		}
		if err := phones.Verify(ctx, amina.ID, code); err != nil {
			t.Fatal(err)
		}
		if p, _ := phones.Phone(ctx, amina.ID); !p.Reachable() {
			t.Fatalf("after the right code: %+v", p)
		}
		if err := phones.Verify(ctx, amina.ID, code); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("the code used twice: %v", err)
		}
		if _, err := phones.StartVerification(ctx, jean.ID, "00212612345678", text); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("another person takes a verified number: %v", err)
		}
		// Jean claims a number and never verifies it; Amina's later claim takes it over.
		if _, err := phones.StartVerification(ctx, jean.ID, "+56 9 1234 5678", text); err != nil {
			t.Fatal(err)
		}
		for range civhub.PhoneCodeMaxTries - 1 {
			if err := phones.Verify(ctx, jean.ID, wrongOf(code)); civhub.ErrorCode(err) != civhub.EINVALID {
				t.Fatalf("a wrong code: %v", err)
			}
		}
		if err := phones.Verify(ctx, jean.ID, wrongOf(code)); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("the last try: %v", err)
		}
		if err := phones.Verify(ctx, jean.ID, code); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("the right code after too many tries: %v", err)
		}
		if _, err := phones.StartVerification(ctx, amina.ID, "+56912345678", text); err != nil {
			t.Fatal(err)
		}
		if _, err := phones.Phone(ctx, jean.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("Jean's unverified claim: %v", err)
		}
		if p, _ := phones.Phone(ctx, amina.ID); p.Number != "+56912345678" || p.Verified() {
			t.Fatalf("a new number is not verified: %+v", p)
		}
		// Three codes an hour per person: this is Amina's third, the fourth is refused.
		if _, err := phones.StartVerification(ctx, amina.ID, "+56912345678", text); err != nil {
			t.Fatal(err)
		}
		if _, err := phones.StartVerification(ctx, amina.ID, "+56912345678", text); civhub.ErrorCode(err) != civhub.ETOOMANY {
			t.Fatalf("a fourth code in an hour: %v", err)
		}
		data := sqldb.NewDataService(db, newProfiles(t, db), newOrgs(t, db))
		x, err := data.ExportPerson(ctx, amina.ID)
		if err != nil || x.Phone == nil || x.Phone.Number != "+56912345678" || len(x.SMS) != 3 {
			t.Fatalf("her export: %+v %v", x, err)
		}
		if err := phones.RemovePhone(ctx, amina.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := phones.Phone(ctx, amina.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("after removal: %v", err)
		}
		// Deleting her account deletes every message to her number with it.
		if err := data.DeletePerson(ctx, amina.ID); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM sms_messages WHERE number IN ('+212612345678', '+56912345678')
			AND (person_id IS NULL OR person_id = $1)`, amina.ID).Scan(&left); err != nil || left != 0 {
			t.Fatalf("%d messages left after her account went (%v)", left, err)
		}
	})
}

// wrongOf is a six-digit code other than code.
func wrongOf(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// TestStandbyRoster: a pledge names where, in what and how a volunteer can be woken; SMS needs
// a verified number; pausing keeps the pledge off the roster, and removing the number pauses a
// pledge that took SMS only.
func TestStandbyRoster(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		phones := sqldb.NewPhoneService(db)
		roster := sqldb.NewStandbyService(db, func(s string) bool { return s == "translation" || s == "mapping" })
		priya := verifiedPerson(t, db, "priya@example.org")
		if _, err := roster.Pledge(ctx, priya.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("before joining: %v", err)
		}
		bad := &civhub.StandbyPledge{PersonID: priya.ID, Skills: []string{"juggling"}, Channels: []string{"pigeon"}, QuietFrom: 2000}
		err := roster.SavePledge(ctx, bad)
		for _, field := range []string{"countries", "skills", "channels", "quiet_from", "first_week_hours"} {
			if e, ok := err.(*civhub.Error); !ok || e.Fields[field] == "" {
				t.Errorf("field %s is not named: %v", field, err)
			}
		}
		p := &civhub.StandbyPledge{PersonID: priya.ID, Countries: []string{"ht", "CL", "ht"}, Regions: " Ouest,  Artibonite ",
			Skills: []string{"translation"}, Languages: []string{"ht", "fr"}, Channels: []string{"sms", "email"},
			QuietFrom: 22 * 60, QuietTo: 7 * 60, FirstWeekHours: 10}
		if err := roster.SavePledge(ctx, p); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("SMS without a number: %v", err)
		}
		var code string
		if _, err := phones.StartVerification(ctx, priya.ID, "+50937001234", func(c string) string { code = c; return c }); err != nil {
			t.Fatal(err)
		}
		if err := phones.Verify(ctx, priya.ID, code); err != nil {
			t.Fatal(err)
		}
		if err := roster.SavePledge(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := roster.Pledge(ctx, priya.ID)
		if err != nil || strings.Join(got.Countries, ",") != "CL,HT" || got.Regions != "Ouest, Artibonite" || !got.Active() ||
			strings.Join(got.Languages, ",") != "fr,ht" || strings.Join(got.Channels, ",") != "email,sms" {
			t.Fatalf("the pledge: %+v %v", got, err)
		}
		// Quiet hours span midnight, in her time zone.
		for at, quiet := range map[string]bool{"2026-12-06T03:30:00Z": true, "2026-12-06T12:00:00Z": false, "2026-12-06T11:59:00Z": false} {
			tm, _ := time.Parse(time.RFC3339, at)
			if got.InQuietHours(tm.Add(5*time.Hour), "America/Port-au-Prince") != quiet { // 5 h behind UTC: the local time is the literal
				t.Errorf("at %s local: quiet %v", at, !quiet)
			}
		}
		if n, _ := roster.RosterSize(ctx); n != 1 {
			t.Fatalf("roster size %d", n)
		}
		if err := roster.PausePledge(ctx, priya.ID, true); err != nil {
			t.Fatal(err)
		}
		if n, _ := roster.RosterSize(ctx); n != 0 {
			t.Fatalf("roster size when paused %d", n)
		}
		if err := roster.PausePledge(ctx, priya.ID, false); err != nil {
			t.Fatal(err)
		}
		// Without her number, her pledge keeps email only.
		if err := phones.RemovePhone(ctx, priya.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := roster.Pledge(ctx, priya.ID); strings.Join(got.Channels, ",") != "email" || !got.Active() {
			t.Fatalf("after the number went: %+v", got)
		}
		// A pledge by SMS only is paused when the number goes.
		if _, err := phones.StartVerification(ctx, priya.ID, "+50937001234", func(c string) string { code = c; return c }); err != nil {
			t.Fatal(err)
		}
		if err := phones.Verify(ctx, priya.ID, code); err != nil {
			t.Fatal(err)
		}
		p.Channels = []string{"sms"}
		if err := roster.SavePledge(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := phones.RemovePhone(ctx, priya.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = roster.Pledge(ctx, priya.ID)
		if got.Active() || strings.Join(got.Channels, ",") != "sms" {
			t.Fatalf("an SMS-only pledge without a number: %+v", got)
		}
		if err := roster.PausePledge(ctx, priya.ID, false); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("back on the roster by SMS without a number: %v", err)
		}
		x, err := sqldb.NewDataService(db, newProfiles(t, db), newOrgs(t, db)).ExportPerson(ctx, priya.ID)
		if err != nil || x.Standby == nil || x.Standby.FirstWeekHours != 10 || len(x.SMS) != 2 || x.SMS[0].Body != x.SMS[1].Body && len(x.SMS[0].Body) != 6 {
			t.Fatalf("her export: %+v %v", x, err)
		}
		if err := roster.LeaveRoster(ctx, priya.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := roster.Pledge(ctx, priya.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("after leaving: %v", err)
		}
	})
}
