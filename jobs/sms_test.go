package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"civhub"
	"civhub/jobs"
	"civhub/sms"
	"civhub/sms/smstest"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// queueText puts an outgoing text message in the queue, as civhub's services do, and returns its ID.
func queueText(t *testing.T, db *sqldb.DB, number, body string) int64 {
	t.Helper()
	var id int64
	if err := db.Writer().QueryRow(`INSERT INTO sms_messages (direction, number, body, encoding, segments, kind, status, created_at)
		VALUES ('out', $1, $2, 'gsm7', 1, 'crisis_alert', 'queued', $3) RETURNING id`, number, body, time.Now().UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// senderFor returns a sender through the gateway at gatewayURL (a fake's), with phones as its
// outbox and read marks.
func senderFor(t *testing.T, gatewayURL string, phones *sqldb.PhoneService) *jobs.SMSSender {
	t.Helper()
	gw, err := sms.FromURL(gatewayURL)
	if err != nil {
		t.Fatal(err)
	}
	return &jobs.SMSSender{Outbox: phones, Marks: phones, Gateway: gw, Rate: 1000, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func smsStatus(t *testing.T, db *sqldb.DB, id int64) (status, provider, errText string, attempts int) {
	t.Helper()
	if err := db.Writer().QueryRow(`SELECT status, provider_id, error, attempts FROM sms_messages WHERE id = $1`, id).
		Scan(&status, &provider, &errText, &attempts); err != nil {
		t.Fatal(err)
	}
	return
}

// TestSMSSender sends queued text messages through a fake SMS Gateway for Android that speaks the
// app's API: each goes out once with civhub's reference as the app's message ID; a number the
// app refuses fails at once; a phone that is offline is tried again later; and a sender that dies
// between sending and recording leaves the message to the next one, which the app refuses as a
// duplicate (409), so the person gets it once.
func TestSMSSender(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fake := smstest.NewAndroid(t)
		phones := sqldb.NewPhoneService(db)
		sender := senderFor(t, fake.GatewayURL(), phones)
		gw := sender.Gateway

		a := queueText(t, db, "+56912345678", "civhub: Sismo en Valparaíso. ¿Puedes ayudar? https://civhub.example.org/tasks/12")
		b := queueText(t, db, "+212612345678", "civhub: زلزال الحوز")
		refused := queueText(t, db, "+15550000000", "civhub: hello")
		fake.Refuse("+15550000000")
		if n, err := sender.SendDue(ctx, 5*time.Second); err != nil || n != 2 {
			t.Fatalf("sent %d: %v", n, err)
		}
		sent := fake.Sent()
		if len(sent) != 2 || sent[0].ID != "civhub-"+itoa(a) || sent[0].PhoneNumbers[0] != "+56912345678" ||
			!strings.Contains(sent[0].TextMessage.Text, "Valparaíso") || !sent[0].Delivery || sent[1].TextMessage.Text != "civhub: زلزال الحوز" {
			t.Fatalf("the gateway got %+v", sent)
		}
		if st, provider, _, _ := smsStatus(t, db, b); st != civhub.SMSSent || provider != "civhub-"+itoa(b) {
			t.Errorf("b: %s %q", st, provider)
		}
		if st, _, errText, _ := smsStatus(t, db, refused); st != civhub.SMSFailed || !strings.Contains(errText, "400") || strings.Contains(errText, "5550000000") {
			t.Errorf("the refused number: %s %q (failed, with the gateway's status and without the number)", st, errText)
		}

		// The phone is offline: the message waits a minute, then goes out.
		fake.SetDown(true)
		later := queueText(t, db, "+56987654321", "civhub: later")
		if n, err := sender.SendDue(ctx, 5*time.Second); err != nil || n != 0 {
			t.Fatalf("sent %d while the phone was offline: %v", n, err)
		}
		if st, _, errText, attempts := smsStatus(t, db, later); st != civhub.SMSSending || attempts != 1 || !strings.Contains(errText, "503") {
			t.Fatalf("while offline: %s %q after %d tries", st, errText, attempts)
		}
		fake.SetDown(false)
		if n, _ := sender.SendDue(ctx, 5*time.Second); n != 0 {
			t.Fatalf("tried again before its time")
		}
		db.Now = func() time.Time { return time.Now().Add(2 * time.Minute) }
		if n, err := sender.SendDue(ctx, 5*time.Second); err != nil || n != 1 {
			t.Fatalf("after the wait: %d %v", n, err)
		}

		// A sender claims a message, hands it to the gateway and dies before recording it.
		db.Now = time.Now
		lost := queueText(t, db, "+56911112222", "civhub: once")
		claimed, err := phones.ClaimSMS(ctx, gw.Name(), 10, 2*time.Minute)
		if err != nil || len(claimed) != 1 || claimed[0].ID != lost {
			t.Fatalf("claimed %+v: %v", claimed, err)
		}
		if _, err := gw.Send(ctx, sms.Message{Ref: claimed[0].Ref, To: claimed[0].Number, Body: claimed[0].Body}); err != nil {
			t.Fatal(err)
		}
		if n, _ := sender.SendDue(ctx, 5*time.Second); n != 0 {
			t.Fatal("a message was claimed again while its sender's lease ran")
		}
		db.Now = func() time.Time { return time.Now().Add(3 * time.Minute) }
		if n, err := sender.SendDue(ctx, 5*time.Second); err != nil || n != 1 {
			t.Fatalf("after the lease: %d %v", n, err)
		}
		if st, provider, _, attempts := smsStatus(t, db, lost); st != civhub.SMSSent || provider != "civhub-"+itoa(lost) || attempts != 2 {
			t.Errorf("the message whose sender died: %s %q after %d tries", st, provider, attempts)
		}
		once := 0
		for _, m := range fake.Sent() {
			if m.ID == "civhub-"+itoa(lost) {
				once++
			}
		}
		if once != 1 || fake.Conflicts() != 1 {
			t.Errorf("the gateway took it %d times and refused %d duplicates; want once, and one refused", once, fake.Conflicts())
		}
	})
}

// TestGatewayFromURL: the gateway's address names the kind, the server and the credentials; a bad
// address says what is expected without repeating the password.
func TestGatewayFromURL(t *testing.T) {
	gw, err := sms.FromURL("android+https://civhub:pa55@api.sms-gate.app/3rdparty/v1/?device=abc")
	a, ok := gw.(*sms.Android)
	if err != nil || !ok || a.URL != "https://api.sms-gate.app/3rdparty/v1" || a.User != "civhub" || a.Password != "pa55" || a.DeviceID != "abc" {
		t.Fatalf("%+v %v", gw, err)
	}
	for _, bad := range []string{"android+ftp://u:p@host", "android+https://host/path", "carrier-pigeon://u:p@host", "android+https://u:%zz@host"} {
		if _, err := sms.FromURL(bad); err == nil || strings.Contains(err.Error(), "p@host") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// TestSMSSenderTwilio sends through a fake of Twilio's Messages API, which takes no reference of
// ours: a message whose sender died after sending it is looked for before it is sent again, and
// found, so the person gets it once; a refused number fails at once, and its error keeps the
// provider's code without the number.
func TestSMSSenderTwilio(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fake := smstest.NewTwilio(t)
		phones := sqldb.NewPhoneService(db)
		sender := senderFor(t, fake.GatewayURL(), phones)
		gw := sender.Gateway
		gw.(*sms.Twilio).StatusCallback = "https://civhub.example.org/hooks/sms/twilio"

		ok := queueText(t, db, "+56912345678", "civhub: Sismo. ¿Puedes ayudar?")
		refused := queueText(t, db, "+15550000000", "civhub: hello")
		fake.Refuse("+15550000000")
		if n, err := sender.SendDue(ctx, 5*time.Second); err != nil || n != 1 {
			t.Fatalf("sent %d: %v", n, err)
		}
		sent := fake.Sent()
		if len(sent) != 1 || sent[0].To != "+56912345678" || sent[0].From != "+15550001111" || sent[0].StatusCallback != "https://civhub.example.org/hooks/sms/twilio" {
			t.Fatalf("the provider got %+v", sent)
		}
		if st, provider, _, _ := smsStatus(t, db, ok); st != civhub.SMSSent || provider != sent[0].SID {
			t.Errorf("sent: %s %q", st, provider)
		}
		if st, _, errText, _ := smsStatus(t, db, refused); st != civhub.SMSFailed || !strings.Contains(errText, "21211") || strings.Contains(errText, "5550000000") {
			t.Errorf("refused: %s %q", st, errText)
		}

		// A sender hands a message over and dies; the next one finds it sent.
		lost := queueText(t, db, "+56911112222", "civhub: once")
		claimed, err := phones.ClaimSMS(ctx, gw.Name(), 10, 2*time.Minute)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claimed %+v: %v", claimed, err)
		}
		if _, err := gw.Send(ctx, sms.Message{Ref: claimed[0].Ref, To: claimed[0].Number, Body: claimed[0].Body}); err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return time.Now().Add(3 * time.Minute) }
		if n, err := sender.SendDue(ctx, 5*time.Second); err != nil || n != 1 {
			t.Fatalf("after the lease: %d %v", n, err)
		}
		times := 0
		for _, m := range fake.Sent() {
			if m.To == "+56911112222" {
				times++
			}
		}
		if st, provider, _, _ := smsStatus(t, db, lost); times != 1 || st != civhub.SMSSent || !strings.HasPrefix(provider, "SM") {
			t.Errorf("the message whose sender died went %d times; %s %q", times, st, provider)
		}
	})
}

