package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
	"civhub/textdiff"
)

// ToolkitsInput searches the published toolkits.
type ToolkitsInput struct {
	Query    string `query:"q" maxLength:"200"`
	Language string `query:"language" doc:"The language a toolkit is written in: en, fr, es, ar, pt, sw, ht or ary."`
	Tag      string `query:"tag" maxLength:"30"`
	Limit    int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// ToolkitsOutput lists toolkits, the most recently changed first; their pages are left out.
type ToolkitsOutput struct {
	Body struct {
		Toolkits []*civhub.Toolkit `json:"toolkits"`
	}
}

// ToolkitInput names a toolkit in one of its languages.
type ToolkitInput struct {
	Slug     string `path:"slug" maxLength:"60"`
	Language string `path:"lang" maxLength:"12"`
}

// ToolkitOutput is a toolkit with its current pages, where it comes from and its translations.
type ToolkitOutput struct {
	Body *civhub.Toolkit
}

// RevisionsOutput lists a toolkit's revisions, newest first, without their pages.
type RevisionsOutput struct {
	Body struct {
		Revisions []*civhub.Revision `json:"revisions"`
	}
}

// RevisionInput names one revision of a toolkit.
type RevisionInput struct {
	Slug     string `path:"slug" maxLength:"60"`
	Language string `path:"lang" maxLength:"12"`
	Number   int    `path:"n" minimum:"1" maximum:"1000000000" doc:"The revision's number in the toolkit, from 1."`
}

// RevisionOutput is one revision with its pages.
type RevisionOutput struct {
	Body *civhub.Revision
}

// CompareInput names two revisions to compare.
type CompareInput struct {
	Slug     string `path:"slug" maxLength:"60"`
	Language string `path:"lang" maxLength:"12"`
	From     int    `query:"from" minimum:"1" maximum:"1000000000" required:"true"`
	To       int    `query:"to" minimum:"1" maximum:"1000000000" required:"true"`
}

// CompareOutput is what changed between two revisions, word by word.
type CompareOutput struct {
	Body struct {
		From    int         `json:"from"`
		To      int         `json:"to"`
		Same    bool        `json:"same"`
		Title   []apiChange `json:"title"`
		Summary []apiChange `json:"summary"`
		Pages   []apiPage   `json:"pages" doc:"Pages paired by position; a page only one revision has is all inserted or all deleted."`
	}
}

type apiChange struct {
	Op   string `json:"op" enum:"equal,insert,delete"`
	Text string `json:"text"`
}

type apiPage struct {
	Position int         `json:"position"`
	Title    []apiChange `json:"title"`
	Body     []apiChange `json:"body"`
}

// EditInput is an edit of a toolkit: its whole new title, summary and pages.
type EditInput struct {
	Slug     string `path:"slug" maxLength:"60"`
	Language string `path:"lang" maxLength:"12"`
	Body     struct {
		Base    int           `json:"base" minimum:"0" maximum:"1000000000" doc:"The number of the revision the edit starts from: the current one, or the edit is refused (409)."`
		Title   string        `json:"title" maxLength:"140"`
		Summary string        `json:"summary" maxLength:"600"`
		Note    string        `json:"note,omitempty" maxLength:"300"`
		Pages   []civhub.Page `json:"pages" maxItems:"30"`
	}
}

func apiChanges(list []textdiff.Change) []apiChange {
	out := make([]apiChange, len(list))
	for i, c := range list {
		out[i] = apiChange{Op: "equal", Text: c.Text}
		switch c.Kind {
		case textdiff.Added:
			out[i].Op = "insert"
		case textdiff.Deleted:
			out[i].Op = "delete"
		}
	}
	return out
}

func (s *toolkits) registerAPI(api huma.API) {
	tags := []string{"Toolkits"}
	huma.Register(api, huma.Operation{
		OperationID: "list-toolkits", Method: http.MethodGet, Path: "/v1/toolkits", Summary: "Search the toolkits",
		Description: "Published toolkits, the most recently changed first. A toolkit and its translations share a slug.", Tags: tags,
	}, func(ctx context.Context, in *ToolkitsInput) (*ToolkitsOutput, error) {
		f := civhub.ToolkitFilter{Query: in.Query, Language: in.Language, Limit: in.Limit}
		if t := civhub.ToolkitTags(in.Tag); len(t) == 1 {
			f.Tag = t[0]
		}
		list, err := s.toolkits.ListToolkits(ctx, f)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &ToolkitsOutput{}
		out.Body.Toolkits = append([]*civhub.Toolkit{}, list...)
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-toolkit", Method: http.MethodGet, Path: "/v1/toolkits/{slug}/{lang}", Summary: "One toolkit, with its pages",
		Description: "A toolkit waiting for a moderator answers 404 to all but its writer and the moderators. A translation says how many " +
			"changes its source had since it was last brought up to date (source_changes_since).", Tags: tags,
	}, func(ctx context.Context, in *ToolkitInput) (*ToolkitOutput, error) {
		t, err := s.visibleToolkit(ctx, in.Slug, in.Language)
		if err != nil {
			return nil, err
		}
		return &ToolkitOutput{Body: t}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-toolkit-revisions", Method: http.MethodGet, Path: "/v1/toolkits/{slug}/{lang}/revisions", Summary: "A toolkit's history",
		Description: "Its published revisions, newest first; moderators see those waiting or rejected too.", Tags: tags,
	}, func(ctx context.Context, in *ToolkitInput) (*RevisionsOutput, error) {
		t, err := s.visibleToolkit(ctx, in.Slug, in.Language)
		if err != nil {
			return nil, err
		}
		list, err := s.toolkits.Revisions(ctx, t.ID, callerOf(ctx).actor.CanModerate())
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &RevisionsOutput{}
		out.Body.Revisions = append([]*civhub.Revision{}, list...)
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-toolkit-revision", Method: http.MethodGet, Path: "/v1/toolkits/{slug}/{lang}/revisions/{n}", Summary: "One revision, with its pages",
		Tags: tags,
	}, func(ctx context.Context, in *RevisionInput) (*RevisionOutput, error) {
		t, err := s.visibleToolkit(ctx, in.Slug, in.Language)
		if err != nil {
			return nil, err
		}
		rev, err := s.visibleRevision(ctx, t, in.Number)
		if err != nil {
			return nil, err
		}
		return &RevisionOutput{Body: rev}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "compare-toolkit-revisions", Method: http.MethodGet, Path: "/v1/toolkits/{slug}/{lang}/compare", Summary: "Compare two revisions",
		Description: "What changed from one revision to the other, word by word.", Tags: tags,
	}, func(ctx context.Context, in *CompareInput) (*CompareOutput, error) {
		t, err := s.visibleToolkit(ctx, in.Slug, in.Language)
		if err != nil {
			return nil, err
		}
		from, err := s.visibleRevision(ctx, t, min(in.From, in.To))
		if err != nil {
			return nil, err
		}
		to, err := s.visibleRevision(ctx, t, max(in.From, in.To))
		if err != nil {
			return nil, err
		}
		title, summary, pages, same := compareRevisions(from, to)
		out := &CompareOutput{}
		out.Body.From, out.Body.To, out.Body.Same = from.Number, to.Number, same
		out.Body.Title, out.Body.Summary, out.Body.Pages = apiChanges(title), apiChanges(summary), []apiPage{}
		for _, p := range pages {
			out.Body.Pages = append(out.Body.Pages, apiPage{Position: p.N, Title: apiChanges(p.Title), Body: apiChanges(p.Body)})
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "edit-toolkit", Method: http.MethodPost, Path: "/v1/toolkits/{slug}/{lang}/revisions", Summary: "Edit a toolkit",
		Description: "Stores a new revision with the whole new title, summary and pages. It is published at once for trusted editors " +
			"(status published) and waits for a moderator otherwise (status pending).",
		Tags: tags, Security: bearer, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *EditInput) (*RevisionOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		t, err := s.visibleToolkit(ctx, in.Slug, in.Language)
		if err != nil {
			return nil, err
		}
		base := int64(0)
		if in.Body.Base > 0 {
			old, err := s.visibleRevision(ctx, t, in.Body.Base)
			if err != nil {
				return nil, err
			}
			base = old.ID
		}
		rev := &civhub.Revision{Title: in.Body.Title, Summary: in.Body.Summary, Note: in.Body.Note, Pages: in.Body.Pages}
		if err := s.toolkits.Edit(ctx, t.ID, rev, base, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		saved, err := s.toolkits.Revision(ctx, t.ID, rev.Number)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		return &RevisionOutput{Body: saved}, nil
	})
}

// visibleToolkit reads a toolkit as the API's caller may see it.
func (s *toolkits) visibleToolkit(ctx context.Context, slug, lang string) (*civhub.Toolkit, error) {
	t, err := s.toolkits.FindToolkit(ctx, slug, lang)
	if err == nil && !callerOf(ctx).actor.CanViewToolkit(t) {
		err = errToolkitNotFound
	}
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return t, nil
}

// visibleRevision reads revision n of t as the API's caller may see it.
func (s *toolkits) visibleRevision(ctx context.Context, t *civhub.Toolkit, n int) (*civhub.Revision, error) {
	rev, err := s.toolkits.Revision(ctx, t.ID, n)
	if err == nil {
		org := int64(0)
		if rev.TaskID != 0 {
			org = t.OrganizationID
		}
		if !callerOf(ctx).actor.CanViewRevision(t, rev, org) {
			err = civhub.E(civhub.ENOTFOUND, "err.revision_not_found", "There is no such revision.")
		}
	}
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return rev, nil
}
