package web

import (
	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// matching is the room of explainable matching: tasks for a volunteer and volunteers for a task,
// each with its reasons, in the API (the task page and the dashboard show the same through it).
type matching struct {
	*kit
	matcher civhub.VolunteerMatcher
	work    *work // loads the task a suggestion is for, with its authorization
}

// registerAPI registers the matching room's API operations.
func (s *matching) registerAPI(api huma.API) {
	s.registerSuggestionAPI(api)
	s.registerRecommendationAPI(api)
}
