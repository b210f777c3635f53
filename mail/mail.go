// Package mail renders civhub's mail in each recipient's language, as text and HTML, and sends it
// over SMTP. Without an SMTP server (in development) mail is kept in an outbox that admins can read.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"civhub"
)

// Message is one rendered mail.
type Message struct {
	From, To, Subject string
	Text, HTML        string
	// Unsubscribe is the one-click unsubscribe link of notification mail (RFC 8058), or "".
	Unsubscribe string
}

// Sender delivers a rendered message.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// SMTP sends mail through an SMTP server.
type SMTP struct {
	host     string
	port     int
	implicit bool // TLS from the first byte (smtps://) rather than STARTTLS
	username string
	password string
}

// NewSMTP parses an SMTP URL: smtp://[user:password@]host[:port] uses STARTTLS when the server offers
// it (port 587 by default), smtps:// uses TLS from the start (port 465 by default).
func NewSMTP(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, errors.New("mail: the SMTP URL must look like smtp://user:password@host:587 or smtps://host:465")
	}
	s := &SMTP{host: u.Hostname(), implicit: u.Scheme == "smtps", port: 587}
	if s.implicit {
		s.port = 465
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("mail: bad SMTP port %q", p)
		}
	}
	if u.User != nil {
		s.username = u.User.Username()
		s.password, _ = u.User.Password()
	}
	return s, nil
}

// Addr returns the server's host:port, for logs (never the credentials).
func (s *SMTP) Addr() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

// Send implements Sender.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageID()
	msg.SetDate()
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	if m.Unsubscribe != "" {
		msg.SetGenHeader(gomail.Header("List-Unsubscribe"), "<"+m.Unsubscribe+">")
		msg.SetGenHeader(gomail.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click")
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)

	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(30 * time.Second)}
	if s.implicit {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.username), gomail.WithPassword(s.password))
	}
	c, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", s.Addr(), err)
	}
	return nil
}

// Deliverer sends queued mail: it renders the message, hands it to the Sender (or, without one,
// keeps it in the outbox) and records the outcome.
type Deliverer struct {
	Queue    civhub.MailQueue
	Renderer *Renderer
	Sender   Sender // nil keeps mail in the development outbox
	From     string
}

// Deliver sends the queued mail id. Mail already sent is not sent again, so a retried job is
// harmless.
func (d *Deliverer) Deliver(ctx context.Context, id int64) error {
	q, err := d.Queue.FindMail(ctx, id)
	if civhub.ErrorCode(err) == civhub.ENOTFOUND {
		return nil // its person deleted their account meanwhile
	} else if err != nil {
		return err
	}
	if q.Status != civhub.MailQueued {
		return nil
	}
	m, err := d.Renderer.Render(q)
	if err != nil {
		return err
	}
	m.From = d.From
	if d.Sender == nil {
		return d.Queue.FinishMail(ctx, id, civhub.MailOutbox, m.Subject, m.Text)
	}
	if err := d.Sender.Send(ctx, m); err != nil {
		return err
	}
	return d.Queue.FinishMail(ctx, id, civhub.MailSent, "", "")
}
