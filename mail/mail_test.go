package mail_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/i18n"
	"civhub/jobs"
	"civhub/mail"
	"civhub/mail/smtptest"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func newRenderer(t *testing.T) *mail.Renderer {
	t.Helper()
	c, err := i18n.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return mail.NewRenderer(c, "https://civhub.example.org/", []byte("test unsubscribe key"))
}

// testPayloads returns payloads to render mail of kind with: one per notification kind for
// notification mail.
func testPayloads(kind string) []map[string]string {
	switch kind {
	case civhub.MailNote:
		var out []map[string]string
		for _, k := range civhub.NoteKinds {
			out = append(out, map[string]string{"note": k.Name, "task": "Mapa de albergues", "org": "Junta Vecinal",
				"actor": "Ana", "count": "1", "path": "/tasks/7", "person": "42"})
		}
		return out
	case civhub.MailDigest:
		return []map[string]string{{"count": "2", "person": "42",
			"items": `[{"note":"returned","task":"Mapa de albergues","org":"Junta Vecinal","path":"/tasks/7","count":1},` +
				`{"note":"message","task":"Traducción","actor":"Ana","path":"/tasks/8","count":3}]`}}
	}
	return []map[string]string{{"token": "TOKEN123"}}
}

// TestRenderEveryKindInEveryLocale renders each mail in each language and checks that nothing is
// left untranslated and that the link is in both parts.
func TestRenderEveryKindInEveryLocale(t *testing.T) {
	r := newRenderer(t)
	leftover := regexp.MustCompile(`\b(mail|note)\.[a-z_.]+`)
	for _, kind := range civhub.MailKinds {
		for _, code := range civhub.Locales {
			for _, payload := range testPayloads(kind) {
				t.Run(kind+"/"+payload["note"]+"/"+code, func(t *testing.T) {
					m, err := r.Render(&civhub.QueuedMail{To: "a@example.org", Locale: code, Kind: kind, Payload: payload})
					if err != nil {
						t.Fatal(err)
					}
					for _, part := range []string{m.Subject, m.Text, m.HTML} {
						if id := leftover.FindString(part); id != "" {
							t.Errorf("untranslated %q", id)
						}
					}
					if !strings.Contains(m.Text, "https://civhub.example.org/") || !strings.Contains(m.HTML, `href="https://civhub.example.org/`) {
						t.Error("the link is missing from the text or the HTML")
					}
					if code == "ar" && !strings.Contains(m.HTML, `dir="rtl"`) {
						t.Error("Arabic mail is not right-to-left")
					}
					if (kind == civhub.MailVerifyEmail || kind == civhub.MailResetPassword) && !strings.Contains(m.Text, "TOKEN123") {
						t.Error("the token is not in the link")
					}
					notification := kind == civhub.MailNote || kind == civhub.MailDigest
					if notification != (m.Unsubscribe != "") {
						t.Errorf("unsubscribe link %q on a %s mail", m.Unsubscribe, kind)
					}
					if notification && (!strings.Contains(m.Text, m.Unsubscribe) || !strings.Contains(m.HTML, "/unsubscribe?")) {
						t.Error("the unsubscribe link is not in both parts")
					}
				})
			}
		}
	}
}

// TestRenderNotificationMail checks what a notification and a digest say, and that their
// unsubscribe links are signed for their person and kind only.
func TestRenderNotificationMail(t *testing.T) {
	r := newRenderer(t)
	key := []byte("test unsubscribe key")
	m, err := r.Render(&civhub.QueuedMail{To: "a@example.org", Locale: "es", Kind: civhub.MailNote, Payload: testPayloads(civhub.MailNote)[1]})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Junta Vecinal te devolvió el trabajo de «Mapa de albergues» con comentarios."; m.Subject != want {
		t.Errorf("subject %q, want %q", m.Subject, want)
	}
	if !strings.Contains(m.Text, "https://civhub.example.org/tasks/7") {
		t.Errorf("no link to the task in:\n%s", m.Text)
	}
	u, err := url.Parse(m.Unsubscribe)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("p") != "42" || q.Get("k") != civhub.NoteReturned || !civhub.CheckUnsubscribeToken(key, 42, civhub.NoteReturned, q.Get("t")) {
		t.Errorf("unsubscribe link %s does not unsubscribe person 42 from returned work", m.Unsubscribe)
	}
	if civhub.CheckUnsubscribeToken(key, 43, civhub.NoteReturned, q.Get("t")) || civhub.CheckUnsubscribeToken(key, 42, "", q.Get("t")) {
		t.Error("the token also works for another person or for every kind")
	}

	d, err := r.Render(&civhub.QueuedMail{To: "a@example.org", Locale: "fr", Kind: civhub.MailDigest, Payload: testPayloads(civhub.MailDigest)[0]})
	if err != nil {
		t.Fatal(err)
	}
	if d.Subject != "2 nouveautés sur civhub" {
		t.Errorf("digest subject %q", d.Subject)
	}
	for _, want := range []string{"Junta Vecinal vous a renvoyé le travail sur «\u202fMapa de albergues\u202f» avec des commentaires.",
		"https://civhub.example.org/tasks/8", "Nouveaux messages sur «\u202fTraducción\u202f»\u202f; le dernier de Ana.",
		"Ouvrir vos notifications\u00a0:\nhttps://civhub.example.org/me/notifications"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("the digest lacks %q:\n%s", want, d.Text)
		}
	}
	du, _ := url.Parse(d.Unsubscribe)
	if du.Query().Has("k") || !civhub.CheckUnsubscribeToken(key, 42, "", du.Query().Get("t")) {
		t.Errorf("a digest's unsubscribe link %s should stop all notification mail", d.Unsubscribe)
	}

	// A path from the payload never sends the reader off the site.
	evil := map[string]string{"note": civhub.NoteAccepted, "task": "x", "path": "//evil.example/", "person": "1"}
	e, err := r.Render(&civhub.QueuedMail{To: "a@example.org", Locale: "en", Kind: civhub.MailNote, Payload: evil})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.Text, "evil.example") {
		t.Error("the mail links off the site")
	}
}

