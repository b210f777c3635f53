package mail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"civhub"
	"civhub/i18n"
)

// Renderer turns queued mail into messages in the recipient's language.
type Renderer struct {
	catalog        *i18n.Catalog
	baseURL        string // where links point, without a trailing slash
	unsubscribeKey []byte // signs unsubscribe links; see civhub.UnsubscribeToken
}

// NewRenderer returns a Renderer whose links start with baseURL (https://civhub.example.org) and
// whose unsubscribe links are signed with unsubscribeKey.
func NewRenderer(catalog *i18n.Catalog, baseURL string, unsubscribeKey []byte) *Renderer {
	return &Renderer{catalog: catalog, baseURL: strings.TrimSuffix(baseURL, "/"), unsubscribeKey: unsubscribeKey}
}

// content is what one mail says: every mail has the same shape, a greeting, an opening paragraph,
// optional items (a digest's entries), one action with its link, and a closing paragraph.
type content struct {
	Dir, Lang               string
	Greeting, Intro, Outro  string
	Items                   []item
	Action, Link, Signature string
	Why                     string // why the mail came; see footer
	Settings                string // the notification settings page, for notification mail
	SettingsText            string
	Unsubscribe             string // the unsubscribe link, for notification mail
	UnsubscribeText         string
}

// item is one entry of a digest.
type item struct{ Text, Link string }

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
	case civhub.MailNote, civhub.MailCrisisAlert:
		return r.local(q.Payload["path"]), nil
	case civhub.MailDigest:
		return r.baseURL + "/me/notifications", nil
	}
	return "", fmt.Errorf("mail: unknown kind %q", q.Kind)
}

// local returns the absolute link to a path on this site; anything else points home.
func (r *Renderer) local(path string) string {
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
		path = "/"
	}
	return r.baseURL + path
}

// footer returns the message that ends mail of kind by saying why it came. Only mail that
// someone asks for about an address (a sign-up, a password reset, a new address) may say "if it
// was not you, ignore it": under a notification that advice reads oddly, and under a security
// alert it would be wrong.
func footer(kind string) string {
	switch kind {
	case civhub.MailVerifyEmail, civhub.MailAccountExists, civhub.MailResetPassword, civhub.MailChangeEmail:
		return "mail.why"
	case civhub.MailPasswordChanged, civhub.MailNewSignIn, civhub.MailTwoFactorOn, civhub.MailTwoFactorOff, civhub.MailEmailChanged:
		return "mail.why_security"
	case civhub.MailInvitation:
		return "mail.why_invitation"
	case civhub.MailVerified, civhub.MailNotVerified:
		return "mail.why_owner"
	case civhub.MailCrisisAlert:
		return "mail.why_standby"
	}
	return "mail.why_notification"
}

