package web

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

type apiRadarMatch struct {
	Resource apiResource `json:"resource"`
	Score    int         `json:"score" doc:"Higher is a better fit; only the order means something."`
	Reasons  []string    `json:"reasons" doc:"Why the organization qualifies, in the language of Accept-Language."`
	Stage    string      `json:"stage,omitempty" doc:"Where the organization's application stands, when it saved the entry."`
}

type apiTracked struct {
	Resource  apiResource `json:"resource"`
	Stage     string      `json:"stage" enum:"saved,preparing,submitted,won,not_won"`
	Notes     string      `json:"notes,omitempty"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// RadarOutput is an organization's radar and application tracker.
type RadarOutput struct {
	Body struct {
		Matches []apiRadarMatch `json:"matches"`
		Tracked []apiTracked    `json:"tracked"`
	}
}

// TrackedIDInput names an opportunity an organization saved.
type TrackedIDInput struct {
	Slug string `path:"slug"`
	ID   int64  `path:"id" doc:"The opportunity."`
}

// TrackInput saves an opportunity for an organization or moves its application on.
type TrackInput struct {
	Slug string `path:"slug"`
	ID   int64  `path:"id" doc:"The opportunity."`
	Body struct {
		Stage string `json:"stage" enum:"saved,preparing,submitted,won,not_won"`
		Notes string `json:"notes,omitempty" maxLength:"5000"`
	}
}

func (s *radar) registerRadarAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "get-radar", Method: http.MethodGet, Path: "/v1/orgs/{slug}/radar", Summary: "An organization's opportunity radar",
		Description: "The open opportunities the organization qualifies for, best first, with why; and the ones it saved, with " +
			"where its applications stand. For its members.",
		Tags: []string{"Resources"}, Security: bearer,
	}, func(ctx context.Context, in *SlugInput) (*RadarOutput, error) {
		a, o, err := s.radarOrg(ctx, in.Slug)
		if err != nil {
			return nil, err
		}
		tracked, err := s.tracker.Tracked(ctx, o.ID)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		matches, err := s.tracker.Radar(ctx, o, 50)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		l := localeOf(ctx).locale
		if l == nil {
			l = s.catalog.Locales()[0]
		}
		out := &RadarOutput{}
		out.Body.Matches, out.Body.Tracked = []apiRadarMatch{}, []apiTracked{}
		stages := map[int64]string{}
		for _, t := range tracked {
			stages[t.Resource.ID] = t.Stage
			out.Body.Tracked = append(out.Body.Tracked, apiTracked{Resource: toAPIResource(a, t.Resource), Stage: t.Stage, Notes: t.Notes, UpdatedAt: t.UpdatedAt})
		}
		for _, m := range matches {
			v := apiRadarMatch{Resource: toAPIResource(a, m.Resource), Score: m.Score, Reasons: []string{}, Stage: stages[m.Resource.ID]}
			for _, r := range m.Reasons {
				v.Reasons = append(v.Reasons, s.radarReason(l, r))
			}
			out.Body.Matches = append(out.Body.Matches, v)
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "track-resource", Method: http.MethodPut, Path: "/v1/orgs/{slug}/tracked/{id}", Summary: "Save an opportunity or move its application on",
		Description: "Sets the stage and notes of the organization's application (both replace what was there). For its members.",
		Tags:        []string{"Resources"}, Security: bearer, DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *TrackInput) (*struct{}, error) {
		a, o, err := s.radarOrg(ctx, in.Slug)
		if err != nil {
			return nil, err
		}
		if _, err := s.directory.visibleResource(ctx, in.ID); err != nil {
			return nil, err
		}
		if err := s.tracker.Track(ctx, o.ID, in.ID, in.Body.Stage, in.Body.Notes, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return nil, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "untrack-resource", Method: http.MethodDelete, Path: "/v1/orgs/{slug}/tracked/{id}", Summary: "Forget a saved opportunity",
		Description: "For the organization's members; 404 when it did not save it.", Tags: []string{"Resources"}, Security: bearer,
		DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *TrackedIDInput) (*struct{}, error) {
		a, o, err := s.radarOrg(ctx, in.Slug)
		if err != nil {
			return nil, err
		}
		if err := s.tracker.Untrack(ctx, o.ID, in.ID, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return nil, nil
	})
}

// radarOrg returns the caller and organization slug when the caller belongs to it.
func (s *radar) radarOrg(ctx context.Context, slug string) (*civhub.Actor, *civhub.Organization, error) {
	return s.orgFor(ctx, slug, (*civhub.Actor).CanUseRadar)
}
