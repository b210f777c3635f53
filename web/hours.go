package web

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"civhub"
)

// parseHours reads hours as a person types them, "1.5" or "1,5", into minutes; -1 if unreadable.
func parseHours(s string) int {
	h, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
	if err != nil || math.IsNaN(h) || math.IsInf(h, 0) {
		return -1
	}
	return int(math.Round(h * 60))
}

func (s *work) logHours(w http.ResponseWriter, r *http.Request) error {
	v, t, mine, err := s.volunteerPost(w, r)
	if err != nil {
		return err
	}
	if _, err := s.hours.LogHours(r.Context(), mine.ID, parseHours(r.PostFormValue("hours")), r.PostFormValue("note"), v.ID); err != nil {
		return s.renderTaskProblem(w, r, err)
	}
	return s.backToTask(w, r, t, "hours.logged")
}

func (s *work) decideHours(w http.ResponseWriter, r *http.Request) error {
	v, t, _, err := s.taskPost(w, r, true)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("hours"), 10, 64)
	decision := r.PathValue("decision")
	if decision != "confirm" && decision != "reject" {
		return civhub.E(civhub.ENOTFOUND, "err.no_operation", "There is no such operation.")
	}
	if err := s.hours.DecideHours(r.Context(), t.ID, id, decision == "confirm", v.ID); err != nil {
		return s.renderTaskProblem(w, r, err)
	}
	if decision == "confirm" {
		return s.backToTask(w, r, t, "hours.decided.confirm")
	}
	return s.backToTask(w, r, t, "hours.decided.reject")
}

func (s *work) endorse(w http.ResponseWriter, r *http.Request) error {
	v, t, o, err := s.taskPost(w, r, true)
	if err != nil {
		return err
	}
	volunteer, _ := strconv.ParseInt(r.PostFormValue("volunteer"), 10, 64)
	// Only volunteers of this task can be endorsed from its page.
	list, err := s.workflow.Assignments(r.Context(), t.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(list, func(a *civhub.Assignment) bool { return a.VolunteerID == volunteer }) {
		return civhub.E(civhub.ENOTFOUND, "err.assignment_not_found", "There is no such engagement.")
	}
	if err := s.hours.Endorse(r.Context(), o.ID, volunteer, r.PostFormValue("skill"), r.PostFormValue("thanks"), v.ID); err != nil {
		return s.renderTaskProblem(w, r, err)
	}
	return s.backToTask(w, r, t, "hours.endorsed")
}