// TestSMSSenderAfricasTalking sends through a fake of Africa's Talking's SMS API: the message goes
// out with the account's name, sender ID and API key, and is recorded with the provider's ID; a
// number the provider refuses fails at once.
func TestSMSSenderAfricasTalking(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fake := smstest.NewAfricasTalking(t)
		sender := senderFor(t, fake.GatewayURL(), sqldb.NewPhoneService(db))
		ok := queueText(t, db, "+254712345678", "civhub: Mafuriko Kisumu. Unaweza kusaidia?")
		refused := queueText(t, db, "+254700000000", "civhub: hello")
		fake.Refuse("+254700000000")
		if n, err := sender.SendDue(ctx, 5*time.Second); err != nil || n != 1 {
			t.Fatalf("sent %d: %v", n, err)
		}
		sent := fake.Sent()
		if len(sent) != 1 || sent[0].Get("to") != "+254712345678" || sent[0].Get("from") != "CIVHUB" || !strings.Contains(sent[0].Get("message"), "Kisumu") {
			t.Fatalf("the provider got %+v", sent)
		}
		if st, provider, _, _ := smsStatus(t, db, ok); st != civhub.SMSSent || provider != smstest.MessageID(1) {
			t.Errorf("sent: %s %q", st, provider)
		}
		if st, _, errText, _ := smsStatus(t, db, refused); st != civhub.SMSFailed || !strings.Contains(errText, "403") {
			t.Errorf("refused: %s %q", st, errText)
		}
	})
}

