package web

import (
	"net/http"

	"civhub"
)

// maxImportBytes bounds an imported CSV file.
const maxImportBytes = 5 << 20

// importPage imports entries from a CSV file, and lists every problem of a refused file.
type importPage struct {
	authPage
	SampleURL string
	Problems  []importProblem
}

type importProblem struct {
	Row     int64
	Column  string
	Message string
}

func (s *directory) importPageFor(r *http.Request) *importPage {
	p := &importPage{authPage: *s.authPage(r, "resource.import.title"), SampleURL: s.static.URL("resources-sample.csv")}
	p.Nav = "admin"
	return p
}

func (s *directory) importForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "resource_import", s.importPageFor(r))
}

func (s *directory) importResources(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	if err := s.parseMultipartForm(w, r, maxImportBytes); err != nil {
		return err
	}
	p := s.importPageFor(r)
	file, _, err := r.FormFile("file")
	if err != nil {
		p.Form.Problem = "resource.import.no_file"
		return s.render(w, r, http.StatusBadRequest, "resource_import", p)
	}
	defer file.Close()
	list, problems := civhub.ParseResourceCSV(file, s.validCause)
	if len(problems) > 0 {
		l := requestInfoOf(r).locale
		for _, pr := range problems {
			p.Problems = append(p.Problems, importProblem{Row: int64(pr.Row), Column: pr.Column, Message: l.T(pr.Key)})
		}
		p.Form.Problem = "resource.import.refused"
		return s.render(w, r, http.StatusUnprocessableEntity, "resource_import", p)
	}
	if err := s.resources.ImportResources(r.Context(), list, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/admin/resources", "resource.import.done")
}

// exportResources serves a directory search as CSV, in the columns the import reads.
func (s *directory) exportResources(w http.ResponseWriter, r *http.Request) error {
	f := readResourceFilter(r.URL.Query())
	f.Limit, f.After = 200, ""
	var all []*civhub.Resource
	for len(all) < civhub.MaxImportRows {
		page, err := s.resources.SearchResources(r.Context(), f)
		if err != nil {
			return err
		}
		all = append(all, page.Resources...)
		if f.After = page.Next; f.After == "" {
			break
		}
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="civhub-opportunities.csv"`)
	return civhub.WriteResourceCSV(w, all)
}
