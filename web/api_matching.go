package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// SuggestionsOutput is the volunteers who suit a task.
type SuggestionsOutput struct {
	Body []apiSuggestion
}

type apiSuggestion struct {
	PersonID int64    `json:"person_id"`
	Name     string   `json:"name"`
	Score    int      `json:"score" doc:"Out of about 100."`
	Reasons  []string `json:"reasons" doc:"Why this volunteer suits the task, in the language of Accept-Language."`
}

// InviteInput names the volunteer to invite.
type InviteInput struct {
	ID   int64 `path:"id"`
	Body struct {
		PersonID int64 `json:"person_id" minimum:"1"`
	}
}

func (s *matching) registerSuggestionAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "get-suggestions", Method: http.MethodGet, Path: "/v1/tasks/{id}/suggestions", Summary: "Volunteers for a task",
		Description: "For the organization's owners and admins: up to 10 volunteers whose profile, as members see it, suits the task, best first, each with its reasons.",
		Tags:        []string{"Tasks"}, Security: bearer,
	}, func(ctx context.Context, in *TaskIDInput) (*SuggestionsOutput, error) {
		_, t, err := s.work.managedTask(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		matches, err := s.matcher.SuggestVolunteers(ctx, t.ID, suggestionsShown)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		l := localeOf(ctx).locale
		if l == nil {
			l = s.catalog.Locales()[0]
		}
		out := &SuggestionsOutput{Body: []apiSuggestion{}}
		for _, m := range matches {
			sg := apiSuggestion{PersonID: m.PersonID, Name: m.Name, Score: m.Score, Reasons: []string{}}
			for _, r := range m.Reasons {
				sg.Reasons = append(sg.Reasons, s.reasonText(l, r))
			}
			out.Body = append(out.Body, sg)
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "invite-volunteer", Method: http.MethodPost, Path: "/v1/tasks/{id}/invite", DefaultStatus: http.StatusNoContent,
		Summary:     "Invite a volunteer to a task",
		Description: "The volunteer is told at once and decides. Once per volunteer and task (409 after), 30 a day per organization (429 after).",
		Tags:        []string{"Tasks"}, Security: bearer,
	}, func(ctx context.Context, in *InviteInput) (*struct{}, error) {
		a, t, err := s.work.managedTask(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		if err := s.matcher.InviteVolunteer(ctx, t.ID, in.Body.PersonID, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return nil, nil
	})
}

// RecommendationsOutput is "tasks for you".
type RecommendationsOutput struct {
	Body []apiRecommendation
}

type apiRecommendation struct {
	Task    apiTask  `json:"task"`
	Score   int      `json:"score" doc:"Out of about 100."`
	Reasons []string `json:"reasons" doc:"Why this task suits you, in the language of Accept-Language."`
}

func (s *matching) registerRecommendationAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "get-recommendations", Method: http.MethodGet, Path: "/v1/me/recommendations", Summary: "Tasks for you",
		Description: "Open tasks that suit your profile (skills, languages and language pair, hours, causes, urgency), best first, each with its reasons.",
		Tags:        []string{"Tasks"}, Security: bearer,
	}, func(ctx context.Context, _ *struct{}) (*RecommendationsOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		recs, err := s.recommend(ctx, a.ID())
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		l := localeOf(ctx).locale
		if l == nil {
			l = s.catalog.Locales()[0]
		}
		out := &RecommendationsOutput{Body: []apiRecommendation{}}
		for _, r := range recs {
			ar := apiRecommendation{Task: toAPITask(r.Task), Score: r.Score, Reasons: []string{}}
			for _, reason := range r.Reasons {
				ar.Reasons = append(ar.Reasons, s.reasonText(l, reason))
			}
			out.Body = append(out.Body, ar)
		}
		return out, nil
	})
}

// recommend returns the tasks that suit person best, with reasons.
func (s *matching) recommend(ctx context.Context, person int64) ([]civhub.Recommendation, error) {
	return s.matcher.RecommendTasks(ctx, person, recommendationsLimit)
}
