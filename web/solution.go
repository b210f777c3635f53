package web

import (
	"net/http"
	"strconv"
	"strings"

	"civhub"
)

var errSolutionNotFound = civhub.E(civhub.ENOTFOUND, "err.solution_not_found", "There is no such solution.")

// solutionsPage is the gallery.
type solutionsPage struct {
	Page
	Solutions []*civhub.Solution
	Query     string
}

func (s *gallery) list(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 100 {
		q = q[:100]
	}
	list, err := s.solutions.ListSolutions(r.Context(), civhub.SolutionFilter{Query: q, Limit: 100})
	if err != nil {
		return err
	}
	p := &solutionsPage{Page: s.page(r, requestInfoOf(r).locale.T("solution.list.title")), Solutions: list, Query: q}
	p.Nav = "events"
	return s.render(w, r, http.StatusOK, "solutions", p)
}

func (s *gallery) findSolution(r *http.Request) (*civhub.Solution, error) {
	slug := r.PathValue("slug")
	if len(slug) > 60 {
		return nil, errSolutionNotFound
	}
	return s.solutions.FindSolution(r.Context(), slug)
}

// solutionPage is one solution: what it solves, how to use it, who uses it, and adopting it.
type solutionPage struct {
	authPage
	S         *civhub.Solution
	Adoptions []*civhub.Adoption
	CanEdit   bool
	Orgs      []Option // the organizations the viewer manages that do not use it yet
	Languages []Option
	Shots     []civhub.Screenshot // of the project it was made from
	ShotBase  string              // the address the screenshots are under
}

var adoptFields = []string{"note"}

func (s *gallery) solutionPageFor(r *http.Request, so *civhub.Solution) (*solutionPage, error) {
	a, l := actorOf(r), requestInfoOf(r).locale
	p := &solutionPage{authPage: *s.formsPage(r, "solution.title"), S: so, CanEdit: a.CanEditSolution(so)}
	p.Title, p.Nav = so.Title, "events"
	if so.EventSlug != "" {
		pr, err := s.hack.FindProject(r.Context(), so.ProjectID)
		switch {
		case err == nil:
			p.Shots, p.ShotBase = pr.Screenshots, "/events/"+so.EventSlug+"/projects/"+strconv.FormatInt(pr.ID, 10)+"/screenshots/"
		case civhub.ErrorCode(err) != civhub.ENOTFOUND:
			return nil, err
		}
	}
	all, err := s.solutions.Adoptions(r.Context(), so.ID)
	if err != nil {
		return nil, err
	}
	using := map[int64]bool{}
	for _, ad := range all {
		using[ad.OrganizationID] = true
		if a.CanSeeAdoption(ad) {
			p.Adoptions = append(p.Adoptions, ad)
		}
	}
	if a.SignedIn() {
		ms, err := s.orgs.Memberships(r.Context(), a.ID())
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if (m.Role == civhub.MemberOwner || m.Role == civhub.MemberAdmin) && !using[m.OrganizationID] {
				p.Orgs = append(p.Orgs, Option{m.Slug, m.Name, false})
			}
		}
	}
	p.Languages = writtenLanguages(l, "", "solution.adopt.no_translation")
	for i := range p.Languages {
		if p.Languages[i].Value == so.Language {
			p.Languages = append(p.Languages[:i], p.Languages[i+1:]...)
			break
		}
	}
	return p, nil
}

func (s *gallery) show(w http.ResponseWriter, r *http.Request) error {
	so, err := s.findSolution(r)
	if err != nil {
		return err
	}
	p, err := s.solutionPageFor(r, so)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "solution", p)
}