// TestMailFooterSaysWhy checks how each mail ends. Only mail that someone asks for about an
// address says "if that was not you, ignore it"; notification mail ends with the way to change the
// notification settings or stop the mails instead, and security alerts never say to ignore them.
func TestMailFooterSaysWhy(t *testing.T) {
	catalog, err := i18n.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	r := newRenderer(t)
	ignorable := []string{civhub.MailVerifyEmail, civhub.MailAccountExists, civhub.MailResetPassword, civhub.MailChangeEmail}
	notification := []string{civhub.MailNote, civhub.MailDigest}
	const settings = "https://civhub.example.org/account/notifications"
	for _, kind := range civhub.MailKinds {
		for _, l := range catalog.Locales() {
			t.Run(kind+"/"+l.Code, func(t *testing.T) {
				payload := testPayloads(kind)[0]
				payload["org"], payload["inviter"] = "Junta Vecinal", "Ana"
				m, err := r.Render(&civhub.QueuedMail{To: "a@example.org", Locale: l.Code, Kind: kind, Payload: payload})
				if err != nil {
					t.Fatal(err)
				}
				if says := strings.Contains(m.Text, l.T("mail.why")); says != slices.Contains(ignorable, kind) {
					t.Errorf("says %q: %v, want %v", l.T("mail.why"), says, !says)
				}
				links := strings.Contains(m.Text, settings) && strings.Contains(m.HTML, `href="`+settings+`"`)
				if links != slices.Contains(notification, kind) {
					t.Errorf("links to the notification settings in both parts: %v, want %v", links, !links)
				}
				if _, footer, _ := strings.Cut(m.Text, "\n-- \n"); footer == "" || strings.Contains(footer, "<no value>") {
					t.Errorf("no footer, or a field missing from it:\n%s", m.Text)
				}
			})
		}
	}
}

func TestRenderUnknownKind(t *testing.T) {
	if _, err := newRenderer(t).Render(&civhub.QueuedMail{Kind: "nonsense", Locale: "en"}); err == nil {
		t.Fatal("an unknown kind rendered without error")
	}
}

func TestNewSMTP(t *testing.T) {
	for _, tc := range []struct {
		url, addr string
		ok        bool
	}{
		{"smtp://mail.example.org", "mail.example.org:587", true},
		{"smtps://user:secret@mail.example.org", "mail.example.org:465", true},
		{"smtp://mail.example.org:2525", "mail.example.org:2525", true},
		{"http://mail.example.org", "", false},
		{"smtp://", "", false},
		{"smtp://host:port", "", false},
	} {
		s, err := mail.NewSMTP(tc.url)
		if (err == nil) != tc.ok || (err == nil && s.Addr() != tc.addr) {
			t.Errorf("NewSMTP(%q) = %v, %v", tc.url, s, err)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("the error repeats the password: %v", err)
		}
	}
}

// TestDeliverOverSMTP queues a reset mail on each database, delivers it to a real SMTP server, and
// checks what arrived and that the stored copy lost its secret.
func TestDeliverOverSMTP(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		server := smtptest.Start(t)
		sender, err := mail.NewSMTP(server.URL())
		if err != nil {
			t.Fatal(err)
		}
		id := queueReset(t, db, "jean@example.org", "fr")
		queue := sqldb.NewMailQueue(db)
		d := &mail.Deliverer{Queue: queue, Renderer: newRenderer(t), Sender: sender, From: "civhub <civhub@example.org>"}
		if err := d.Deliver(ctx, id); err != nil {
			t.Fatal(err)
		}
		got := server.WaitFor(t, "jean@example.org", "civhub", 10*time.Second)
		if got.Subject != "Réinitialisez votre mot de passe civhub" {
			t.Errorf("subject %q, want the French one", got.Subject)
		}
		if !strings.Contains(got.Text, "https://civhub.example.org/reset/") || !strings.Contains(got.HTML, "<a href=") {
			t.Errorf("text or HTML part lacks the link:\n%s", got.Text)
		}
		if got.Header.Get("Auto-Submitted") != "auto-generated" {
			t.Error("no Auto-Submitted header")
		}
		m, err := queue.FindMail(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != civhub.MailSent || len(m.Payload) != 0 || m.SentAt == nil {
			t.Errorf("after sending: status %q, payload %v, sent %v", m.Status, m.Payload, m.SentAt)
		}
		// A retried job does not send the mail twice.
		if err := d.Deliver(ctx, id); err != nil {
			t.Fatal(err)
		}
		if n := len(server.Received()); n != 1 {
			t.Errorf("%d messages after a repeated delivery, want 1", n)
		}
	})
}

