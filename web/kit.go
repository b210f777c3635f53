package web

import (
	"log/slog"

	"github.com/alexedwards/scs/v2"

	"civhub"
	"civhub/i18n"
	"civhub/taxonomy"
)

// kit is the toolkit every room of the web layer shares: rendering pages and the one error page,
// sessions, sign-in and form tokens, the viewer and their language, client keys for rate limits,
// route registration and the API's error shape. It holds only the services that every request
// may need — who the viewer is (people, and tokens for API calls), their memberships for the actor
// (orgs), their unread count for the header (notes) — the shared vocabulary of skills and causes,
// and none of any one capability's services.
type kit struct {
	logger       *slog.Logger
	catalog      *i18n.Catalog
	behindProxy  bool
	people       civhub.PersonService
	orgs         civhub.OrganizationService
	tokens       civhub.TokenService
	notes        civhub.NotificationService
	sessionStore SessionStore
	sessions     *scs.SessionManager
	ipSecret     []byte
	cookieKey    []byte
	taxonomy     *taxonomy.Taxonomy
	metrics      *httpMetrics
	templates    *templates
	static       *staticFiles
	patterns     []string // every route with a handler of ours, in registration order
}
