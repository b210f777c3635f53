package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// watchTask asks that the viewer be told when a place opens on full task {id}.
func (s *work) watchTask(w http.ResponseWriter, r *http.Request) error {
	v, t, _, err := s.taskPost(w, r, false)
	if err != nil {
		return err
	}
	if err := s.alerts.WatchTask(r.Context(), t.ID, v.ID); err != nil {
		return s.renderTaskProblem(w, r, err)
	}
	return s.backToTask(w, r, t, "task.full.watched")
}

// unwatchTask cancels the viewer's request to be told about task {id}.
func (s *work) unwatchTask(w http.ResponseWriter, r *http.Request) error {
	v, t, _, err := s.taskPost(w, r, false)
	if err != nil {
		return err
	}
	if err := s.alerts.UnwatchTask(r.Context(), t.ID, v.ID); err != nil {
		return err
	}
	return s.backToTask(w, r, t, "task.full.unwatched")
}

// registerPlaceAlertAPI registers asking, and cancelling, to be told when a place opens.
func (s *work) registerPlaceAlertAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "watch-task", Method: http.MethodPost, Path: "/v1/tasks/{id}/watch", DefaultStatus: http.StatusNoContent,
		Summary:     "Be told when a place opens on a full task",
		Description: "Once, through your notifications, when a volunteer steps back or the organization wants more people; asking twice changes nothing. Answers 409 when the task has a place now or takes no volunteers, or you are on it already.",
		Tags:        []string{"Tasks"}, Security: bearer,
	}, s.apiWatchTask)
	huma.Register(api, huma.Operation{
		OperationID: "unwatch-task", Method: http.MethodDelete, Path: "/v1/tasks/{id}/watch", DefaultStatus: http.StatusNoContent,
		Summary: "Stop waiting for a place on a task", Tags: []string{"Tasks"}, Security: bearer,
	}, s.apiUnwatchTask)
}

func (s *work) apiWatchTask(ctx context.Context, in *TaskIDInput) (*struct{}, error) {
	a, t, err := s.callerAndTask(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if err := s.alerts.WatchTask(ctx, t.ID, a.ID()); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return nil, nil
}

func (s *work) apiUnwatchTask(ctx context.Context, in *TaskIDInput) (*struct{}, error) {
	a, t, err := s.callerAndTask(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if err := s.alerts.UnwatchTask(ctx, t.ID, a.ID()); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return nil, nil
}

// callerAndTask returns the caller and task id as they may see it: 401 without a token, 404 for a
// task they may not see.
func (s *work) callerAndTask(ctx context.Context, id int64) (*civhub.Actor, *civhub.Task, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, nil, err
	}
	t, _, err := s.visibleTaskOf(ctx, id)
	return a, t, err
}