func TestDeliverToOutbox(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		id := queueReset(t, db, "amina@example.org", "ar")
		queue := sqldb.NewMailQueue(db)
		d := &mail.Deliverer{Queue: queue, Renderer: newRenderer(t), From: "civhub <civhub@example.org>"}
		if err := d.Deliver(ctx, id); err != nil {
			t.Fatal(err)
		}
		out, err := queue.Outbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 1 || out[0].Subject == "" || !strings.Contains(out[0].TextBody, "/reset/") {
			t.Fatalf("outbox = %+v, want the rendered mail", out)
		}
	})
}

// queueReset makes a person and asks for a password reset, which queues one mail, and returns its ID.
func queueReset(t *testing.T, db *sqldb.DB, email, locale string) int64 {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	p := &civhub.Person{Email: email, DisplayName: "X", Locale: locale, EmailVerifiedAt: &now}
	if err := sqldb.NewPersonService(db).CreatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := jobs.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	runner, err := jobs.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Services{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sqldb.NewAccountService(db, runner).RequestPasswordReset(ctx, email, civhub.Client{IPKey: "k"}); err != nil {
		t.Fatal(err)
	}
	var id int64
	err = db.View(ctx, func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT MAX(id) FROM mail_queue`).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestDigestThroughJobsOverSMTP lets the started jobs runner find a due digest, render it and send
// it to a real SMTP server, with the one-click unsubscribe headers of RFC 8058.
func TestDigestThroughJobsOverSMTP(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		server := smtptest.Start(t)
		sender, err := mail.NewSMTP(server.URL())
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		p := &civhub.Person{Email: "amina@example.org", DisplayName: "Amina", Locale: "ar", EmailVerifiedAt: &now}
		if err := sqldb.NewPersonService(db).CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		// Two entries whose daily digest is due, and one the person already read in the inbox.
		for _, n := range []struct {
			kind string
			read any
		}{{civhub.NoteApproved, nil}, {civhub.NoteHoursConfirmed, nil}, {civhub.NoteEndorsed, now}} {
			if _, err := db.Writer().ExecContext(ctx, `INSERT INTO notifications (person_id, kind, created_at, read_at, digest_at)
				VALUES ($1, $2, $3, $4, $5)`, p.ID, n.kind, now.Add(-time.Hour), n.read, now.Add(-time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if err := jobs.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		var runner *jobs.Runner
		notes := sqldb.NewNotificationService(db, sqldb.QueueFunc(func(ctx context.Context, tx *sqldb.Tx, job civhub.Job) error {
			return runner.Enqueue(ctx, tx, job)
		}))
		d := &mail.Deliverer{Queue: sqldb.NewMailQueue(db), Renderer: newRenderer(t), Sender: sender, From: "civhub <civhub@example.org>"}
		runner, err = jobs.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Services{Mail: d, Digests: notes})
		if err != nil {
			t.Fatal(err)
		}
		if err := runner.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			runner.Stop(stop)
		})
		got := server.WaitFor(t, "amina@example.org", "civhub", 30*time.Second)
		if got.Subject != "جديدان على civhub" {
			t.Errorf("subject %q, want the Arabic dual", got.Subject)
		}
		unsub := got.Header.Get("List-Unsubscribe")
		if !strings.HasPrefix(unsub, "<https://civhub.example.org/unsubscribe?") || !strings.HasSuffix(unsub, ">") ||
			got.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("unsubscribe headers %q, %q", unsub, got.Header.Get("List-Unsubscribe-Post"))
		}
		if !strings.Contains(got.Text, "وافقت") || strings.Contains(got.Text, "زكّت") {
			t.Errorf("the digest should list the approval and not the endorsement already read:\n%s", got.Text)
		}
		if n := len(server.Received()); n != 1 {
			t.Errorf("%d mails, want one digest", n)
		}
	})
}

// TestPasswordChangedMailNamesTokens checks that the mail confirming a new password tells the
// person that their API tokens stopped working, in every language.
func TestPasswordChangedMailNamesTokens(t *testing.T) {
	r := newRenderer(t)
	for _, code := range civhub.Locales {
		m, err := r.Render(&civhub.QueuedMail{To: "a@example.org", Locale: code, Kind: civhub.MailPasswordChanged, Payload: map[string]string{}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.Text, "API") || !strings.Contains(m.HTML, "API") {
			t.Errorf("%s: the mail does not say that the API tokens were revoked:\n%s", code, m.Text)
		}
	}
}