// adopt records that one of the viewer's organizations uses the solution and, when asked, opens a
// need for volunteers to set it up and translate it, written in the viewer's language.
func (s *gallery) adopt(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	so, err := s.findSolution(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	a, l := actorOf(r), requestInfoOf(r).locale
	slug := strings.TrimSpace(r.PostFormValue("organization"))
	var o *civhub.Organization
	if slug != "" && len(slug) <= 60 {
		if o, err = s.orgs.FindOrganizationBySlug(r.Context(), slug); err != nil && civhub.ErrorCode(err) != civhub.ENOTFOUND {
			return err
		}
	}
	if o == nil || !a.CanViewOrganization(o) || !a.CanAdopt(o) {
		err = civhub.FieldError("organization", "err.adopt_org", "Choose an organization you run.")
	} else {
		ad := &civhub.Adoption{SolutionID: so.ID, OrganizationID: o.ID, Note: longText(r, "note")}
		var plan civhub.AdoptionPlan
		if r.PostFormValue("open_need") == "yes" {
			names := map[string]any{"Title": so.Title}
			plan.Need = &civhub.Need{Title: excerpt(l.T("solution.adopt.need_title", names), 140), Remote: true, Status: civhub.NeedOpen,
				Description: l.T("solution.adopt.need_description", map[string]any{"Title": so.Title, "Path": "/solutions/" + so.Slug})}
			plan.Tasks = append(plan.Tasks, &civhub.Task{Title: excerpt(l.T("solution.adopt.setup_task", names), 140), Type: "other_work",
				Description: so.HowToUse, EstimatedHours: 4, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinApply, ClaimHours: 72})
			if to := r.PostFormValue("translate_to"); to != "" && to != so.Language {
				plan.Tasks = append(plan.Tasks, &civhub.Task{Title: excerpt(l.T("solution.adopt.translate_task", map[string]any{"Title": so.Title,
					"Language": l.Language(to)}), 140), Type: civhub.TaskTranslation, SourceLanguage: so.Language, TargetLanguage: to,
					EstimatedHours: 6, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 72})
			}
		}
		if err = s.solutions.Adopt(r.Context(), ad, plan, a.ID()); err == nil {
			if ad.NeedID != 0 {
				return s.redirectWith(w, r, "/needs/"+strconv.FormatInt(ad.NeedID, 10), "solution.adopt.done_need")
			}
			return s.redirectWith(w, r, "/solutions/"+so.Slug, "solution.adopt.done")
		}
	}
	p, perr := s.solutionPageFor(r, so)
	if perr != nil {
		return perr
	}
	p.Form.Values = formValues(r, adoptFields...)
	return s.renderForm(w, r, err, "solution", &p.authPage, p)
}

// solutionFormPage makes a project a solution, or edits one.
type solutionFormPage struct {
	authPage
	S         *civhub.Solution
	Action    string
	Languages []Option
	Licences  []Option
}

var solutionFields = []string{"title", "problem", "maintainer", "how_to_use", "repository", "demo_url"}

func (s *gallery) solutionForm(r *http.Request, so *civhub.Solution, action, title string) *solutionFormPage {
	l := requestInfoOf(r).locale
	p := &solutionFormPage{authPage: *s.authPage(r, title), S: so, Action: action, Languages: writtenLanguages(l, so.Language, "")}
	p.Nav = "events"
	p.Form.Values = map[string]string{"title": so.Title, "problem": so.Problem, "maintainer": so.Maintainer, "how_to_use": so.HowToUse,
		"repository": so.Repository, "demo_url": so.DemoURL}
	for _, lic := range civhub.ProjectLicences {
		label := lic.Name + " (" + lic.ID + ")"
		if !lic.Open {
			label = l.T("team.project.not_open")
		}
		p.Licences = append(p.Licences, Option{lic.ID, label, lic.ID == so.Licence})
	}
	return p
}

// readSolution copies a posted solution's fields into so.
func readSolution(r *http.Request, so *civhub.Solution) {
	so.Title, so.Problem, so.Maintainer = r.PostFormValue("title"), longText(r, "problem"), r.PostFormValue("maintainer")
	so.HowToUse, so.Language, so.Licence = longText(r, "how_to_use"), r.PostFormValue("language"), r.PostFormValue("licence")
	so.Repository, so.DemoURL = r.PostFormValue("repository"), r.PostFormValue("demo_url")
}

// promoting loads the event and project of the path for one of the project's team or the event's
// organizers.
func (s *gallery) promoting(r *http.Request) (*civhub.Event, *civhub.Project, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, nil, err
	}
	e, err := visibleEvent(r, s.events)
	if err != nil {
		return nil, nil, err
	}
	a := actorOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	pr, err := s.hack.FindProject(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	if pr.EventID != e.ID {
		return nil, nil, civhub.E(civhub.ENOTFOUND, "err.project_not_found", "There is no such project.")
	}
	t, err := s.hack.FindTeam(r.Context(), pr.TeamID)
	if err != nil {
		return nil, nil, err
	}
	if role := t.RoleOf(a.ID()); role != civhub.TeamRoleLead && role != civhub.TeamRoleMember && !a.CanManageEvent(e) {
		return nil, nil, civhub.E(civhub.EFORBIDDEN, "err.team_members_only", "Only the team's members do this.")
	}
	return e, pr, nil
}

func (s *gallery) promoteForm(w http.ResponseWriter, r *http.Request) error {
	e, pr, err := s.promoting(r)
	if err != nil {
		return err
	}
	so := &civhub.Solution{Title: pr.Title, Problem: pr.Description, Maintainer: pr.TeamName, Language: e.Language, Licence: pr.Licence,
		Repository: pr.Repository, DemoURL: pr.DemoURL}
	p := s.solutionForm(r, so, "/events/"+e.Slug+"/projects/"+strconv.FormatInt(pr.ID, 10)+"/promote", "solution.promote.title")
	return s.render(w, r, http.StatusOK, "solution_form", p)
}

func (s *gallery) promote(w http.ResponseWriter, r *http.Request) error {
	e, pr, err := s.promoting(r)
	if err != nil {
		return err
	}
	if err := s.parseLongForm(w, r); err != nil {
		return err
	}
	so := &civhub.Solution{ProjectID: pr.ID}
	readSolution(r, so)
	err = withSlug(so.Title, func(slug string) error {
		so.Slug = slug
		return s.solutions.PromoteProject(r.Context(), so, requestInfoOf(r).viewer.ID)
	})
	if err != nil {
		p := s.solutionForm(r, so, "/events/"+e.Slug+"/projects/"+strconv.FormatInt(pr.ID, 10)+"/promote", "solution.promote.title")
		p.Form.Values = formValues(r, solutionFields...)
		return s.renderForm(w, r, err, "solution_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/solutions/"+so.Slug, "solution.promote.done")
}

func (s *gallery) editing(r *http.Request) (*civhub.Solution, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, err
	}
	so, err := s.findSolution(r)
	if err != nil {
		return nil, err
	}
	if !actorOf(r).CanEditSolution(so) {
		return nil, civhub.ErrNotAllowed
	}
	return so, nil
}

func (s *gallery) editForm(w http.ResponseWriter, r *http.Request) error {
	so, err := s.editing(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "solution_form", s.solutionForm(r, so, "/solutions/"+so.Slug+"/edit", "solution.edit.title"))
}

func (s *gallery) update(w http.ResponseWriter, r *http.Request) error {
	so, err := s.editing(r)
	if err != nil {
		return err
	}
	if err := s.parseLongForm(w, r); err != nil {
		return err
	}
	readSolution(r, so)
	if err := s.solutions.UpdateSolution(r.Context(), so, requestInfoOf(r).viewer.ID); err != nil {
		p := s.solutionForm(r, so, "/solutions/"+so.Slug+"/edit", "solution.edit.title")
		p.Form.Values = formValues(r, solutionFields...)
		return s.renderForm(w, r, err, "solution_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/solutions/"+so.Slug, "solution.edit.done")
}
