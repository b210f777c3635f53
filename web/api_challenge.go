package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// ChallengesInput chooses challenges.
type ChallengesInput struct {
	Query    string `query:"q" maxLength:"100" doc:"Words in the title or the situation today."`
	Language string `query:"language" maxLength:"10"`
	Size     string `query:"size" enum:"weekend,weeks,months,"`
	Status   string `query:"status" enum:"vetted,open,in_progress,solved,archived,"`
	Limit    int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// ChallengesOutput lists challenges that curators vetted, the latest moved first.
type ChallengesOutput struct {
	Body struct {
		Challenges []*civhub.Challenge `json:"challenges"`
	}
}

// ChallengeInput names a challenge.
type ChallengeInput struct {
	Slug string `path:"slug" maxLength:"60"`
}

// ChallengeOutput is a challenge with the events that take it.
type ChallengeOutput struct {
	Body struct {
		Challenge *civhub.Challenge `json:"challenge"`
		Events    []string          `json:"events"` // their web address names
	}
}

func (s *challenges) registerAPI(api huma.API) {
	tags := []string{"Challenges"}
	huma.Register(api, huma.Operation{
		OperationID: "list-challenges", Method: http.MethodGet, Path: "/v1/challenges", Summary: "Challenges",
		Description: "Problem statements that curators vetted, from organizations whose needs are public, the latest moved first.", Tags: tags,
	}, func(ctx context.Context, in *ChallengesInput) (*ChallengesOutput, error) {
		f := civhub.ChallengeFilter{Query: in.Query, Language: in.Language, Size: in.Size, Status: in.Status, Limit: in.Limit}
		if !slices.Contains(civhub.CourseLanguages, f.Language) {
			f.Language = ""
		}
		list, err := s.challenges.ListChallenges(ctx, f)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &ChallengesOutput{}
		out.Body.Challenges = append([]*civhub.Challenge{}, list...)
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-challenge", Method: http.MethodGet, Path: "/v1/challenges/{slug}", Summary: "One challenge",
		Description: "Its canvas, where it stands, and the events that take it. A draft is seen by its writers and curators only.", Tags: tags,
	}, func(ctx context.Context, in *ChallengeInput) (*ChallengeOutput, error) {
		c, err := s.findChallenge(ctx, callerOf(ctx).actor, in.Slug)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		events, err := s.challenges.ChallengeEvents(ctx, c.ID)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &ChallengeOutput{}
		out.Body.Challenge, out.Body.Events = c, []string{}
		for _, e := range events {
			out.Body.Events = append(out.Body.Events, e.Slug)
		}
		return out, nil
	})
}