// recordingInbox answers nothing and remembers what it was given.
type recordingInbox struct{ got []string }

func (r *recordingInbox) ReceiveSMS(_ context.Context, gateway, from, body, providerID string) (string, error) {
	r.got = append(r.got, gateway+" "+providerID+" "+from+" "+body)
	return "", nil
}

// fetcherFor returns a fake Africa's Talking and a sender that reads its inbox into a recording
// inbox, with its outbox and read marks on db.
func fetcherFor(t *testing.T, db *sqldb.DB) (*smstest.AfricasTalking, *sqldb.PhoneService, *jobs.SMSSender, *recordingInbox) {
	t.Helper()
	fake := smstest.NewAfricasTalking(t)
	phones := sqldb.NewPhoneService(db)
	inbox := &recordingInbox{}
	sender := senderFor(t, fake.GatewayURL(), phones)
	sender.Inbox = inbox
	return fake, phones, sender, inbox
}

// TestSMSFetchAfricasTalking reads a fake Africa's Talking inbox through its API: the first reading
// only marks where the account's history ends (none of it is answered); later ones hand each new
// message to the inbox once, in order, page after page, with the provider's ID; the mark never
// moves back.
func TestSMSFetchAfricasTalking(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fake, phones, sender, inbox := fetcherFor(t, db)
		for i := range 12 { // more than a page of history
			fake.Arrive("+254712345678", "old "+strconv.Itoa(i))
		}
		if n, err := sender.FetchDue(ctx); err != nil || n != 0 || len(inbox.got) != 0 {
			t.Fatalf("the first reading answered %d (%v): %q", n, err, inbox.got)
		}
		if last, listening, err := phones.ReadMark(ctx, "africastalking"); err != nil || !listening || last != 12 {
			t.Fatalf("mark after the history: %d %v %v", last, listening, err)
		}
		for i := range 13 {
			fake.Arrive("+254712345678", "TASKS "+strconv.Itoa(i))
		}
		if n, err := sender.FetchDue(ctx); err != nil || n != 13 || len(inbox.got) != 13 {
			t.Fatalf("read %d (%v): %q", n, err, inbox.got)
		}
		if inbox.got[0] != "africastalking 13 +254712345678 TASKS 0" || inbox.got[12] != "africastalking 25 +254712345678 TASKS 12" {
			t.Errorf("handed over %q … %q", inbox.got[0], inbox.got[12])
		}
		if n, err := sender.FetchDue(ctx); err != nil || n != 0 || len(inbox.got) != 13 {
			t.Errorf("a reading with nothing new answered %d (%v)", n, err)
		}
		if err := phones.MoveReadMark(ctx, "africastalking", 3, false); err != nil {
			t.Fatal(err)
		}
		if last, listening, _ := phones.ReadMark(ctx, "africastalking"); last != 25 || !listening {
			t.Errorf("the mark moved back to %d (listening: %v)", last, listening)
		}
		// Another gateway's sender reads nothing.
		other := senderFor(t, smstest.NewAndroid(t).GatewayURL(), phones)
		other.Inbox = inbox
		if n, err := other.FetchDue(ctx); err != nil || n != 0 {
			t.Errorf("a gateway without an inbox read %d (%v)", n, err)
		}
	})
}

