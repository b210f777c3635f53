package web

import (
	"context"
	"net/http"
	"strings"

	"civhub"
	"civhub/i18n"
)

// recommendationsLimit is how many tasks "tasks for you" suggests.
const recommendationsLimit = 20

// reasonText says a reason in the viewer's language.
func (s *kit) reasonText(l *i18n.Locale, r civhub.Reason) string {
	var names []string
	for _, id := range r.IDs {
		// Reasons about a volunteer (match.them.*) name things as reasons for one do.
		switch strings.Replace(r.Key, "match.them.", "match.", 1) {
		case "match.skills":
			if sk, ok := s.taxonomy.Skill(id); ok {
				names = append(names, sk.Name.In(l.Code))
			}
		case "match.causes":
			if c, ok := s.taxonomy.Cause(id); ok {
				names = append(names, c.Name.In(l.Code))
			}
		case "match.city":
			names = append(names, id)
		case "match.country":
			names = append(names, l.Country(id))
		default:
			names = append(names, l.Language(id))
		}
	}
	args := map[string]any{"Names": l.List(names), "Hours": l.Number(int64(r.Number))}
	if r.Weeks > 0 {
		args["Weeks"] = l.N("match.pace.span", r.Weeks)
	}
	if len(names) == 2 {
		args["From"], args["To"] = names[0], names[1]
	}
	return l.T(r.Key, args)
}

// recommendationView is a recommendation ready for the page.
type recommendationView struct {
	Task    *civhub.Task
	Reasons []string
}

// engagementView is one of the volunteer's engagements with its task.
type engagementView struct {
	Assignment *civhub.Assignment
	Task       *civhub.Task
	Done       *doneView // approved work: done, with the hours confirmed
}

// dashboardPage is a person's own page: for those who run organizations, what waits for their
// answer and their organizations' needs and deadlines; for volunteers, their engagements and the
// tasks that suit them.
type dashboardPage struct {
	Page
	Manages         bool          // the viewer runs one organization or more
	Waiting         []waitingView // what waits for their answer, oldest first
	Active, Past    []engagementView
	Done            []engagementView // approved work, newest first
	Recommendations []recommendationView
	ProfileEmpty    bool
	// Volunteers is unset for people who run an organization and have neither a volunteer profile
	// nor any engagement: their page leaves out the volunteer's sections and offers the start.
	Volunteers bool
	// OfferOrganization is set for people who came for an organization and run none yet.
	OfferOrganization bool
	Orgs              []orgDeadlines
}

// waitingView is one thing waiting for the viewer's organization, said in the viewer's language.
type waitingView struct {
	civhub.Waiting
	Text     string // who did what
	AnswerBy string // for an application, the date to answer by; ""
}

// waitingTexts are the messages that say what waits, by kind.
var waitingTexts = map[string]string{
	civhub.WaitApplication: "dashboard.waiting_application",
	civhub.WaitReview:      "dashboard.waiting_review",
	civhub.WaitHours:       "dashboard.waiting_hours",
}

// waitingLimit is how many waiting things the dashboard lists.
const waitingLimit = 30

// waitingViews says each of list in l.
func waitingViews(l *i18n.Locale, list []civhub.Waiting) []waitingView {
	out := make([]waitingView, len(list))
	for i, w := range list {
		args := map[string]any{"Volunteer": "\u2068" + w.Volunteer + "\u2069"}
		if w.Kind == civhub.WaitHours {
			args["Hours"] = l.T("hours.amount", map[string]any{"H": w.Minutes / 60, "M": w.Minutes % 60})
		}
		out[i] = waitingView{Waiting: w, Text: l.T(waitingTexts[w.Kind], args)}
		if by := w.AnswerBy(); !by.IsZero() {
			out[i].AnswerBy = l.T("dashboard.waiting_answer_by", map[string]any{"Date": l.Date(by)})
		}
	}
	return out
}

