package web

import (
	"net/http"

	"civhub"
)

// hackathons is the room of an event's teams, projects and judging. It sees the hackathon
// service, the events and challenges it hangs on, and people (to name judges).
type hackathons struct {
	*kit
	hack       civhub.HackathonService
	events     civhub.EventService
	challenges civhub.ChallengeService
	profiles   civhub.ProfileService  // the skills a team has already, for its suggestions
	solutions  civhub.SolutionService // the solution a project became
}

// routes registers the hackathon pages.
func (s *hackathons) routes(pages *http.ServeMux) {
	s.route(pages, "GET /events/{slug}/teams", s.teams)
	s.route(pages, "POST /events/{slug}/teams", s.createTeam)
	s.route(pages, "POST /events/{slug}/looking", s.looking)
	s.route(pages, "GET /events/{slug}/teams/{id}", s.team)
	s.route(pages, "POST /events/{slug}/teams/{id}/edit", s.editTeam)
	s.route(pages, "POST /events/{slug}/teams/{id}/join", s.join)
	s.route(pages, "POST /events/{slug}/teams/{id}/leave", s.leave)
	s.route(pages, "POST /events/{slug}/teams/{id}/invite", s.invite)
	s.route(pages, "POST /events/{slug}/teams/{id}/project", s.saveProject)
	s.route(pages, "POST /events/{slug}/teams/{id}/screenshots", s.addScreenshot)
	s.route(pages, "POST /events/{slug}/teams/{id}/screenshots/{shot}/delete", s.removeScreenshot)
	s.route(pages, "GET /events/{slug}/projects/{id}/screenshots/{file}", s.screenshot)
	s.route(pages, "GET /events/{slug}/judging", s.judging)
	s.route(pages, "POST /events/{slug}/judging/criteria", s.setCriteria)
	s.route(pages, "POST /events/{slug}/judging/judges", s.addJudge)
	s.route(pages, "POST /events/{slug}/judging/judges/{person}/remove", s.removeJudge)
	s.route(pages, "POST /events/{slug}/projects/{id}/score", s.score)
	s.route(pages, "POST /events/{slug}/projects/{id}/award", s.award)
	s.route(pages, "POST /events/{slug}/results", s.publishResults)
}
