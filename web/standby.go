package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/i18n"
)

// phonePage shows the viewer's number, the form to give one, and the code's form while it waits.
type phonePage struct {
	authPage
	Phone     *civhub.Phone // nil when they gave none
	NoGateway bool          // no SMS gateway is set up: nothing is sent yet
}

func (s *crisis) phonePageFor(r *http.Request, person int64) (*phonePage, error) {
	p := &phonePage{authPage: *s.authPage(r, "phone.title"), NoGateway: s.gateway == ""}
	p.Nav = "me"
	ph, err := s.phones.Phone(r.Context(), person)
	switch {
	case err == nil:
		p.Phone = ph
	case civhub.ErrorCode(err) != civhub.ENOTFOUND:
		return nil, err
	}
	return p, nil
}

func (s *crisis) phonePage(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p, err := s.phonePageFor(r, v.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "phone", p)
}

// phoneFailed shows the phone page again with err and the form as typed.
func (s *crisis) phoneFailed(w http.ResponseWriter, r *http.Request, person int64, err error) error {
	p, perr := s.phonePageFor(r, person)
	if perr != nil {
		return perr
	}
	p.Form.Values = formValues(r, "number")
	return s.renderForm(w, r, err, "phone", &p.authPage, p)
}

// startPhone stores the number typed and sends it a code, in the viewer's language.
func (s *crisis) startPhone(w http.ResponseWriter, r *http.Request) error {
	v, err := s.postedBy(w, r)
	if err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	text := func(code string) string { return l.T("phone.sms.code", map[string]any{"Code": code}) }
	if _, err := s.phones.StartVerification(r.Context(), v.ID, r.PostFormValue("number"), text); err != nil {
		return s.phoneFailed(w, r, v.ID, err)
	}
	return s.redirectWith(w, r, "/me/phone#code-h", "phone.code_sent")
}

func (s *crisis) verifyPhone(w http.ResponseWriter, r *http.Request) error {
	v, err := s.postedBy(w, r)
	if err != nil {
		return err
	}
	code := strings.Join(strings.Fields(r.PostFormValue("code")), "")
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		err = civhub.FieldError("code", "err.phone_code_wrong", "That code is not right. Check the last SMS from civhub and try again.")
	} else {
		err = s.phones.Verify(r.Context(), v.ID, code)
	}
	if err != nil {
		return s.phoneFailed(w, r, v.ID, err)
	}
	return s.redirectWith(w, r, "/me/phone", "phone.verified")
}