// TestSMSFetchLongHistory: an account whose history is longer than one reading (50 pages of 10)
// is read to its end over two runs, and nothing of it is answered; what arrives afterwards is.
func TestSMSFetchLongHistory(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fake, phones, sender, inbox := fetcherFor(t, db)
		for i := range 503 {
			fake.Arrive("+254712345678", "old "+strconv.Itoa(i))
		}
		if n, err := sender.FetchDue(ctx); err != nil || n != 0 {
			t.Fatalf("the first run answered %d: %v", n, err)
		}
		if last, listening, err := phones.ReadMark(ctx, "africastalking"); err != nil || listening || last != 500 {
			t.Fatalf("after the first run: read to %d, listening %v (%v)", last, listening, err)
		}
		reads := fake.Reads()
		if n, err := sender.FetchDue(ctx); err != nil || n != 0 || fake.Reads()-reads != 2 {
			t.Fatalf("the second run answered %d and read %d pages: %v", n, fake.Reads()-reads, err)
		}
		fake.Arrive("+254712345678", "TASKS")
		if n, err := sender.FetchDue(ctx); err != nil || n != 1 || len(inbox.got) != 1 || inbox.got[0] != "africastalking 504 +254712345678 TASKS" {
			t.Fatalf("answered %d: %q (%v)", n, inbox.got, err)
		}
	})
}

