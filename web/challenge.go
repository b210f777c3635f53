package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

var errChallengeNotFound = civhub.E(civhub.ENOTFOUND, "err.challenge_not_found", "There is no such challenge.")

// challengeMoves are the moves a challenge's page offers, in the order it offers them.
var challengeMoves = []civhub.ChallengeMove{civhub.MoveSubmit, civhub.MoveVet, civhub.MoveReturn, civhub.MoveOpen,
	civhub.MoveProgress, civhub.MoveSolve, civhub.MoveArchive}

// findChallenge reads a challenge as actor a may see it.
func (s *challenges) findChallenge(ctx context.Context, a *civhub.Actor, slug string) (*civhub.Challenge, error) {
	slug = strings.Trim(strings.TrimPrefix(strings.TrimSpace(slug), "/challenges/"), "/")
	if slug == "" || len(slug) > 60 {
		return nil, errChallengeNotFound
	}
	c, err := s.challenges.FindChallenge(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !a.CanViewChallenge(c) {
		return nil, errChallengeNotFound
	}
	return c, nil
}

// challengesPage lists challenges.
type challengesPage struct {
	Page
	Challenges []*civhub.Challenge
	Query      string
	Languages  []Option
	Sizes      []Option
	Statuses   []Option
	CanWrite   bool
	Curator    bool
}

func (s *challenges) list(w http.ResponseWriter, r *http.Request) error {
	l, q, a := requestInfoOf(r).locale, r.URL.Query(), actorOf(r)
	f := civhub.ChallengeFilter{Query: q.Get("q"), Language: q.Get("language"), Size: q.Get("size"), Status: q.Get("status"), Limit: 100}
	if len(f.Query) > 100 {
		f.Query = f.Query[:100]
	}
	if !slices.Contains(civhub.CourseLanguages, f.Language) {
		f.Language = ""
	}
	if !civhub.ValidSize(f.Size) {
		f.Size = ""
	}
	if !slices.Contains(civhub.ChallengeStatuses, f.Status) || f.Status == civhub.ChallengeDraft {
		f.Status = ""
	}
	list, err := s.challenges.ListChallenges(r.Context(), f)
	if err != nil {
		return err
	}
	p := &challengesPage{Page: s.page(r, l.T("challenge.list.title")), Challenges: list, Query: f.Query,
		CanWrite: a.SignedIn() && a.Person.Verified(), Curator: a.IsCurator()}
	p.Nav = "events"
	p.Languages = writtenLanguages(l, f.Language, "challenge.list.any_language")
	p.Sizes = []Option{{"", l.T("challenge.list.any_size"), f.Size == ""}}
	for _, size := range civhub.ChallengeSizes {
		p.Sizes = append(p.Sizes, Option{size, l.T("challenge_size." + size), f.Size == size})
	}
	p.Statuses = []Option{{"", l.T("challenge.list.any_status"), f.Status == ""}}
	for _, st := range civhub.ChallengeStatuses[1:] {
		p.Statuses = append(p.Statuses, Option{st, l.T("challenge_status." + st), f.Status == st})
	}
	return s.render(w, r, http.StatusOK, "challenges", p)
}

// challengeFormPage writes a challenge's canvas, new or edited.
type challengeFormPage struct {
	authPage
	Challenge *civhub.Challenge // nil for a new one
	Need      *civhub.Need      // the need it is made from
	Event     *civhub.Event     // the event whose organizers write it
	Orgs      []Option          // the organizations the viewer manages
	AnyOrg    bool              // the viewer writes with any organization: a curator, or an event's organizer
	Languages []Option
	Chosen    string
}

// canvasFields are the fields of the canvas form, shown again as typed.
var canvasFields = []string{"title", "affected", "today", "outcome", "constraints", "data", "measure", "organization"}

// writingContext reads what a new challenge is written from: a need (?need=ID) or an event its
// viewer organizes (?event=slug), from the query or the posted form.
func (s *challenges) writingContext(r *http.Request, value func(string) string) (*civhub.Need, *civhub.Event, error) {
	a := actorOf(r)
	var need *civhub.Need
	var event *civhub.Event
	if v := strings.TrimSpace(value("need")); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		n, err := s.needs.FindNeed(r.Context(), id)
		if err != nil {
			return nil, nil, err
		}
		o, err := s.orgs.FindOrganizationBySlug(r.Context(), n.OrgSlug)
		if err != nil {
			return nil, nil, err
		}
		if !a.CanViewNeed(o, n) || !a.CanWriteChallenge(o, nil) {
			return nil, nil, civhub.ErrNotAllowed
		}
		need = n
	}
	if v := strings.TrimSpace(value("event")); v != "" && len(v) <= 60 {
		e, err := s.events.FindEvent(r.Context(), v)
		if err != nil {
			return nil, nil, err
		}
		if !a.CanManageEvent(e) {
			return nil, nil, civhub.ErrNotAllowed
		}
		event = e
	}
	return need, event, nil
}