func (s *crisis) removePhone(w http.ResponseWriter, r *http.Request) error {
	v, err := s.postedBy(w, r)
	if err != nil {
		return err
	}
	if err := s.phones.RemovePhone(r.Context(), v.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/me/phone", "phone.removed")
}

// standbyPage is the viewer's pledge on the standby roster, or the form to make one.
type standbyPage struct {
	authPage
	Pledge       *civhub.StandbyPledge // nil before they join
	Phone        bool                  // they have a verified number that takes messages
	Countries    []countryChoice       // up to three countries
	Skills       []Option
	Languages    []Option
	MoreLanguage []Option
	Channels     []Option
	Anywhere     bool
	NoGateway    bool // no SMS gateway is set up: alerts go by email only
}

// countryChoice is one of the menus of a pledge's countries.
type countryChoice struct {
	Name    string // the field's name
	N       int    // its number, from 1
	Options []Option
}

// countryChoices are the menus of up to three countries, with chosen selected in order.
func countryChoices(l *i18n.Locale, chosen []string) []countryChoice {
	var out []countryChoice
	for i, name := range countryFields {
		pick := ""
		if i < len(chosen) {
			pick = chosen[i]
		}
		c := countryChoice{Name: name, N: i + 1, Options: []Option{{"", l.T("form.not_given"), pick == ""}}}
		for _, o := range l.Countries() {
			c.Options = append(c.Options, Option{o.Code, o.Name, pick == o.Code})
		}
		out = append(out, c)
	}
	return out
}

// countryFields are the names of the menus of a pledge's or a crisis's countries.
var countryFields = []string{"country", "country2", "country3"}

var pledgeFields = []string{"regions", "quiet_from", "quiet_to", "first_week_hours"}

// minutesOfDay shows minutes after midnight as a time field does.
func minutesOfDay(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func (s *crisis) standbyPageFor(r *http.Request, person int64, typed *civhub.StandbyPledge) (*standbyPage, error) {
	ctx, l := r.Context(), requestInfoOf(r).locale
	p := &standbyPage{authPage: *s.authPage(r, "standby.title"), NoGateway: s.gateway == ""}
	p.Nav = "me"
	pl, err := s.standby.Pledge(ctx, person)
	switch {
	case err == nil:
		p.Pledge = pl
	case civhub.ErrorCode(err) != civhub.ENOTFOUND:
		return nil, err
	}
	ph, err := s.phones.Phone(ctx, person)
	if err != nil && civhub.ErrorCode(err) != civhub.ENOTFOUND {
		return nil, err
	}
	p.Phone = ph.Reachable()
	shown := typed
	if shown == nil {
		shown = pl
	}
	if shown == nil { // a first pledge starts from the profile, and from quiet nights
		pr, err := s.profiles.FindProfile(ctx, person)
		if err != nil {
			return nil, err
		}
		shown = &civhub.StandbyPledge{Skills: pr.Skills, QuietFrom: 22 * 60, QuietTo: 7 * 60, FirstWeekHours: max(pr.HoursPerWeek, 3),
			Channels: []string{civhub.ChannelEmail}}
		if pr.Country != "" {
			shown.Countries = []string{pr.Country}
		}
		for _, lang := range pr.Languages {
			shown.Languages = append(shown.Languages, lang.Code)
		}
		if p.Phone {
			shown.Channels = append(shown.Channels, civhub.ChannelSMS)
		}
	}
	p.Anywhere = shown.Anywhere
	p.Countries = countryChoices(l, shown.Countries)
	p.Skills = s.skillOptions(r, shown.Skills)
	p.Languages, p.MoreLanguage, _ = languageChoices(l, shown.Languages)
	for _, c := range civhub.StandbyChannels {
		p.Channels = append(p.Channels, Option{c, l.T("standby.channel." + c), slices.Contains(shown.Channels, c)})
	}
	p.Form.Values = map[string]string{"regions": shown.Regions, "quiet_from": minutesOfDay(shown.QuietFrom),
		"quiet_to": minutesOfDay(shown.QuietTo), "first_week_hours": strconv.Itoa(shown.FirstWeekHours)}
	return p, nil
}

func (s *crisis) standbyPage(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p, err := s.standbyPageFor(r, v.ID, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "standby", p)
}

// readMinutes reads a time of day ("22:00") as minutes after midnight; -1 when it is not one.
func readMinutes(s string) int {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return t.Hour()*60 + t.Minute()
}

func (s *crisis) savePledge(w http.ResponseWriter, r *http.Request) error {
	v, err := s.postedBy(w, r)
	if err != nil {
		return err
	}
	p := &civhub.StandbyPledge{PersonID: v.ID, Anywhere: r.PostFormValue("anywhere") == "yes", Regions: r.PostFormValue("regions"),
		Skills: r.PostForm["skills"], Languages: r.PostForm["languages"], Channels: r.PostForm["channels"],
		QuietFrom: readMinutes(r.PostFormValue("quiet_from")), QuietTo: readMinutes(r.PostFormValue("quiet_to"))}
	for _, name := range countryFields {
		p.Countries = append(p.Countries, r.PostFormValue(name))
	}
	var hoursErr error
	if p.FirstWeekHours, hoursErr = strconv.Atoi(strings.TrimSpace(r.PostFormValue("first_week_hours"))); hoursErr != nil {
		p.FirstWeekHours = -1
	}
	if err := s.standby.SavePledge(r.Context(), p); err != nil {
		page, perr := s.standbyPageFor(r, v.ID, p)
		if perr != nil {
			return perr
		}
		page.Form.Values = formValues(r, pledgeFields...)
		return s.renderForm(w, r, err, "standby", &page.authPage, page)
	}
	return s.redirectWith(w, r, "/me/standby", "standby.saved")
}

func (s *crisis) pausePledge(w http.ResponseWriter, r *http.Request) error {
	v, err := s.postedBy(w, r)
	if err != nil {
		return err
	}
	paused := r.PostFormValue("paused") == "yes"
	if err := s.standby.PausePledge(r.Context(), v.ID, paused); err != nil {
		if civhub.ErrorCode(err) != civhub.EINVALID {
			return err
		}
		page, perr := s.standbyPageFor(r, v.ID, nil)
		if perr != nil {
			return perr
		}
		return s.renderForm(w, r, err, "standby", &page.authPage, page)
	}
	if paused {
		return s.redirectWith(w, r, "/me/standby", "standby.paused")
	}
	return s.redirectWith(w, r, "/me/standby", "standby.resumed")
}

func (s *crisis) leaveRoster(w http.ResponseWriter, r *http.Request) error {
	v, err := s.postedBy(w, r)
	if err != nil {
		return err
	}
	if err := s.standby.LeaveRoster(r.Context(), v.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/me/standby", "standby.left")
}

// smsOutboxPage lists the newest text messages, for administrators while no gateway is set up.
type smsOutboxPage struct {
	authPage
	Gateway  string // the gateway text messages go through; "" for none
	Messages []*civhub.SMSRecord
}

func (s *crisis) outboxPage(r *http.Request) (*smsOutboxPage, error) {
	p := &smsOutboxPage{authPage: *s.authPage(r, "sms_outbox.title"), Gateway: s.gateway}
	var err error
	p.Messages, err = s.smsLog.RecentSMS(r.Context(), 100)
	return p, err
}

func (s *crisis) smsOutbox(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	p, err := s.outboxPage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "sms_outbox", p)
}

// postedBy is the signed-in person who posted the form, read and its token checked.
func (s *kit) postedBy(w http.ResponseWriter, r *http.Request) (*civhub.Person, error) {
	v, err := requireViewer(r)
	if err != nil {
		return nil, err
	}
	return v, s.parseForm(w, r)
}