// TestSMSPaceIsShared: the gateway's pace holds however many senders run at once (a run that
// overlaps the one before when the gateway is slow, or senders on two nodes). Slots taken at once
// are a gap apart, and two senders sharing a one-second window send no more than one could.
func TestSMSPaceIsShared(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		phones := sqldb.NewPhoneService(db)
		const gap = 40 * time.Millisecond
		at := time.Now()
		db.Now = func() time.Time { return at } // the clock stands still: slots are gaps apart
		reserve := func(gateway string, gap, within time.Duration) (time.Duration, bool) {
			t.Helper()
			wait, ok, err := phones.ReserveSMSSlot(ctx, gateway, gap, within)
			if err != nil {
				t.Fatal(err)
			}
			return wait, ok
		}
		if _, ok := reserve("development", gap, time.Hour); ok {
			t.Fatal("a slot was taken with nothing to send")
		}
		first := queueText(t, db, "+56912340000", "civhub: first")
		slots := make(chan time.Duration, 16)
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				wait, ok, err := phones.ReserveSMSSlot(ctx, "development", gap, time.Hour)
				if err != nil || !ok {
					t.Error(ok, err)
				}
				slots <- wait
			}()
		}
		wg.Wait()
		close(slots)
		var taken []time.Duration
		for s := range slots {
			taken = append(taken, s)
		}
		slices.Sort(taken)
		for i, wait := range taken {
			if want := time.Duration(i) * gap; wait != want {
				t.Fatalf("slot %d comes after %v, want %v (all: %v)", i, wait, want, taken)
			}
		}

		// A slow pace (6 a minute) and runs of 8 s: a slot past the run's window is not taken, so
		// runs that find none do not push the pace further away.
		if wait, ok := reserve("slow", 10*time.Second, 8*time.Second); !ok || wait != 0 {
			t.Fatalf("the first slow slot: %v %v", wait, ok)
		}
		for range 5 {
			if wait, ok := reserve("slow", 10*time.Second, 8*time.Second); ok {
				t.Fatalf("a slot %v away was taken for an 8 s window", wait)
			}
		}
		db.Now = func() time.Time { return at.Add(10 * time.Second) }
		if wait, ok := reserve("slow", 10*time.Second, 8*time.Second); !ok || wait != 0 {
			t.Fatalf("10 s later: %v %v, want the slot at once", wait, ok)
		}
		// A node whose clock ran two hours fast wrote the next slot: the others do not wait for it.
		db.Now = func() time.Time { return at.Add(2 * time.Hour) }
		reserve("slow", 10*time.Second, 8*time.Second)
		db.Now = func() time.Time { return at.Add(20 * time.Second) }
		if wait, ok := reserve("slow", 10*time.Second, 8*time.Second); !ok || wait != 0 {
			t.Fatalf("after a fast clock: %v %v, want the slot at once", wait, ok)
		}
		db.Now = time.Now
		if _, err := db.Writer().Exec(`UPDATE sms_messages SET status = 'sent' WHERE id = $1`, first); err != nil {
			t.Fatal(err)
		}

		fake := smstest.NewAndroid(t)
		for i := range 40 {
			queueText(t, db, "+5691234"+strconv.Itoa(1000+i), "civhub: "+strconv.Itoa(i))
		}
		const rate, window = 10.0, time.Second // a slot every 100 ms: at most 11 in the window
		var sent atomic.Int64
		for range 2 {
			sender := senderFor(t, fake.GatewayURL(), phones)
			sender.Rate = rate
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := sender.SendDue(ctx, window)
				if err != nil {
					t.Error(err)
				}
				sent.Add(int64(n))
			}()
		}
		wg.Wait()
		if n := sent.Load(); n == 0 || n > int64(window.Seconds()*rate)+1 || len(fake.Sent()) != int(n) {
			t.Errorf("two senders in one window sent %d (the phone got %d); the pace allows %d", n, len(fake.Sent()), int(window.Seconds()*rate)+1)
		}
	})
}
