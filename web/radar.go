package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/i18n"
)

// radarPage is an organization's radar: the opportunities it qualifies for, with why, and its
// application tracker.
type radarPage struct {
	authPage
	Org     *civhub.Organization
	Tracked []trackedView
	Matches []radarView
	Stages  []string

	CalendarSince *time.Time // when the private calendar address was made; nil when there is none
	CalendarURL   string     // the new address, shown once, right after it was made
}

type trackedView struct {
	*civhub.Tracked
	View resourceView
}

type radarView struct {
	View    resourceView
	Reasons []string
}

// radarReason says a radar reason in the viewer's language.
func (s *radar) radarReason(l *i18n.Locale, r civhub.Reason) string {
	var names []string
	for _, id := range r.IDs {
		switch r.Key {
		case "radar.country":
			names = append(names, l.Country(id))
		case "radar.type":
			names = append(names, l.T("org_type."+id))
		case "radar.causes":
			if c, ok := s.taxonomy.Cause(id); ok {
				names = append(names, c.Name.In(l.Code))
			}
		default:
			names = append(names, l.Language(id))
		}
	}
	if r.Key == "radar.deadline" {
		return l.N("radar.deadline", r.Number)
	}
	return l.T(r.Key, map[string]any{"Names": l.List(names)})
}

// findRadarOrg returns organization {slug} when the viewer belongs to it: its radar and tracker are
// its members' business.
func (s *radar) findRadarOrg(r *http.Request) (*civhub.Organization, error) {
	return s.findOrgFor(r, (*civhub.Actor).CanUseRadar)
}

func (s *radar) showRadar(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findRadarOrg(r)
	if err != nil {
		return err
	}
	p, err := s.radarPageFor(r, o)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "radar", p)
}

func (s *radar) radarPageFor(r *http.Request, o *civhub.Organization) (*radarPage, error) {
	l := requestInfoOf(r).locale
	p := &radarPage{authPage: *s.authPage(r, "radar.title"), Org: o, Stages: civhub.Stages}
	p.Title = l.T("radar.title", map[string]any{"Org": l.Isolate(o.Name)})
	p.Nav = "resources"
	tracked, err := s.tracker.Tracked(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	if p.CalendarSince, err = s.calendars.CalendarSince(r.Context(), o.ID); err != nil {
		return nil, err
	}
	saved := map[int64]bool{}
	for _, t := range tracked {
		saved[t.Resource.ID] = true
		p.Tracked = append(p.Tracked, trackedView{Tracked: t, View: s.directory.viewResource(l, t.Resource)})
	}
	matches, err := s.tracker.Radar(r.Context(), o, 50)
	if err != nil {
		return nil, err
	}
	for _, m := range matches {
		if saved[m.Resource.ID] {
			continue
		}
		v := radarView{View: s.directory.viewResource(l, m.Resource)}
		for _, reason := range m.Reasons {
			v.Reasons = append(v.Reasons, s.radarReason(l, reason))
		}
		p.Matches = append(p.Matches, v)
	}
	return p, nil
}

// radarPost opens a form posted about opportunity {id} to organization {slug}'s tracker.
func (s *radar) radarPost(w http.ResponseWriter, r *http.Request) (*civhub.Organization, int64, error) {
	o, err := s.findRadarOrg(r)
	if err != nil {
		return nil, 0, err
	}
	if err := s.parseForm(w, r); err != nil {
		return nil, 0, err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return o, id, nil
}

// trackResource saves an opportunity for the organization or moves its application on.
func (s *radar) trackResource(w http.ResponseWriter, r *http.Request) error {
	o, id, err := s.radarPost(w, r)
	if err != nil {
		return err
	}
	stage := r.PostFormValue("stage")
	if stage == "" {
		stage = civhub.StageSaved
	}
	if err := s.tracker.Track(r.Context(), o.ID, id, stage, r.PostFormValue("notes"), requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.radarPageFor(r, o)
		if perr != nil {
			return perr
		}
		return s.renderForm(w, r, err, "radar", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug+"/radar#tracker", "radar.saved")
}

func (s *radar) untrackResource(w http.ResponseWriter, r *http.Request) error {
	o, id, err := s.radarPost(w, r)
	if err != nil {
		return err
	}
	if err := s.tracker.Untrack(r.Context(), o.ID, id, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug+"/radar", "radar.forgotten")
}

// closingSoon returns, for each of the organizations, the entries of its radar it is still working
// on whose deadline falls within soonDays.
func (s *radar) closingSoon(ctx context.Context, memberships []civhub.Membership) ([]orgDeadlines, error) {
	soon := time.Now().Add(soonDays * 24 * time.Hour)
	var out []orgDeadlines
	for _, m := range memberships {
		tracked, err := s.tracker.Tracked(ctx, m.OrganizationID)
		if err != nil {
			return nil, err
		}
		o := orgDeadlines{Membership: m}
		for _, t := range tracked {
			if d := t.Resource.Deadline; d != nil && d.After(time.Now()) && d.Before(soon) &&
				(t.Stage == civhub.StageSaved || t.Stage == civhub.StagePreparing) {
				o.Closing = append(o.Closing, t)
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// orgCalendar serves an organization's private calendar of the deadlines it saved, to whoever holds
// its secret address; the address is never logged (the log names the route, not the path).
func (s *radar) orgCalendar(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || token == "" {
		return civhub.E(civhub.ENOTFOUND, "err.no_calendar", "There is no such calendar: it may have been replaced or stopped.")
	}
	org, name, err := s.calendars.CalendarOrganization(r.Context(), token)
	if err != nil {
		return err
	}
	tracked, err := s.tracker.Tracked(r.Context(), org)
	if err != nil {
		return err
	}
	var list []*civhub.Resource
	for _, t := range tracked {
		if t.Stage == civhub.StageSaved || t.Stage == civhub.StagePreparing || t.Stage == civhub.StageSubmitted {
			list = append(list, t.Resource)
		}
	}
	w.Header().Set("Cache-Control", "private, max-age=900")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.directory.calendar(w, r, "civhub: "+name, list)
}

// newCalendar makes a new private calendar address for the organization and shows it, once.
func (s *radar) newCalendar(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findRadarOrg(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	token, err := s.calendars.NewCalendar(r.Context(), o.ID, requestInfoOf(r).viewer.ID)
	if err != nil {
		return err
	}
	p, err := s.radarPageFor(r, o)
	if err != nil {
		return err
	}
	p.CalendarURL = s.directory.absURL(r, "/calendars/"+token+".ics")
	p.Flash = "radar.calendar.made"
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "radar", p)
}

// revokeCalendar stops the organization's private calendar address.
func (s *radar) revokeCalendar(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findRadarOrg(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if err := s.calendars.RevokeCalendar(r.Context(), o.ID, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug+"/radar#calendar", "radar.calendar.stopped")
}
