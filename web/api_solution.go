package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// SolutionsInput chooses solutions.
type SolutionsInput struct {
	Query string `query:"q" maxLength:"100" doc:"Words in the title or the problem it solves."`
	Limit int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// SolutionsOutput lists the gallery, the most adopted first.
type SolutionsOutput struct {
	Body struct {
		Solutions []*civhub.Solution `json:"solutions"`
	}
}

// SolutionInput names a solution.
type SolutionInput struct {
	Slug string `path:"slug" maxLength:"60"`
}

// SolutionOutput is a solution with the organizations that use it (those the caller may see).
type SolutionOutput struct {
	Body struct {
		Solution  *civhub.Solution   `json:"solution"`
		Adoptions []*civhub.Adoption `json:"adoptions"`
	}
}

func (s *gallery) registerAPI(api huma.API) {
	tags := []string{"Solutions"}
	huma.Register(api, huma.Operation{
		OperationID: "list-solutions", Method: http.MethodGet, Path: "/v1/solutions", Summary: "The gallery of solutions",
		Description: "Projects made reusable, the most adopted first.", Tags: tags,
	}, func(ctx context.Context, in *SolutionsInput) (*SolutionsOutput, error) {
		list, err := s.solutions.ListSolutions(ctx, civhub.SolutionFilter{Query: in.Query, Limit: in.Limit})
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &SolutionsOutput{}
		out.Body.Solutions = append([]*civhub.Solution{}, list...)
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-solution", Method: http.MethodGet, Path: "/v1/solutions/{slug}", Summary: "One solution",
		Description: "With the organizations that use it; those at risk or not verified are shown to their members only.", Tags: tags,
	}, func(ctx context.Context, in *SolutionInput) (*SolutionOutput, error) {
		so, err := s.solutions.FindSolution(ctx, in.Slug)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		all, err := s.solutions.Adoptions(ctx, so.ID)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &SolutionOutput{}
		out.Body.Solution, out.Body.Adoptions = so, []*civhub.Adoption{}
		a := callerOf(ctx).actor
		for _, ad := range all {
			if a.CanSeeAdoption(ad) {
				out.Body.Adoptions = append(out.Body.Adoptions, ad)
			}
		}
		return out, nil
	})
}
