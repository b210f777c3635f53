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

func (s *Server) registerSuggestionAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "get-suggestions", Method: http.MethodGet, Path: "/v1/tasks/{id}/suggestions", Summary: "Volunteers for a task",
		Description: "For the organization's owners and admins: up to 10 volunteers whose profile, as members see it, suits the task, best first, each with its reasons.",
		Tags:        []string{"Tasks"}, Security: bearer,
	}, func(ctx context.Context, in *TaskIDInput) (*SuggestionsOutput, error) {
		_, t, err := s.managedTask(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		matches, err := s.needs.SuggestVolunteers(ctx, t.ID, suggestionsShown)
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
		a, t, err := s.managedTask(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		if err := s.needs.InviteVolunteer(ctx, t.ID, in.Body.PersonID, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return nil, nil
	})
}

// managedTask returns the caller and task id when the caller runs the task's organization: 401
// without a token, 404 for a task they may not see, 403 for one they do not run.
func (s *Server) managedTask(ctx context.Context, id int64) (*civhub.Actor, *civhub.Task, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, nil, err
	}
	t, o, err := s.visibleTaskOf(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !a.CanManageNeeds(o) {
		return nil, nil, s.apiError(ctx, civhub.ErrNotAllowed)
	}
	return a, t, nil
}
