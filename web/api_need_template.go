package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// NeedTemplatesOutput lists the ready examples of needs.
type NeedTemplatesOutput struct {
	Body struct {
		Templates []apiNeedTemplate `json:"templates"`
	}
}

type apiNeedTemplate struct {
	ID          string            `json:"id" doc:"Stable; the page /orgs/{slug}/needs/new?template={id} opens the need form filled from it."`
	Title       string            `json:"title"`
	Summary     string            `json:"summary" doc:"One line saying what volunteers would do."`
	Description string            `json:"description" doc:"The need in the organization's words, to adjust."`
	Tasks       []apiTaskTemplate `json:"tasks"`
}

type apiTaskTemplate struct {
	Title            string   `json:"title"`
	Description      string   `json:"description"`
	Type             string   `json:"type"`
	Skills           []string `json:"skills"`
	EstimatedHours   int      `json:"estimated_hours"`
	VolunteersWanted int      `json:"volunteers_wanted"`
	JoinMode         string   `json:"join_mode" enum:"claim,apply"`
}

// registerNeedTemplateAPI registers the list of need templates, in the caller's language.
func (s *posting) registerNeedTemplateAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "list-need-templates", Method: http.MethodGet, Path: "/v1/need-templates",
		Summary:     "Ready examples of needs",
		Description: "Starting points for a need and its tasks, in the language of Accept-Language. Post the need, then its tasks, with what you keep. No authentication.",
		Tags:        []string{"Needs"},
	}, func(ctx context.Context, _ *struct{}) (*NeedTemplatesOutput, error) {
		l := localeOf(ctx).locale
		if l == nil {
			l = s.catalog.Locale("en")
		}
		out := &NeedTemplatesOutput{}
		out.Body.Templates = []apiNeedTemplate{}
		for _, tpl := range civhub.NeedTemplates {
			t := apiNeedTemplate{ID: tpl.ID, Title: l.T(tpl.Title), Summary: l.T(tpl.Summary), Description: l.T(tpl.Description)}
			for _, tt := range tpl.Tasks {
				t.Tasks = append(t.Tasks, apiTaskTemplate{Title: l.T(tt.Title), Description: l.T(tt.Description), Type: tt.Type,
					Skills: tt.Skills, EstimatedHours: tt.EstimatedHours, VolunteersWanted: tt.VolunteersWanted, JoinMode: tt.JoinMode})
			}
			out.Body.Templates = append(out.Body.Templates, t)
		}
		return out, nil
	})
}
