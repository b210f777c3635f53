package web

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// identity is the room of accounts and who a person is: signing up, in and out, confirming the email address,
// resetting and changing the password, two-factor sign-in, and API tokens made by signing in
// through the API.
type identity struct {
	*kit
	accounts civhub.AccountService
}

// routes registers the identity room's pages.
func (s *identity) routes(pages *http.ServeMux) {
	s.route(pages, "GET /signup", s.signUpForm)
	s.route(pages, "POST /signup", s.signUp)
	s.route(pages, "GET /signin", s.signInForm)
	s.route(pages, "POST /signin", s.signInSubmit)
	s.route(pages, "POST /signout", s.signOut)
	s.route(pages, "GET /verify/{token}", s.verifyForm)
	s.route(pages, "POST /verify/{token}", s.verifySubmit)
	s.route(pages, "GET /reset", s.resetRequestForm)
	s.route(pages, "POST /reset", s.resetRequestSubmit)
	s.route(pages, "GET /reset/{token}", s.resetForm)
	s.route(pages, "POST /reset/{token}", s.resetSubmit)
	s.route(pages, "GET /signin/code", s.secondFactorForm)
	s.route(pages, "POST /signin/code", s.secondFactorSubmit)
	s.route(pages, "GET /account/confirm", s.confirmForm)
	s.route(pages, "POST /account/confirm", s.confirmSubmit)
	s.route(pages, "GET /account/2fa", s.twoFactor)
	s.route(pages, "POST /account/2fa", s.enableTwoFactor)
	s.route(pages, "POST /account/2fa/off", s.disableTwoFactor)
	s.route(pages, "POST /account/2fa/codes", s.renewRecoveryCodes)
	s.route(pages, "GET /account/password", s.passwordForm)
	s.route(pages, "POST /account/password", s.passwordSubmit)
	s.route(pages, "GET /account/email", s.emailForm)
	s.route(pages, "POST /account/email", s.emailSubmit)
	s.route(pages, "GET /account/email/{token}", s.emailConfirmForm)
	s.route(pages, "POST /account/email/{token}", s.emailConfirmSubmit)
}

// registerAPI registers the identity room's API operations.
func (s *identity) registerAPI(api huma.API) {
	s.registerAccountAPI(api)
}
