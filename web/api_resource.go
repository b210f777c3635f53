package web

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// ResourceBody is an entry's editable fields in the API.
type ResourceBody struct {
	Kind        string     `json:"kind" doc:"grant, crowdfunding, award, fellowship, software, training, volunteer_program or other_kind."`
	Title       string     `json:"title" maxLength:"140"`
	Provider    string     `json:"provider" maxLength:"120" doc:"Who offers it."`
	Description string     `json:"description,omitempty" maxLength:"10000" doc:"Markdown."`
	AmountMin   int64      `json:"amount_min,omitempty" minimum:"0"`
	AmountMax   int64      `json:"amount_max,omitempty" minimum:"0"`
	Currency    string     `json:"currency,omitempty" doc:"ISO 4217, such as USD; needed with an amount."`
	Deadline    *time.Time `json:"deadline,omitempty" doc:"Absent: rolling, one may apply any time."`
	Countries   []string   `json:"countries,omitempty" maxItems:"60" doc:"ISO 3166-1 alpha-2 codes of eligible organizations' countries; absent: any."`
	OrgTypes    []string   `json:"org_types,omitempty" maxItems:"20" doc:"Eligible organization types; absent: any."`
	Causes      []string   `json:"causes,omitempty" maxItems:"17" doc:"Cause IDs (sdg1 … sdg17); absent: any."`
	Sizes       []string   `json:"sizes,omitempty" maxItems:"4" doc:"Eligible organization sizes; absent: any."`
	Languages   []string   `json:"languages,omitempty" maxItems:"60" doc:"BCP 47 codes of the languages one may apply in."`
	URL         string     `json:"url" doc:"Where to apply."`
	Tags        []string   `json:"tags,omitempty" maxItems:"60"`
}

type apiResource struct {
	ID int64 `json:"id"`
	ResourceBody
	Status      string     `json:"status" enum:"pending,published,returned,rejected,retired"`
	Reason      string     `json:"reason,omitempty" doc:"Why a moderator sent it back or rejected it; for its submitter and moderators."`
	Outdated    int        `json:"outdated_reports,omitempty" doc:"Open reports that it is outdated; for moderators."`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

func toAPIResource(a *civhub.Actor, r *civhub.Resource) apiResource {
	out := apiResource{ID: r.ID, Status: r.Status, UpdatedAt: r.UpdatedAt, PublishedAt: r.PublishedAt,
		ResourceBody: ResourceBody{Kind: r.Kind, Title: r.Title, Provider: r.Provider, Description: r.Description,
			AmountMin: r.AmountMin, AmountMax: r.AmountMax, Currency: r.Currency, Deadline: r.Deadline, Countries: r.Countries,
			OrgTypes: r.OrgTypes, Causes: r.Causes, Sizes: r.Sizes, Languages: r.Languages, URL: r.URL, Tags: r.Tags}}
	if a.IsModerator() || (a.SignedIn() && a.ID() == r.SubmittedBy) {
		out.Reason = r.Reason
	}
	if a.IsModerator() {
		out.Outdated = r.Outdated
	}
	return out
}

func fromResourceBody(b ResourceBody, r *civhub.Resource) {
	r.Kind, r.Title, r.Provider, r.Description = b.Kind, b.Title, b.Provider, b.Description
	r.AmountMin, r.AmountMax, r.Currency, r.Deadline = b.AmountMin, b.AmountMax, b.Currency, b.Deadline
	r.Countries, r.OrgTypes, r.Causes, r.Sizes, r.Languages = b.Countries, b.OrgTypes, b.Causes, b.Sizes, b.Languages
	r.URL, r.Tags = b.URL, b.Tags
	if r.Deadline != nil { // a day, whatever the time of day or offset it comes with
		d := civhub.EndOfDay(*r.Deadline)
		r.Deadline = &d
	}
}

// ResourcesInput searches the directory.
type ResourcesInput struct {
	Query     string `query:"q" maxLength:"200"`
	Kind      string `query:"kind"`
	Country   string `query:"country" doc:"Entries open to organizations in this country (ISO 3166-1 alpha-2)."`
	Cause     string `query:"cause"`
	OrgType   string `query:"org_type"`
	Language  string `query:"language" doc:"Entries one may apply for in this language."`
	MinAmount int64  `query:"min_amount" minimum:"0"`
	ClosingIn int    `query:"closing_within_days" minimum:"0" maximum:"366"`
	Status    string `query:"status" enum:"pending,published,returned,rejected,retired," doc:"Moderators only; published by default."`
	Reported  bool   `query:"reported" doc:"Moderators only: entries reported outdated."`
	After     string `query:"after" doc:"The next cursor of the previous page."`
	Limit     int    `query:"limit" minimum:"1" maximum:"200" default:"20"`
}

// ResourcesOutput is a page of the directory, closing soonest first.
type ResourcesOutput struct {
	Body struct {
		Resources []apiResource `json:"resources"`
		Next      string        `json:"next,omitempty" doc:"Pass as after= for the next page; absent on the last page."`
	}
}

// ResourceOutput is one entry.
type ResourceOutput struct {
	Body apiResource
}

// ResourceIDInput names an entry.
type ResourceIDInput struct {
	ID int64 `path:"id"`
}

// SubmitResourceInput adds an entry.
type SubmitResourceInput struct {
	Body ResourceBody
}

// UpdateResourceInput replaces an entry's fields, or suggests the change.
type UpdateResourceInput struct {
	ID   int64 `path:"id"`
	Body struct {
		ResourceBody
		Note string `json:"note,omitempty" maxLength:"1000" doc:"With a suggestion: a word for the moderators."`
	}
}

// UpdateResourceOutput is the entry after the edit (200), or as it still is while a suggested
// change waits for a moderator (202).
type UpdateResourceOutput struct {
	Status int
	Body   apiResource
}

// ReviewResourceInput is a moderator's decision.
type ReviewResourceInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Decision string `json:"decision" enum:"publish,return,reject,retire"`
		Reason   string `json:"reason,omitempty" maxLength:"2000" doc:"Needed to return or reject: the submitter reads it."`
	}
}

