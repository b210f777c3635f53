package web

import (
	"net/http"
	"strconv"

	"civhub"
	"civhub/i18n"
)

// inboxPageSize is how many notifications one page of the inbox lists.
const inboxPageSize = 30

// noteView is a notification ready for the page: its sentence in the viewer's language.
type noteView struct {
	*civhub.Notification
	Text string
}

type inboxPage struct {
	Page
	CSRF       string
	Notes      []noteView
	UnreadOnly bool
	Older      string // the link to the next page, or ""
}

// noteText says n in l.
func noteText(l *i18n.Locale, n *civhub.Notification) string {
	return l.NoteText(n.Kind, n.Task, n.Org, n.Actor)
}

// beforeParam reads the keyset cursor "before" of a list; anything unreadable means the start.
func beforeParam(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	return max(id, 0)
}

func (s *notifications) inbox(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	p := &inboxPage{Page: s.page(r, l.T("note.title")), CSRF: s.csrfToken(r.Context()), UnreadOnly: r.URL.Query().Get("unread") == "1"}
	p.Nav = "inbox"
	list, err := s.notes.Notifications(r.Context(), v.ID, beforeParam(r), p.UnreadOnly, inboxPageSize+1)
	if err != nil {
		return err
	}
	if len(list) > inboxPageSize {
		list = list[:inboxPageSize]
		p.Older = "/me/notifications?before=" + strconv.FormatInt(list[len(list)-1].ID, 10)
		if p.UnreadOnly {
			p.Older += "&unread=1"
		}
	}
	for _, n := range list {
		p.Notes = append(p.Notes, noteView{Notification: n, Text: noteText(l, n)})
	}
	return s.render(w, r, http.StatusOK, "inbox", p)
}

// openNote marks a notification read and goes to what it is about.
func (s *notifications) openNote(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	n, err := s.notes.ReadNotification(r.Context(), v.ID, id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, n.Path(), http.StatusSeeOther)
	return nil
}

func (s *notifications) readAllNotes(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if err := s.notes.ReadAllNotifications(r.Context(), v.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/me/notifications", "note.marked")
}

// settingRow is one kind of notification on the settings page, with a choice per channel.
type settingRow struct {
	Kind     string
	Action   bool
	Channels []settingChoice
}

type settingChoice struct {
	Channel  string
	Field    string // the form field: kind.channel
	Delivery string
	Options  []string
}

type noteSettingsPage struct {
	Page
	CSRF     string
	Channels []string
	Rows     []settingRow
	Problem  string
}

// settingRows arranges settings by kind, in the order of civhub.NoteKinds.
func settingRows(settings []civhub.NoteSetting) ([]settingRow, []string) {
	byKind := map[string][]civhub.NoteSetting{}
	var channels []string
	for _, st := range settings {
		byKind[st.Kind] = append(byKind[st.Kind], st)
		if st.Kind == civhub.NoteKinds[0].Name {
			channels = append(channels, st.Channel)
		}
	}
	var rows []settingRow
	for _, k := range civhub.NoteKinds {
		row := settingRow{Kind: k.Name, Action: k.Action}
		for _, st := range byKind[k.Name] {
			var options []string
			for _, d := range []string{civhub.DeliverNow, civhub.DeliverDaily, civhub.DeliverWeekly, civhub.DeliverOff} {
				if civhub.CheckDelivery(k, st.Channel, d) == nil {
					options = append(options, d)
				}
			}
			row.Channels = append(row.Channels, settingChoice{Channel: st.Channel, Field: k.Name + "." + st.Channel,
				Delivery: st.Delivery, Options: options})
		}
		rows = append(rows, row)
	}
	return rows, channels
}

func (s *notifications) noteSettings(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	settings, err := s.notes.NoteSettings(r.Context(), v.ID)
	if err != nil {
		return err
	}
	return s.renderNoteSettings(w, r, http.StatusOK, settings, "")
}

func (s *notifications) renderNoteSettings(w http.ResponseWriter, r *http.Request, status int, settings []civhub.NoteSetting, problem string) error {
	l := requestInfoOf(r).locale
	p := &noteSettingsPage{Page: s.page(r, l.T("note.settings.title")), CSRF: s.csrfToken(r.Context()), Problem: problem}
	p.Nav = "account"
	p.Rows, p.Channels = settingRows(settings)
	return s.render(w, r, status, "note_settings", p)
}

func (s *notifications) saveNoteSettings(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	current, err := s.notes.NoteSettings(r.Context(), v.ID)
	if err != nil {
		return err
	}
	// Only the fields sent change; the page shows what was chosen even when a choice is refused.
	var changed []civhub.NoteSetting
	for i, st := range current {
		if d := r.PostFormValue(st.Kind + "." + st.Channel); d != "" && d != st.Delivery {
			current[i].Delivery = d
			changed = append(changed, current[i])
		}
	}
	if err := s.notes.SetNoteSettings(r.Context(), v.ID, changed); err != nil {
		var f Form
		if !formFailed(&f, err) {
			return err
		}
		return s.renderNoteSettings(w, r, http.StatusUnprocessableEntity, current, f.Problem)
	}
	return s.redirectWith(w, r, "/account/notifications", "note.settings.saved")
}

type unsubscribePage struct {
	Page
	Kind   string // "" for all notification mail
	Action string // where the form posts: this same link
	Done   bool
}

// unsubscribeRequest reads and checks an unsubscribe link: the person, the kind and the token.
func (s *notifications) unsubscribeRequest(r *http.Request) (int64, string, error) {
	q := r.URL.Query()
	person, err := strconv.ParseInt(q.Get("p"), 10, 64)
	kind := q.Get("k")
	if _, known := civhub.FindNoteKind(kind); err != nil || (kind != "" && !known) ||
		!civhub.CheckUnsubscribeToken(s.unsubscribeKey, person, kind, q.Get("t")) {
		return 0, "", civhub.E(civhub.EINVALID, "err.unsubscribe_link", "This unsubscribe link is not valid.")
	}
	s.speakTo(r, person)
	return person, kind, nil
}

// speakTo makes the page answer in person's language: whoever follows a link from a mail reads
// the page in the mail's language, whatever their browser asks for (a mail may be opened on a
// shared or borrowed phone).
func (s *notifications) speakTo(r *http.Request, person int64) {
	p, err := s.people.FindPersonByID(r.Context(), person)
	if err != nil {
		return // the account is gone: the browser's language will do
	}
	if l := s.catalog.Locale(p.Locale); l != nil {
		requestInfoOf(r).locale = l
	}
}

// unsubscribeForm asks before unsubscribing: mail scanners follow links, and must not unsubscribe
// anyone by doing so.
func (s *notifications) unsubscribeForm(w http.ResponseWriter, r *http.Request) error {
	_, kind, err := s.unsubscribeRequest(r)
	if err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	p := &unsubscribePage{Page: s.page(r, l.T("unsubscribe.title")), Kind: kind, Action: r.URL.RequestURI()}
	return s.render(w, r, http.StatusOK, "unsubscribe", p)
}

// unsubscribe turns the mail off. It is the one-click target of List-Unsubscribe-Post (RFC 8058),
// which mail providers post without cookies, so the signed link, not a session, authorizes it.
func (s *notifications) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	person, kind, err := s.unsubscribeRequest(r)
	if err != nil {
		return err
	}
	if err := s.notes.Unsubscribe(r.Context(), person, kind); err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	p := &unsubscribePage{Page: s.page(r, l.T("unsubscribe.title")), Kind: kind, Done: true}
	return s.render(w, r, http.StatusOK, "unsubscribe", p)
}