// UnsubscribeLink returns the one-click unsubscribe link for person and kind ("" for all mail).
func (r *Renderer) UnsubscribeLink(person int64, kind string) string {
	v := url.Values{"p": {strconv.FormatInt(person, 10)}, "t": {civhub.UnsubscribeToken(r.unsubscribeKey, person, kind)}}
	if kind != "" {
		v.Set("k", kind)
	}
	return r.baseURL + "/unsubscribe?" + v.Encode()
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
		Link:      link,
		Signature: l.T("mail.signature"),
		Why:       l.T(footer(q.Kind), data),
	}
	var subject string
	switch q.Kind {
	case civhub.MailNote:
		p := q.Payload
		c.Intro = l.NoteText(p["note"], p["task"], p["org"], p["actor"])
		c.Action, c.Outro = l.T("mail.note.action"), l.T("mail.note.outro")
		subject = c.Intro
	case civhub.MailCrisisAlert:
		intro := "mail.crisis_alert.intro"
		if q.Payload["task"] != "" {
			intro = "mail.crisis_alert.intro_task"
		}
		subject, c.Intro = l.T("mail.crisis_alert.subject", data), l.T(intro, data)
		c.Action, c.Outro = l.T("mail.crisis_alert.action", data), l.T("mail.crisis_alert.outro", data)
		if q.Payload["drill"] != "" {
			subject = l.T("sms.drill") + " " + subject
			c.Outro = l.T("mail.crisis_alert.drill") + " " + c.Outro
		}
	case civhub.MailDigest:
		var entries []struct {
			Note, Task, Org, Actor, Path string
			Count                        int
		}
		if err := json.Unmarshal([]byte(q.Payload["items"]), &entries); err != nil {
			return nil, fmt.Errorf("mail: digest items: %w", err)
		}
		for _, e := range entries {
			text := l.NoteText(e.Note, e.Task, e.Org, e.Actor)
			if e.Count > 1 { // one line for several alike, as the inbox shows them
				text += " (" + l.Number(int64(e.Count)) + ")"
			}
			c.Items = append(c.Items, item{Text: text, Link: r.local(e.Path)})
		}
		count, _ := strconv.Atoi(q.Payload["count"])
		subject = l.N("mail.digest.subject", count)
		c.Intro, c.Action, c.Outro = l.T("mail.digest.intro"), l.T("mail.digest.action"), l.T("mail.digest.outro")
	default:
		subject = l.T("mail."+q.Kind+".subject", data)
		c.Intro, c.Action, c.Outro = l.T("mail."+q.Kind+".intro", data), l.T("mail."+q.Kind+".action", data), l.T("mail."+q.Kind+".outro", data)
	}
	m := &Message{To: q.To, Subject: subject}
	if person, err := strconv.ParseInt(q.Payload["person"], 10, 64); err == nil && (q.Kind == civhub.MailNote || q.Kind == civhub.MailDigest) {
		kind := ""
		if q.Kind == civhub.MailNote {
			kind = q.Payload["note"]
		}
		m.Unsubscribe = r.UnsubscribeLink(person, kind)
		c.Unsubscribe, c.UnsubscribeText = m.Unsubscribe, l.T("mail.unsubscribe")
		c.Settings, c.SettingsText = r.baseURL+"/account/notifications", l.T("mail.settings")
	}
	var buf bytes.Buffer
	if err := htmlMail.Execute(&buf, c); err != nil {
		return nil, err
	}
	m.HTML = buf.String()
	parts := []string{c.Greeting, c.Intro}
	for _, it := range c.Items {
		parts = append(parts, "- "+it.Text+"\n  "+it.Link)
	}
	parts = append(parts, c.Action+l.Colon()+"\n"+c.Link, c.Outro, c.Signature+"\n-- \n"+c.Why)
	if c.Unsubscribe != "" {
		parts = append(parts, c.SettingsText+l.Colon()+" "+c.Settings, c.UnsubscribeText+l.Colon()+" "+c.Unsubscribe)
	}
	m.Text = strings.Join(parts, "\n\n") + "\n"
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
{{- if .Items}}
<ul style="padding-inline-start: 1.2rem">
{{- range .Items}}
<li style="margin-bottom: .5rem"><a href="{{.Link}}" style="color: #0b6e4f">{{.Text}}</a></li>
{{- end}}
</ul>
{{- end}}
<p><a href="{{.Link}}" style="display: inline-block; background: #0b6e4f; color: #ffffff; padding: .6rem 1rem; border-radius: .4rem; text-decoration: none">{{.Action}}</a></p>
<p style="font-size: .9rem; color: #4a5562">{{.Link}}</p>
<p>{{.Outro}}</p>
<p>{{.Signature}}</p>
<hr style="border: 0; border-top: 1px solid #d5dcd8">
<p style="font-size: .85rem; color: #4a5562">{{.Why}}
{{- if .Unsubscribe}} <a href="{{.Settings}}" style="color: #4a5562">{{.SettingsText}}</a> · <a href="{{.Unsubscribe}}" style="color: #4a5562">{{.UnsubscribeText}}</a>{{end}}</p>
</body>
</html>
`))
