package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// ProfileBody is a volunteer profile in the API.
type ProfileBody struct {
	Skills       []string                     `json:"skills" maxItems:"30" doc:"Skill IDs of the taxonomy."`
	Languages    []civhub.LanguageSkill       `json:"languages" maxItems:"50"`
	TimeZone     string                       `json:"time_zone" doc:"IANA time zone, such as Africa/Casablanca."`
	HoursPerWeek int                          `json:"hours_per_week" minimum:"0" maximum:"60"`
	Causes       []string                     `json:"causes" maxItems:"17" doc:"Cause IDs: sdg1 … sdg17."`
	Country      string                       `json:"country" doc:"ISO 3166-1 alpha-2 code, or empty."`
	City         string                       `json:"city" maxLength:"80"`
	Bio          string                       `json:"bio" maxLength:"1000"`
	Links        []string                     `json:"links" maxItems:"5"`
	Visibility   map[string]civhub.Visibility `json:"visibility" doc:"Who may see each part (skills, languages, availability, causes, location, about, record: confirmed hours, approved tasks and endorsements): public, members (signed in), partners (members of the organizations you belong to) or private (you alone)."`
}

// ProfileOutput is a profile; parts the caller may not see are left out.
type ProfileOutput struct {
	Body ProfileBody
}

// ProfileInput replaces the caller's profile.
type ProfileInput struct {
	Body ProfileBody
}

// registerProfileAPI registers the operations on volunteer profiles.
func (s *account) registerProfileAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "get-my-profile", Method: http.MethodGet, Path: "/v1/me/profile", Summary: "Your volunteer profile",
		Tags: []string{"Profiles"}, Security: bearer,
	}, s.apiMyProfile)
	huma.Register(api, huma.Operation{
		OperationID: "put-my-profile", Method: http.MethodPut, Path: "/v1/me/profile", Summary: "Replace your volunteer profile",
		Tags: []string{"Profiles"}, Security: bearer,
	}, s.apiSaveProfile)
	huma.Register(api, huma.Operation{
		OperationID: "get-profile", Method: http.MethodGet, Path: "/v1/people/{id}/profile", Summary: "A volunteer's profile",
		Description: "Only the parts the caller may see: public ones to anyone, others to signed-in callers or partners.",
		Tags:        []string{"Profiles"},
	}, s.apiProfile)
}

func (s *account) apiMyProfile(ctx context.Context, _ *struct{}) (*ProfileOutput, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.profiles.FindProfile(ctx, a.ID())
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &ProfileOutput{Body: toProfileBody(p, func(string) bool { return true })}, nil
}

func (s *account) apiSaveProfile(ctx context.Context, in *ProfileInput) (*ProfileOutput, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	p := &civhub.Profile{PersonID: a.ID(), Skills: b.Skills, Languages: b.Languages, TimeZone: b.TimeZone,
		HoursPerWeek: b.HoursPerWeek, Causes: b.Causes, Country: b.Country, City: b.City, Bio: b.Bio, Links: b.Links,
		Visibility: b.Visibility}
	if err := s.profiles.SaveProfile(ctx, p); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return s.apiMyProfile(ctx, nil)
}

func (s *account) apiProfile(ctx context.Context, in *PersonIDInput) (*ProfileOutput, error) {
	person, err := s.people.FindPersonByID(ctx, in.ID)
	if err != nil || person.DisabledAt != nil {
		return nil, s.apiError(ctx, civhub.E(civhub.ENOTFOUND, "err.person_not_found", "No such person."))
	}
	p, err := s.profiles.FindProfile(ctx, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	a := callerOf(ctx).actor
	partner := false
	if a.SignedIn() && a.ID() != in.ID {
		if partner, err = s.profiles.SharesOrganization(ctx, a.ID(), in.ID); err != nil {
			return nil, s.apiError(ctx, err)
		}
	}
	return &ProfileOutput{Body: toProfileBody(p, func(part string) bool {
		return a.CanSeeProfilePart(in.ID, p.VisibilityOf(part), partner)
	})}, nil
}