func (s *challenges) challengeForm(r *http.Request, c *civhub.Challenge, need *civhub.Need, event *civhub.Event) (*challengeFormPage, error) {
	l, a := requestInfoOf(r).locale, actorOf(r)
	title := "challenge.new.title"
	if c.ID != 0 {
		title = "challenge.edit.title"
	}
	p := &challengeFormPage{authPage: *s.authPage(r, title), Need: need, Event: event, AnyOrg: a.IsCurator() || event != nil}
	if c.ID != 0 {
		p.Challenge = c
	}
	p.Nav = "events"
	p.Form.Values = map[string]string{"title": c.Title, "affected": c.Affected, "today": c.Today, "outcome": c.Outcome,
		"constraints": c.Constraints, "data": c.Data, "measure": c.Measure, "organization": c.OrgSlug}
	p.Languages, p.Chosen = languageOptions(l, c.Languages)
	if c.ID == 0 && need == nil {
		ms, err := s.orgs.Memberships(r.Context(), a.ID())
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.Role == civhub.MemberOwner || m.Role == civhub.MemberAdmin {
				p.Orgs = append(p.Orgs, Option{m.Slug, m.Name, m.Slug == c.OrgSlug})
			}
		}
		if len(p.Orgs) == 0 && !p.AnyOrg {
			return nil, civhub.E(civhub.EFORBIDDEN, "err.challenge_no_org",
				"Challenges are written by an organization's owners and admins, by curators, and by an event's organizers with an organization.")
		}
	}
	return p, nil
}

// readCanvas copies a posted canvas into c.
func readCanvas(r *http.Request, c *civhub.Challenge) {
	c.Title = r.PostFormValue("title")
	c.Affected, c.Today, c.Outcome = longText(r, "affected"), longText(r, "today"), longText(r, "outcome")
	c.Constraints, c.Data, c.Measure = longText(r, "constraints"), longText(r, "data"), longText(r, "measure")
	c.Languages = r.PostForm["languages"]
}

func (s *challenges) newForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, func(a *civhub.Actor) bool { return a.Person.Verified() }); err != nil {
		return err
	}
	need, event, err := s.writingContext(r, r.URL.Query().Get)
	if err != nil {
		return err
	}
	c := &civhub.Challenge{}
	if need != nil {
		c.Title, c.Today, c.Languages, c.OrgSlug = need.Title, need.Description, need.Languages, need.OrgSlug
	}
	p, err := s.challengeForm(r, c, need, event)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "challenge_form", p)
}

var errChallengeOrg = civhub.FieldError("organization", "err.challenge_org", "Choose an organization you write challenges for.")

func (s *challenges) create(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, func(a *civhub.Actor) bool { return a.Person.Verified() }); err != nil {
		return err
	}
	if err := s.parseLongForm(w, r); err != nil {
		return err
	}
	need, event, err := s.writingContext(r, r.PostFormValue)
	if err != nil {
		return err
	}
	c := &civhub.Challenge{Status: civhub.ChallengeDraft}
	readCanvas(r, c)
	c.OrgSlug = strings.TrimSpace(r.PostFormValue("organization"))
	if need != nil {
		c.OrgSlug, c.NeedID = need.OrgSlug, need.ID
	}
	o, err := s.orgs.FindOrganizationBySlug(r.Context(), c.OrgSlug)
	switch {
	case civhub.ErrorCode(err) == civhub.ENOTFOUND || len(c.OrgSlug) > 60 ||
		(err == nil && (!actorOf(r).CanViewOrganization(o) || !actorOf(r).CanWriteChallenge(o, event))):
		c.Slug = "challenge"
		err = civhub.MergeFieldErrors(errChallengeOrg, c.Validate())
	case err != nil:
		return err
	default:
		c.OrganizationID = o.ID
		err = withSlug(c.Title, func(slug string) error {
			c.Slug = slug
			return s.challenges.CreateChallenge(r.Context(), c, requestInfoOf(r).viewer.ID)
		})
	}
	if err != nil {
		c.ID = 0
		p, perr := s.challengeForm(r, c, need, event)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, canvasFields...)
		return s.renderForm(w, r, err, "challenge_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/challenges/"+c.Slug, "challenge.new.done")
}