func (s *directory) registerResourceAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "list-resources", Method: http.MethodGet, Path: "/v1/resources", Summary: "Search the opportunity directory",
		Description: "Published grants, competitions, tools and trainings, closing soonest first (rolling ones last), in keyset pages. " +
			"An entry with no country, cause, type or language listed is open to all.",
		Tags: []string{"Resources"},
	}, func(ctx context.Context, in *ResourcesInput) (*ResourcesOutput, error) {
		a := callerOf(ctx).actor
		if (in.Status != "" && in.Status != civhub.ResourcePublished || in.Reported) && !a.IsModerator() {
			return nil, s.apiError(ctx, civhub.ErrNotAllowed)
		}
		f := civhub.ResourceFilter{Query: in.Query, Kind: in.Kind, Country: in.Country, Cause: in.Cause, OrgType: in.OrgType,
			Language: in.Language, MinAmount: in.MinAmount, Status: in.Status, Reported: in.Reported, After: in.After, Limit: in.Limit}
		if in.ClosingIn > 0 {
			by := time.Now().UTC().Add(time.Duration(in.ClosingIn) * 24 * time.Hour)
			f.ClosingBy = &by
		}
		page, err := s.resources.SearchResources(ctx, f)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &ResourcesOutput{}
		out.Body.Resources, out.Body.Next = []apiResource{}, page.Next
		for _, r := range page.Resources {
			out.Body.Resources = append(out.Body.Resources, toAPIResource(a, r))
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-resource", Method: http.MethodGet, Path: "/v1/resources/{id}", Summary: "One opportunity",
		Description: "Entries not published yet answer 404 to all but their submitter and moderators.", Tags: []string{"Resources"},
	}, func(ctx context.Context, in *ResourceIDInput) (*ResourceOutput, error) {
		r, err := s.visibleResource(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &ResourceOutput{Body: toAPIResource(callerOf(ctx).actor, r)}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "submit-resource", Method: http.MethodPost, Path: "/v1/resources", DefaultStatus: http.StatusCreated,
		Summary: "Add an opportunity", Description: "It waits for a moderator. Needs a confirmed email address.",
		Tags: []string{"Resources"}, Security: bearer,
	}, func(ctx context.Context, in *SubmitResourceInput) (*ResourceOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		if !a.CanSubmitResource() {
			return nil, s.apiError(ctx, civhub.ErrEmailUnconfirmed)
		}
		r := &civhub.Resource{}
		fromResourceBody(in.Body, r)
		if err := s.resources.SubmitResource(ctx, r, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return s.resourceOutput(ctx, a, r.ID)
	})
	huma.Register(api, huma.Operation{
		OperationID: "update-resource", Method: http.MethodPut, Path: "/v1/resources/{id}", Summary: "Edit an opportunity",
		Description: "For moderators, and for its submitter until it is published; an entry sent back goes to the moderators again. " +
			"From anyone else signed in, a change to a published entry is a suggestion for the moderators: 202, the entry unchanged.",
		Tags: []string{"Resources"}, Security: bearer,
	}, func(ctx context.Context, in *UpdateResourceInput) (*UpdateResourceOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		r, err := s.visibleResource(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		suggest := a.CanSuggestChange(r)
		if !suggest && !a.CanEditResource(r) {
			return nil, s.apiError(ctx, civhub.ErrResourceNotYours)
		}
		fromResourceBody(in.Body.ResourceBody, r)
		status := http.StatusOK
		if suggest {
			err, status = s.suggestions.SuggestChange(ctx, r, in.Body.Note, a.ID()), http.StatusAccepted
		} else {
			err = s.resources.UpdateResource(ctx, r, a.ID())
		}
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out, err := s.resourceOutput(ctx, a, r.ID)
		if err != nil {
			return nil, err
		}
		return &UpdateResourceOutput{Status: status, Body: out.Body}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "review-resource", Method: http.MethodPost, Path: "/v1/resources/{id}/review", Summary: "Decide on an opportunity",
		Description: "Moderators publish, send back (with a reason), reject (with a reason) or retire an entry; its submitter is told. " +
			"Answers 409 when the decision does not apply to the entry as it is.",
		Tags: []string{"Resources"}, Security: bearer,
	}, func(ctx context.Context, in *ReviewResourceInput) (*ResourceOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		if !a.CanModerate() {
			return nil, s.apiError(ctx, civhub.ErrNotAllowed)
		}
		if err := s.resources.ReviewResource(ctx, in.ID, in.Body.Decision, in.Body.Reason, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return s.resourceOutput(ctx, a, in.ID)
	})
}

// visibleResource returns entry id if the caller may see it, else a 404.
func (s *directory) visibleResource(ctx context.Context, id int64) (*civhub.Resource, error) {
	r, err := s.loadResource(ctx, callerOf(ctx).actor, id)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return r, nil
}

func (s *directory) resourceOutput(ctx context.Context, a *civhub.Actor, id int64) (*ResourceOutput, error) {
	r, err := s.resources.FindResource(ctx, id)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &ResourceOutput{Body: toAPIResource(a, r)}, nil
}
