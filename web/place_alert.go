package web

import (
	"net/http"
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
