package web

// Moderation of the directory: publishing or refusing entries, reports that an entry is
// outdated, and suggested changes to published entries.

import (
	"net/http"
	"strconv"

	"civhub"
)

func (s *directory) reviewResource(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	res, err := s.findVisibleResource(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	decision := r.PostFormValue("decision")
	if err := s.resources.ReviewResource(r.Context(), res.ID, decision, r.PostFormValue("reason"), requestInfoOf(r).viewer.ID); err != nil {
		return s.resourceProblem(w, r, res, err, "reason")
	}
	return s.redirectWith(w, r, "/resources/"+strconv.FormatInt(res.ID, 10), "resource.decided."+decision)
}

func (s *directory) reportResource(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	res, err := s.findVisibleResource(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if err := s.resources.ReportOutdated(r.Context(), res.ID, v.ID, r.PostFormValue("note")); err != nil {
		return s.resourceProblem(w, r, res, err, "note")
	}
	return s.redirectWith(w, r, "/resources/"+strconv.FormatInt(res.ID, 10), "resource.reported")
}

// resourceProblem shows the entry's page again with err and what was typed in fields.
func (s *directory) resourceProblem(w http.ResponseWriter, r *http.Request, res *civhub.Resource, err error, fields ...string) error {
	p, perr := s.resourcePageFor(r, res)
	if perr != nil {
		return perr
	}
	p.Form.Values = formValues(r, fields...)
	return s.renderForm(w, r, err, "resource", &p.authPage, p)
}

// resourceQueuePage lists what waits for moderators: new entries, entries reported outdated, and
// suggested changes.
type resourceQueuePage struct {
	authPage
	Pending     []resourceView
	Reported    []resourceView
	Suggestions []changeView
}

// changeView is a suggested change with the labels of the fields it changes.
type changeView struct {
	*civhub.Suggestion
	Changes []string
}

// fieldLabels are the message IDs of the entry form's labels, by field.
var fieldLabels = map[string]string{"kind": "resource.field.kind", "title": "need.field.title", "provider": "resource.field.provider",
	"description": "need.field.details", "url": "resource.field.url", "deadline": "resource.field.deadline",
	"amount": "resource.field.amount", "countries": "resource.field.countries", "org_types": "resource.field.org_types",
	"sizes": "resource.field.sizes", "causes": "profile.part.causes", "languages": "resource.field.languages", "tags": "resource.field.tags"}

func (s *directory) resourceQueue(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	p := &resourceQueuePage{authPage: *s.authPage(r, "resource.queue.title")}
	p.Nav = "admin"
	pending, err := s.resources.SearchResources(r.Context(), civhub.ResourceFilter{Status: civhub.ResourcePending, Limit: 100})
	if err != nil {
		return err
	}
	reported, err := s.resources.SearchResources(r.Context(), civhub.ResourceFilter{Reported: true, Limit: 100})
	if err != nil {
		return err
	}
	for _, res := range pending.Resources {
		p.Pending = append(p.Pending, s.viewResource(l, res))
	}
	for _, res := range reported.Resources {
		p.Reported = append(p.Reported, s.viewResource(l, res))
	}
	suggestions, err := s.suggestions.Suggestions(r.Context(), 100)
	if err != nil {
		return err
	}
	for _, sg := range suggestions {
		v := changeView{Suggestion: sg}
		for _, field := range sg.Changes() {
			v.Changes = append(v.Changes, l.T(fieldLabels[field]))
		}
		p.Suggestions = append(p.Suggestions, v)
	}
	return s.render(w, r, http.StatusOK, "resource_queue", p)
}

// decideSuggestion applies a suggested change to its entry, or dismisses it.
func (s *directory) decideSuggestion(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	apply := r.PostFormValue("decision") == "apply"
	if err := s.suggestions.DecideSuggestion(r.Context(), id, apply, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	done := "resource.suggest.dismissed"
	if apply {
		done = "resource.suggest.applied"
	}
	return s.redirectWith(w, r, "/admin/resources", done)
}
