package mail

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"civhub"
	"civhub/i18n"
)

// Renderer turns queued mail into messages in the recipient's language.
type Renderer struct {
	catalog *i18n.Catalog
	baseURL string // where links point, without a trailing slash
}

// NewRenderer returns a Renderer whose links start with baseURL (https://civhub.example.org).
func NewRenderer(catalog *i18n.Catalog, baseURL string) *Renderer {
	return &Renderer{catalog: catalog, baseURL: strings.TrimSuffix(baseURL, "/")}
}

// content is what one mail says: every mail has the same shape, a greeting, an opening paragraph,
// one action with its link, and a closing paragraph.
type content struct {
	Dir, Lang               string
	Greeting, Intro, Outro  string
	Action, Link, Signature string
	Why                     string
}

// link returns the page a mail of this kind points to.
func (r *Renderer) link(q *civhub.QueuedMail) (string, error) {
	switch q.Kind {
	case civhub.MailVerifyEmail:
		return r.baseURL + "/verify/" + q.Payload["token"], nil
	case civhub.MailResetPassword:
		return r.baseURL + "/reset/" + q.Payload["token"], nil
	case civhub.MailAccountExists:
		return r.baseURL + "/signin", nil
	case civhub.MailPasswordChanged:
		return r.baseURL + "/reset", nil
	case civhub.MailNewSignIn, civhub.MailTwoFactorOn, civhub.MailTwoFactorOff:
		return r.baseURL + "/account", nil
	case civhub.MailChangeEmail:
		return r.baseURL + "/account/email/" + q.Payload["token"], nil
	case civhub.MailEmailChanged:
		return r.baseURL + "/signin", nil
	case civhub.MailInvitation:
		return r.baseURL + "/invitations/" + q.Payload["token"], nil
	case civhub.MailVerified, civhub.MailNotVerified:
		return r.baseURL + "/orgs/" + url.PathEscape(q.Payload["slug"]), nil
	}
	return "", fmt.Errorf("mail: unknown kind %q", q.Kind)
}

// Render renders q in its recipient's language.
func (r *Renderer) Render(q *civhub.QueuedMail) (*Message, error) {
	link, err := r.link(q)
	if err != nil {
		return nil, err
	}
	l := r.catalog.Locale(q.Locale)
	if l == nil {
		l = r.catalog.Locales()[0]
	}
	// The payload fills the messages' fields: {{.Device}}, {{.New}}. Tokens are only ever in links.
	data := map[string]any{}
	for k, v := range q.Payload {
		if k != "token" && k != "" {
			data[strings.ToUpper(k[:1])+k[1:]] = v
		}
	}
	c := content{
		Dir: l.Dir, Lang: l.Code,
		Greeting:  l.T("mail.greeting"),
		Intro:     l.T("mail."+q.Kind+".intro", data),
		Action:    l.T("mail."+q.Kind+".action", data),
		Outro:     l.T("mail."+q.Kind+".outro", data),
		Link:      link,
		Signature: l.T("mail.signature"),
		Why:       l.T("mail.why"),
	}
	m := &Message{To: q.To, Subject: l.T("mail."+q.Kind+".subject", data)}
	var buf bytes.Buffer
	if err := htmlMail.Execute(&buf, c); err != nil {
		return nil, err
	}
	m.HTML = buf.String()
	m.Text = strings.Join([]string{c.Greeting, c.Intro, c.Action + ":\n" + c.Link, c.Outro, c.Signature + "\n-- \n" + c.Why}, "\n\n") + "\n"
	return m, nil
}

// htmlMail is the HTML form of every mail: simple, inline-styled (mail readers ignore stylesheets),
// and readable with images off.
var htmlMail = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1f24; max-width: 36rem; margin: 0 auto; padding: 1rem">
<p>{{.Greeting}}</p>
<p>{{.Intro}}</p>
<p><a href="{{.Link}}" style="display: inline-block; background: #0b6e4f; color: #ffffff; padding: .6rem 1rem; border-radius: .4rem; text-decoration: none">{{.Action}}</a></p>
<p style="font-size: .9rem; color: #4a5562">{{.Link}}</p>
<p>{{.Outro}}</p>
<p>{{.Signature}}</p>
<hr style="border: 0; border-top: 1px solid #d5dcd8">
<p style="font-size: .85rem; color: #4a5562">{{.Why}}</p>
</body>
</html>
`))