// orgDeadlines is one of the viewer's organizations with its needs still under way and the saved
// opportunities it has not applied for yet that close within two weeks.
type orgDeadlines struct {
	civhub.Membership
	Closing   []*civhub.Tracked
	Needs     []*civhub.Need // drafts and open or running needs, newest first, at most orgNeedsShown
	MoreNeeds bool           // the organization has more of them; its page lists all
	Waiting   *waitingNotice // while volunteers cannot see its needs
	CanPost   bool           // the viewer may post its needs
}

// orgNeedsShown is how many of an organization's needs the dashboard lists.
const orgNeedsShown = 5

// fillNeeds adds to each of orgs its needs under way and, while volunteers cannot see them, the
// notice that says why.
func (s *Server) fillNeeds(ctx context.Context, a *civhub.Actor, orgs []orgDeadlines) error {
	for i := range orgs {
		o, err := s.orgs.FindOrganizationBySlug(ctx, orgs[i].Slug)
		if err != nil {
			return err
		}
		orgs[i].Waiting, orgs[i].CanPost = waitingFor(a, o), a.CanManageNeeds(o)
		// Drafts are their managers' alone (Actor.CanViewNeed); one more than is shown says whether
		// the organization's page has more.
		needs, err := s.organizations.needs.NeedsUnderWay(ctx, o.ID, orgs[i].CanPost, orgNeedsShown+1)
		if err != nil {
			return err
		}
		for _, n := range needs {
			if !a.CanViewNeed(o, n) {
				continue
			}
			if len(orgs[i].Needs) == orgNeedsShown {
				orgs[i].MoreNeeds = true
				break
			}
			orgs[i].Needs = append(orgs[i].Needs, n)
		}
	}
	return nil
}

// soonDays is how close a saved deadline must be to show on the dashboard.
const soonDays = 14

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	p := &dashboardPage{Page: s.page(r, l.T("dashboard.title"))}
	p.Nav = "me"
	if orgs := actorOf(r).ManagedOrganizations(); len(orgs) > 0 {
		p.Manages = true
		waiting, err := s.workflow.WaitingFor(r.Context(), orgs, waitingLimit)
		if err != nil {
			return err
		}
		p.Waiting = waitingViews(l, waiting)
	} else {
		p.OfferOrganization = v.Purpose.Organization
	}
	list, tasks, err := s.workflow.VolunteerAssignments(r.Context(), v.ID)
	if err != nil {
		return err
	}
	var confirmed []civhub.HoursEntry // read once there is approved work to say done
	for i, a := range list {
		e := engagementView{Assignment: a, Task: tasks[i]}
		if civhub.IsCompleted(a.Status) {
			if confirmed == nil {
				c, err := s.work.hours.Contribution(r.Context(), v.ID)
				if err != nil {
					return err
				}
				confirmed = append([]civhub.HoursEntry{}, c.Entries...)
			}
			e.Done = doneFor(l, a, confirmed)
			p.Done = append(p.Done, e)
		} else if civhub.IsActive(a.Status) {
			p.Active = append(p.Active, e)
		} else {
			p.Past = append(p.Past, e)
		}
	}
	if prof, err := s.profiles.FindProfile(r.Context(), v.ID); err == nil {
		p.ProfileEmpty = prof.Empty()
	}
	p.Volunteers = !p.Manages || !p.ProfileEmpty || len(list) > 0
	if p.Volunteers {
		recs, err := s.matching.recommend(r.Context(), v.ID)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			rv := recommendationView{Task: rec.Task}
			for _, reason := range rec.Reasons {
				rv.Reasons = append(rv.Reasons, s.reasonText(l, reason))
			}
			p.Recommendations = append(p.Recommendations, rv)
		}
	}
	memberships, err := s.orgs.Memberships(r.Context(), v.ID)
	if err != nil {
		return err
	}
	if p.Orgs, err = s.radar.closingSoon(r.Context(), memberships); err != nil {
		return err
	}
	if err := s.fillNeeds(r.Context(), actorOf(r), p.Orgs); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "dashboard", p)
}
