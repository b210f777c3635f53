// Package smtptest runs a real SMTP server in the test process and keeps what it receives, so that
// tests read civhub's mail the way a mail server gets it.
package smtptest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Mail is one received message, with its text part decoded.
type Mail struct {
	From    string
	To      []string
	Header  mail.Header
	Subject string
	Text    string // the text/plain part
	HTML    string // the text/html part
}

// Server is a running SMTP server.
type Server struct {
	srv  *smtp.Server
	addr string

	mu       sync.Mutex
	received []Mail
	arrived  chan struct{}
}

// Start runs a server on a free local port until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{arrived: make(chan struct{}, 1000)}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{server: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go s.srv.Serve(ln)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// URL returns the smtp:// URL civhub is configured with.
func (s *Server) URL() string { return "smtp://" + s.addr }

// Received returns the messages received so far.
func (s *Server) Received() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.received...)
}

// WaitFor waits up to timeout for a message to address whose subject contains subject.
func (s *Server) WaitFor(t testing.TB, to, subject string, timeout time.Duration) Mail {
	t.Helper()
	deadline := time.After(timeout)
	for {
		for _, m := range s.Received() {
			for _, rcpt := range m.To {
				if strings.EqualFold(rcpt, to) && strings.Contains(m.Subject, subject) {
					return m
				}
			}
		}
		select {
		case <-s.arrived:
		case <-deadline:
			t.Fatalf("no mail to %s about %q within %v; received %d", to, subject, timeout, len(s.Received()))
		}
	}
}

type session struct {
	server *Server
	from   string
	to     []string
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		return err
	}
	m.From, m.To = s.from, append([]string(nil), s.to...)
	s.server.mu.Lock()
	s.server.received = append(s.server.received, m)
	s.server.mu.Unlock()
	s.server.arrived <- struct{}{}
	return nil
}

// parse reads a message and its text and HTML parts.
func parse(raw []byte) (Mail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Mail{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Mail{}, err
	}
	m := Mail{Header: msg.Header, Subject: subject}
	err = walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &m)
	return m, err
}

func walk(contentType, encoding string, body io.Reader, m *Mail) error {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if err := walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, m); err != nil {
				return err
			}
		}
	}
	text, err := decode(encoding, body)
	if err != nil {
		return err
	}
	switch mediaType {
	case "text/plain":
		m.Text = text
	case "text/html":
		m.HTML = text
	}
	return nil
}
