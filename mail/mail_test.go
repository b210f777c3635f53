package mail_test

import (
	"context"
	"io"
	"log/slog"
	"regexp"
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
	return mail.NewRenderer(c, "https://civhub.example.org/")
}

// TestRenderEveryKindInEveryLocale renders each mail in each language and checks that nothing is
// left untranslated and that the link is in both parts.
func TestRenderEveryKindInEveryLocale(t *testing.T) {
	r := newRenderer(t)
	leftover := regexp.MustCompile(`\bmail\.[a-z_.]+`)
	for _, kind := range civhub.MailKinds {
		for _, code := range civhub.Locales {
			t.Run(kind+"/"+code, func(t *testing.T) {
				m, err := r.Render(&civhub.QueuedMail{To: "a@example.org", Locale: code, Kind: kind, Payload: map[string]string{"token": "TOKEN123"}})
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
