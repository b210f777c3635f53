package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// TokenInput signs in from a script and asks for a personal API token.
type TokenInput struct {
	Body struct {
		Email    string `json:"email" format:"email" maxLength:"320" doc:"The account's email address."`
		Password string `json:"password" maxLength:"1024" doc:"The account's password."`
		Code     string `json:"code,omitempty" maxLength:"32" doc:"With two-factor sign-in on: a code from the authenticator app, or a recovery code."`
		Name     string `json:"name,omitempty" maxLength:"60" doc:"A name for the token, shown in the account's settings." default:"API"`
	}
}

// TokenOutput is a new personal API token, shown this once.
type TokenOutput struct {
	SetCookie string `header:"Set-Cookie" doc:"A device cookie: sent with later requests for a token, it keeps this client able to sign in while the account is locked for unknown clients after wrong passwords."`
	Body      struct {
		Token string   `json:"token" doc:"The token: send it as Authorization: Bearer TOKEN. It is shown only now."`
		Info  apiToken `json:"info"`
	}
}

type apiToken struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty" doc:"Within an hour."`
}

func toAPIToken(t *civhub.APIToken) apiToken {
	return apiToken{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt}
}

// MeOutput is the signed-in person.
type MeOutput struct {
	Body apiMe
}

type apiMe struct {
	ID            int64           `json:"id"`
	DisplayName   string          `json:"display_name"`
	Email         string          `json:"email" doc:"Only ever shown to the person themselves."`
	Locale        string          `json:"locale" enum:"en,es,fr,ar"`
	SiteRole      string          `json:"site_role" enum:",moderator,admin"`
	EmailVerified bool            `json:"email_verified"`
	TwoFactor     bool            `json:"two_factor"`
	Memberships   []apiMembership `json:"memberships"`
}

type apiMembership struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	Role string `json:"role" enum:"owner,admin,member"`
}

// TokensOutput lists the caller's tokens.
type TokensOutput struct {
	Body []apiToken
}

// TokenIDInput names one of the caller's tokens.
type TokenIDInput struct {
	ID int64 `path:"id" doc:"The token's ID."`
}

// PersonIDInput names a person.
type PersonIDInput struct {
	ID int64 `path:"id"`
}

func (s *identity) registerAccountAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "create-token", Method: http.MethodPost, Path: "/v1/auth/token", DefaultStatus: http.StatusCreated,
		Summary: "Sign in and get a personal API token",
		Description: "Checks the email and password (and the second factor, when on) and returns a new personal API token. " +
			"Wrong passwords are limited like on the sign-in page: per account and per address, or per device cookie for a client " +
			"that keeps the cookie this operation sets (429 with Retry-After). The same answer is given whatever part of the credentials is wrong.",
		Tags: []string{"Account"},
	}, s.apiCreateToken)
	huma.Register(api, huma.Operation{
		OperationID: "get-me", Method: http.MethodGet, Path: "/v1/me", Summary: "The signed-in person",
		Tags: []string{"Account"}, Security: bearer,
	}, s.apiMe)
	huma.Register(api, huma.Operation{
		OperationID: "list-tokens", Method: http.MethodGet, Path: "/v1/me/tokens", Summary: "Your personal API tokens",
		Tags: []string{"Account"}, Security: bearer,
	}, s.apiTokens)
	huma.Register(api, huma.Operation{
		OperationID: "revoke-token", Method: http.MethodDelete, Path: "/v1/me/tokens/{id}", DefaultStatus: http.StatusNoContent,
		Summary: "Revoke one of your tokens", Tags: []string{"Account"}, Security: bearer,
	}, s.apiRevokeToken)
}

func (s *identity) apiCreateToken(ctx context.Context, in *TokenInput) (*TokenOutput, error) {
	client := callerOf(ctx).client
	p, err := s.accounts.Authenticate(ctx, in.Body.Email, in.Body.Password, client)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	if p.TOTPEnabledAt != nil {
		if in.Body.Code == "" {
			return nil, s.apiError(ctx, civhub.E(civhub.EUNAUTHORIZED, "err.code_needed", "Two-factor sign-in is on: send a code too."))
		}
		if err := s.accounts.VerifySecondFactor(ctx, p.ID, in.Body.Code, client); err != nil {
			return nil, s.apiError(ctx, err)
		}
	}
	name := strings.TrimSpace(in.Body.Name)
	if name == "" {
		name = "API"
	}
	raw, t, err := s.tokens.CreateToken(ctx, p.ID, name)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	if err := s.accounts.RecordSignIn(ctx, p.ID, client); err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &TokenOutput{SetCookie: s.deviceCookie(callerOf(ctx).header, p.ID).String()}
	out.Body.Token, out.Body.Info = raw, toAPIToken(t)
	return out, nil
}

func (s *identity) apiMe(ctx context.Context, _ *struct{}) (*MeOutput, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	p := a.Person
	out := &MeOutput{Body: apiMe{ID: p.ID, DisplayName: p.DisplayName, Email: p.Email, Locale: p.Locale, SiteRole: p.SiteRole,
		EmailVerified: p.Verified(), TwoFactor: p.TOTPEnabledAt != nil, Memberships: []apiMembership{}}}
	ms, err := s.orgs.Memberships(ctx, p.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	for _, m := range ms {
		out.Body.Memberships = append(out.Body.Memberships, apiMembership{Slug: m.Slug, Name: m.Name, Role: m.Role})
	}
	return out, nil
}

func (s *identity) apiTokens(ctx context.Context, _ *struct{}) (*TokensOutput, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.tokens.Tokens(ctx, a.ID())
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &TokensOutput{Body: []apiToken{}}
	for _, t := range list {
		out.Body = append(out.Body, toAPIToken(t))
	}
	return out, nil
}

func (s *identity) apiRevokeToken(ctx context.Context, in *TokenIDInput) (*struct{}, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.tokens.RevokeToken(ctx, a.ID(), in.ID); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return nil, nil
}

func toProfileBody(p *civhub.Profile, show func(part string) bool) ProfileBody {
	b := ProfileBody{Skills: []string{}, Languages: []civhub.LanguageSkill{}, Causes: []string{}, Links: []string{},
		Visibility: map[string]civhub.Visibility{}}
	for _, part := range civhub.ProfileParts {
		b.Visibility[part] = p.VisibilityOf(part)
	}
	if show(civhub.PartSkills) {
		b.Skills = append(b.Skills, p.Skills...)
	}
	if show(civhub.PartLanguages) {
		b.Languages = append(b.Languages, p.Languages...)
	}
	if show(civhub.PartAvailability) {
		b.TimeZone, b.HoursPerWeek = p.TimeZone, p.HoursPerWeek
	}
	if show(civhub.PartCauses) {
		b.Causes = append(b.Causes, p.Causes...)
	}
	if show(civhub.PartLocation) {
		b.Country, b.City = p.Country, p.City
	}
	if show(civhub.PartAbout) {
		b.Bio = p.Bio
		b.Links = append(b.Links, p.Links...)
	}
	return b
}
