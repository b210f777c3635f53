package web

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// OrganizationBody is an organization's editable fields in the API.
type OrganizationBody struct {
	Name      string   `json:"name" minLength:"2" maxLength:"120"`
	Mission   string   `json:"mission" maxLength:"2000"`
	Type      string   `json:"type" doc:"The kind of organization."`
	Country   string   `json:"country" doc:"ISO 3166-1 alpha-2 code."`
	City      string   `json:"city,omitempty" maxLength:"80"`
	TimeZone  string   `json:"time_zone,omitempty" doc:"IANA name, such as America/Santiago: volunteers whose working hours overlap rank higher."`
	Causes    []string `json:"causes,omitempty" maxItems:"17" doc:"Cause IDs: sdg1 … sdg17."`
	Size      string   `json:"size,omitempty" doc:"How many people work in it, paid or not."`
	Languages []string `json:"languages,omitempty" maxItems:"20" doc:"BCP 47 codes."`
	Website   string   `json:"website,omitempty"`
	Links     []string `json:"links,omitempty" maxItems:"10"`
	AtRisk    bool     `json:"at_risk" doc:"Hide the organization from everyone but its members and the people it trusts. Its address (slug) then becomes a random one: read it from the answer."`
}

type apiOrganization struct {
	Slug string `json:"slug"`
	OrganizationBody
	Verification string     `json:"verification" enum:"unverified,pending,verified,rejected"`
	VerifiedAt   *time.Time `json:"verified_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

func (s *organizations) toAPIOrganization(a *civhub.Actor, o *civhub.Organization) apiOrganization {
	out := apiOrganization{Slug: o.Slug, Verification: o.Verification, VerifiedAt: o.VerifiedAt, CreatedAt: o.CreatedAt,
		OrganizationBody: OrganizationBody{Name: o.Name, Mission: o.Mission, Type: o.Type, Country: o.Country, City: o.City, TimeZone: o.TimeZone,
			Causes: o.Causes, Size: o.Size, Languages: o.Languages, Website: o.Website, Links: o.Links, AtRisk: o.AtRisk}}
	if !a.CanSeeCity(o) {
		out.City = ""
	}
	return out
}

func fromOrganizationBody(b OrganizationBody, o *civhub.Organization) {
	o.Name, o.Mission, o.Type, o.Country, o.City, o.TimeZone = b.Name, b.Mission, b.Type, b.Country, b.City, b.TimeZone
	o.Causes, o.Size, o.Languages, o.Website, o.Links, o.AtRisk = b.Causes, b.Size, b.Languages, b.Website, b.Links, b.AtRisk
}

// OrganizationOutput is one organization.
type OrganizationOutput struct {
	Body apiOrganization
}

// OrganizationsInput filters the list of organizations.
type OrganizationsInput struct {
	Country string `query:"country" doc:"ISO 3166-1 alpha-2 code."`
	Type    string `query:"type"`
	After   string `query:"after" doc:"Keyset: the name of the last organization of the previous page."`
	Limit   int    `query:"limit" minimum:"1" maximum:"100" default:"50"`
}

// OrganizationsOutput is a page of organizations, by name.
type OrganizationsOutput struct {
	Body struct {
		Organizations []apiOrganization `json:"organizations"`
		Next          string            `json:"next,omitempty" doc:"Pass as after= for the next page; absent on the last page."`
	}
}

// CreateOrganizationInput adds an organization.
type CreateOrganizationInput struct {
	Body struct {
		Slug string `json:"slug" doc:"Its web address: lower-case letters, digits and dashes. It cannot change later."`
		OrganizationBody
	}
}

// SlugInput names an organization.
type SlugInput struct {
	Slug string `path:"slug"`
}

// UpdateOrganizationInput replaces an organization's editable fields.
type UpdateOrganizationInput struct {
	Slug string `path:"slug"`
	Body OrganizationBody
}

// MembersOutput lists an organization's members.
type MembersOutput struct {
	Body []apiMember
}

type apiMember struct {
	PersonID    int64     `json:"person_id"`
	DisplayName string    `json:"display_name"`
	Role        string    `json:"role" enum:"owner,admin,member"`
	Since       time.Time `json:"since"`
}

func (s *organizations) registerOrganizationAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "list-organizations", Method: http.MethodGet, Path: "/v1/orgs", Summary: "List organizations",
		Description: "Organizations in at-risk mode are never listed.", Tags: []string{"Organizations"},
	}, s.apiOrganizations)
	huma.Register(api, huma.Operation{
		OperationID: "create-organization", Method: http.MethodPost, Path: "/v1/orgs", DefaultStatus: http.StatusCreated,
		Summary: "Add an organization", Description: "The caller becomes its owner. Needs a confirmed email address.",
		Tags: []string{"Organizations"}, Security: bearer,
	}, s.apiCreateOrganization)
	huma.Register(api, huma.Operation{
		OperationID: "get-organization", Method: http.MethodGet, Path: "/v1/orgs/{slug}", Summary: "One organization",
		Description: "An at-risk organization answers 404 to everyone but its members, the people it trusts and moderators.",
		Tags:        []string{"Organizations"},
	}, s.apiOrganization)
	huma.Register(api, huma.Operation{
		OperationID: "update-organization", Method: http.MethodPut, Path: "/v1/orgs/{slug}", Summary: "Edit an organization",
		Description: "For its owners and admins.", Tags: []string{"Organizations"}, Security: bearer,
	}, s.apiUpdateOrganization)
	huma.Register(api, huma.Operation{
		OperationID: "list-members", Method: http.MethodGet, Path: "/v1/orgs/{slug}/members", Summary: "An organization's members",
		Description: "The members of an at-risk organization are visible to its members alone.",
		Tags:        []string{"Organizations"}, Security: bearer,
	}, s.apiMembers)
}

func (s *organizations) apiOrganizations(ctx context.Context, in *OrganizationsInput) (*OrganizationsOutput, error) {
	list, err := s.orgs.FindOrganizations(ctx, civhub.OrganizationFilter{Country: in.Country, Type: in.Type, After: in.After, Limit: in.Limit + 1})
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &OrganizationsOutput{}
	out.Body.Organizations = []apiOrganization{}
	if len(list) > in.Limit {
		list = list[:in.Limit]
		out.Body.Next = list[len(list)-1].Name
	}
	a := callerOf(ctx).actor
	for _, o := range list {
		out.Body.Organizations = append(out.Body.Organizations, s.toAPIOrganization(a, o))
	}
	return out, nil
}

// visibleOrganization returns the organization slug if the caller may see it, else a 404.
func (s *kit) visibleOrganization(ctx context.Context, slug string) (*civhub.Organization, error) {
	o, err := s.loadOrganization(ctx, callerOf(ctx).actor, slug)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return o, nil
}

func (s *organizations) apiOrganization(ctx context.Context, in *SlugInput) (*OrganizationOutput, error) {
	o, err := s.visibleOrganization(ctx, in.Slug)
	if err != nil {
		return nil, err
	}
	return &OrganizationOutput{Body: s.toAPIOrganization(callerOf(ctx).actor, o)}, nil
}

func (s *organizations) apiCreateOrganization(ctx context.Context, in *CreateOrganizationInput) (*OrganizationOutput, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	if !a.CanCreateOrganization() {
		return nil, s.apiError(ctx, civhub.ErrEmailUnconfirmed)
	}
	o := &civhub.Organization{Slug: in.Body.Slug}
	fromOrganizationBody(in.Body.OrganizationBody, o)
	if err := s.orgs.CreateOrganization(ctx, o, a.ID()); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &OrganizationOutput{Body: s.toAPIOrganization(civhub.NewActor(a.Person, []civhub.Membership{{OrganizationID: o.ID, Role: civhub.MemberOwner}}, nil), o)}, nil
}

// orgFor returns the caller and organization slug when check allows the caller on it: 401 without
// a token, 404 for an organization they may not see, 403 when check refuses.
func (s *kit) orgFor(ctx context.Context, slug string, check func(*civhub.Actor, *civhub.Organization) bool) (*civhub.Actor, *civhub.Organization, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, nil, err
	}
	o, err := s.visibleOrganization(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	if !check(a, o) {
		return nil, nil, s.apiError(ctx, errNotAllowed)
	}
	return a, o, nil
}

func (s *organizations) apiUpdateOrganization(ctx context.Context, in *UpdateOrganizationInput) (*OrganizationOutput, error) {
	a, o, err := s.orgFor(ctx, in.Slug, (*civhub.Actor).CanEditOrganization)
	if err != nil {
		return nil, err
	}
	fromOrganizationBody(in.Body, o)
	if err := s.orgs.UpdateOrganization(ctx, o, a.ID()); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &OrganizationOutput{Body: s.toAPIOrganization(a, o)}, nil
}

func (s *organizations) apiMembers(ctx context.Context, in *SlugInput) (*MembersOutput, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.visibleOrganization(ctx, in.Slug)
	if err != nil {
		return nil, err
	}
	if !a.CanSeeMembers(o) {
		return nil, s.apiError(ctx, civhub.ErrNotAllowed)
	}
	members, err := s.orgs.Members(ctx, o.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &MembersOutput{Body: []apiMember{}}
	for _, m := range members {
		out.Body = append(out.Body, apiMember{PersonID: m.PersonID, DisplayName: m.DisplayName, Role: m.Role, Since: m.Since})
	}
	return out, nil
}
