package web

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// account is the room of a person's own things: the account page with their sessions and API
// tokens, their volunteer profile and public page, and the export and deletion of their data (and
// of an organization's, by its owner).
type account struct {
	*kit
	profiles civhub.ProfileService
	data     civhub.DataService
	hours    civhub.HoursService // the record of confirmed work on a profile
}

// routes registers the account room's pages.
func (s *account) routes(pages *http.ServeMux) {
	s.route(pages, "GET /account", s.accountPage)
	s.route(pages, "POST /account/sessions/revoke", s.revokeSession)
	s.route(pages, "GET /account/profile", s.editProfile)
	s.route(pages, "POST /account/profile", s.saveProfile)
	s.route(pages, "GET /people/{person}", s.profile)
	s.route(pages, "GET /account/tokens", s.apiTokensPage)
	s.route(pages, "POST /account/tokens", s.createAPIToken)
	s.route(pages, "POST /account/tokens/{id}/revoke", s.revokeAPIToken)
	s.route(pages, "GET /account/export", s.exportAccount)
	s.route(pages, "GET /account/delete", s.deleteAccountForm)
	s.route(pages, "POST /account/delete", s.deleteAccount)
	s.route(pages, "GET /orgs/{slug}/export", s.exportOrg)
	s.route(pages, "GET /orgs/{slug}/delete", s.deleteOrgForm)
	s.route(pages, "POST /orgs/{slug}/delete", s.deleteOrg)
}

// registerAPI registers the account room's API operations.
func (s *account) registerAPI(api huma.API) {
	s.registerProfileAPI(api)
}