func (s *challenges) editing(w http.ResponseWriter, r *http.Request, parse bool) (*civhub.Challenge, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, err
	}
	c, err := s.findChallenge(r.Context(), actorOf(r), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	if !actorOf(r).CanEditChallenge(c) {
		return nil, civhub.ErrNotAllowed
	}
	if parse {
		if err := s.parseLongForm(w, r); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (s *challenges) editForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.editing(w, r, false)
	if err != nil {
		return err
	}
	p, err := s.challengeForm(r, c, nil, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "challenge_form", p)
}

func (s *challenges) update(w http.ResponseWriter, r *http.Request) error {
	c, err := s.editing(w, r, true)
	if err != nil {
		return err
	}
	readCanvas(r, c)
	if err := s.challenges.UpdateChallenge(r.Context(), c, requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.challengeForm(r, c, nil, nil)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, canvasFields...)
		return s.renderForm(w, r, err, "challenge_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/challenges/"+c.Slug, "challenge.edit.done")
}

// challengePage shows a challenge: its canvas, where it came from and stands, and what the
// viewer may do with it.
type challengePage struct {
	authPage
	C         *civhub.Challenge
	Need      *civhub.Need
	Events    []*civhub.Event
	MyEvents  []Option // upcoming events the viewer organizes that do not take it yet
	Following bool
	CanFollow bool
	CanEdit   bool
	Owner     bool // its writers and curators: they see the feedback and the history
	Moves     []string
	Sizes     []Option
	History   []*civhub.ChallengeStep
	MovedTo   string // the move just refused, to open its form again
	Solutions []*civhub.Solution
}

func (s *challenges) challengePageFor(r *http.Request, c *civhub.Challenge) (*challengePage, error) {
	a, l, ctx := actorOf(r), requestInfoOf(r).locale, r.Context()
	p := &challengePage{authPage: *s.formsPage(r, "challenge.title"), C: c, CanFollow: a.CanFollowChallenge(c),
		CanEdit: a.CanEditChallenge(c), Owner: a.OwnsChallenge(c) || a.IsCurator()}
	p.Title, p.Nav = c.Title, "events"
	if c.NeedID != 0 {
		n, err := s.needs.FindNeed(ctx, c.NeedID)
		if err != nil && civhub.ErrorCode(err) != civhub.ENOTFOUND {
			return nil, err
		}
		if err == nil {
			o, err := s.orgs.FindOrganizationBySlug(ctx, n.OrgSlug)
			if err != nil {
				return nil, err
			}
			if a.CanViewNeed(o, n) {
				p.Need = n
			}
		}
	}
	var err error
	if p.Events, err = s.challenges.ChallengeEvents(ctx, c.ID); err != nil {
		return nil, err
	}
	if p.Solutions, err = s.solutions.ListSolutions(ctx, civhub.SolutionFilter{Challenge: c.ID}); err != nil {
		return nil, err
	}
	if a.SignedIn() {
		if p.Following, err = s.challenges.Following(ctx, c.ID, a.ID()); err != nil {
			return nil, err
		}
	}
	for _, m := range challengeMoves {
		if civhub.NextStatus(c.Status, c.Submitted != nil, m) != "" && a.CanMoveChallenge(c, m) {
			p.Moves = append(p.Moves, string(m))
		}
	}
	for _, size := range civhub.ChallengeSizes {
		p.Sizes = append(p.Sizes, Option{size, l.T("challenge_size." + size), size == c.Size})
	}
	if p.Owner {
		if p.History, err = s.challenges.History(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	if a.SignedIn() && c.Public() && c.Status != civhub.ChallengeSolved && c.Status != civhub.ChallengeArchived {
		mine, err := s.events.ListEvents(ctx, civhub.EventFilter{From: time.Now(), Organizer: a.ID(), Limit: 200})
		if err != nil {
			return nil, err
		}
		taken := map[int64]bool{}
		for _, e := range p.Events {
			taken[e.ID] = true
		}
		for _, e := range mine {
			if a.CanManageEvent(e) && !taken[e.ID] && e.Status != civhub.EventCancelled {
				p.MyEvents = append(p.MyEvents, Option{e.Slug, e.Title, false})
			}
		}
	}
	return p, nil
}

func (s *challenges) show(w http.ResponseWriter, r *http.Request) error {
	c, err := s.findChallenge(r.Context(), actorOf(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p, err := s.challengePageFor(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "challenge", p)
}

// acting loads the challenge of the path for a signed-in viewer and reads the posted form.
func (s *challenges) acting(w http.ResponseWriter, r *http.Request) (*civhub.Challenge, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, err
	}
	c, err := s.findChallenge(r.Context(), actorOf(r), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	if err := s.parseForm(w, r); err != nil {
		return nil, err
	}
	return c, nil
}

// refuse shows the challenge's page again with err, and the form of the move that was refused.
func (s *challenges) refuse(w http.ResponseWriter, r *http.Request, c *civhub.Challenge, err error, move string) error {
	fresh, ferr := s.findChallenge(r.Context(), actorOf(r), c.Slug)
	if ferr != nil {
		return ferr
	}
	p, perr := s.challengePageFor(r, fresh)
	if perr != nil {
		return perr
	}
	p.Form.Values, p.MovedTo = formValues(r, "note", "size", "event"), move
	return s.renderForm(w, r, err, "challenge", &p.authPage, p)
}

func (s *challenges) move(w http.ResponseWriter, r *http.Request) error {
	c, err := s.acting(w, r)
	if err != nil {
		return err
	}
	move := civhub.ChallengeMove(r.PostFormValue("move"))
	if !slices.Contains(challengeMoves, move) {
		return civhub.FieldError("move", "err.challenge_move", "This challenge cannot take that step from where it stands: the page shows what it can.")
	}
	if !actorOf(r).CanMoveChallenge(c, move) {
		return civhub.ErrNotAllowed
	}
	if err := s.challenges.MoveChallenge(r.Context(), c.ID, move, r.PostFormValue("size"), r.PostFormValue("note"),
		requestInfoOf(r).viewer.ID); err != nil {
		return s.refuse(w, r, c, err, string(move))
	}
	return s.redirectWith(w, r, "/challenges/"+c.Slug, "challenge.moved."+string(move))
}

func (s *challenges) follow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.acting(w, r)
	if err != nil {
		return err
	}
	if !actorOf(r).CanFollowChallenge(c) {
		return civhub.E(civhub.ECONFLICT, "err.challenge_not_followable", "A challenge is followed once curators have vetted it.")
	}
	on := r.PostFormValue("follow") == "yes"
	if err := s.challenges.Follow(r.Context(), c.ID, requestInfoOf(r).viewer.ID, on); err != nil {
		return err
	}
	notice := "challenge.follow.off"
	if on {
		notice = "challenge.follow.on"
	}
	return s.redirectWith(w, r, "/challenges/"+c.Slug, notice)
}

// take adds the challenge of the path to one of the viewer's events.
func (s *challenges) take(w http.ResponseWriter, r *http.Request) error {
	c, err := s.acting(w, r)
	if err != nil {
		return err
	}
	slug := strings.TrimSpace(r.PostFormValue("event"))
	var e *civhub.Event
	if slug != "" && len(slug) <= 60 {
		e, err = s.events.FindEvent(r.Context(), slug)
	}
	switch {
	case e == nil || civhub.ErrorCode(err) == civhub.ENOTFOUND || !actorOf(r).CanManageEvent(e):
		err = civhub.FieldError("event", "err.challenge_event", "Choose one of the events you organize.")
	case err != nil:
		return err
	default:
		err = s.challenges.TakeChallenge(r.Context(), e.ID, c.ID, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		return s.refuse(w, r, c, err, "take")
	}
	return s.redirectWith(w, r, "/events/"+e.Slug, "challenge.taken")
}

// drop removes a challenge from an event, for the event's organizers.
func (s *challenges) drop(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	e, err := visibleEvent(r, s.events)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if !a.CanManageEvent(e) {
		return civhub.ErrNotAllowed
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	c, err := s.findChallenge(r.Context(), a, r.PathValue("challenge"))
	if err != nil {
		return err
	}
	if err := s.challenges.DropChallenge(r.Context(), e.ID, c.ID, a.ID()); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug, "challenge.dropped")
}

// queuePage is the curators' queue: challenges waiting to be vetted.
type queuePage struct {
	Page
	Challenges []*civhub.Challenge
}

func (s *challenges) queue(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	if !actorOf(r).IsCurator() {
		return civhub.E(civhub.EFORBIDDEN, "err.curators_only", "Only curators vet challenges.")
	}
	list, err := s.challenges.ListChallenges(r.Context(), civhub.ChallengeFilter{Waiting: true, Limit: 200})
	if err != nil {
		return err
	}
	p := &queuePage{Page: s.page(r, requestInfoOf(r).locale.T("challenge.queue.title")), Challenges: list}
	p.Nav = "admin"
	return s.render(w, r, http.StatusOK, "admin_challenges", p)
}

func (s *challenges) setCurator(w http.ResponseWriter, r *http.Request) error {
	admin, err := requireAdmin(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	curator := r.PostFormValue("curator") == "true"
	if err := s.challenges.SetCurator(r.Context(), personParam(r), curator, admin.ID); err != nil {
		return err
	}
	notice := "admin.people.curator_removed"
	if curator {
		notice = "admin.people.curator_granted"
	}
	return s.redirectWith(w, r, "/admin/people", notice)
}
