package web

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// organizations is the room of organizations: their pages and settings, at-risk mode, logos,
// members, invitations and trusted people, verification and its moderation queue, and the
// organization's audit log, with their API operations.
type organizations struct {
	*kit
	verifications civhub.VerificationService
	audit         civhub.AuditService
	needs         civhub.NeedStore       // the organization's page lists its needs
	solutions     civhub.SolutionService // and the solutions it uses
}

// routes registers the organizations room's pages.
func (s *organizations) routes(pages *http.ServeMux) {
	s.route(pages, "GET /orgs", s.orgList)
	s.route(pages, "GET /orgs/new", s.newOrgForm)
	s.route(pages, "POST /orgs/new", s.createOrg)
	s.route(pages, "GET /orgs/{slug}", s.org)
	s.route(pages, "GET /orgs/{slug}/edit", s.editOrgForm)
	s.route(pages, "POST /orgs/{slug}/edit", s.updateOrg)
	s.route(pages, "GET /orgs/{slug}/members", s.members)
	s.route(pages, "POST /orgs/{slug}/members/invite", s.invite)
	s.route(pages, "POST /orgs/{slug}/members/{person}/role", s.setRole)
	s.route(pages, "POST /orgs/{slug}/members/{person}/remove", s.removeMember)
	s.route(pages, "POST /orgs/{slug}/members/{person}/owner", s.transferOwnership)
	s.route(pages, "POST /orgs/{slug}/leave", s.leaveOrg)
	s.route(pages, "POST /orgs/{slug}/trusted", s.trust)
	s.route(pages, "POST /orgs/{slug}/trusted/{person}/remove", s.untrust)
	s.route(pages, "GET /orgs/{slug}/verification", s.verificationForm)
	s.route(pages, "POST /orgs/{slug}/verification", s.requestVerification)
	s.route(pages, "GET /orgs/{slug}/logo", s.logo)
	s.route(pages, "POST /orgs/{slug}/logo", s.setLogo)
	s.route(pages, "GET /orgs/{slug}/verification/{id}/file", s.evidenceFile)
	s.route(pages, "GET /invitations/{token}", s.invitationForm)
	s.route(pages, "POST /invitations/{token}", s.acceptInvitation)
	s.route(pages, "GET /admin/verification", s.verificationQueue)
	s.route(pages, "POST /admin/verification/{id}", s.decideVerification)
}

// registerAPI registers the organizations room's API operations.
func (s *organizations) registerAPI(api huma.API) {
	s.registerOrganizationAPI(api)
}
