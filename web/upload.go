package web

import (
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"civhub"
	"civhub/upload"
)

// parseMultipartForm reads a posted form with files, bounded in size, and checks its CSRF token.
func (s *kit) parseMultipartForm(w http.ResponseWriter, r *http.Request, maxBytes int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return civhub.E(civhub.EINVALID, "err.form_too_large", "This form is too large.")
		}
		return civhub.E(civhub.EINVALID, "err.form_unreadable", "This form could not be read.")
	}
	if err := s.checkCSRF(r); err != nil {
		return err
	}
	return checkValues(r.MultipartForm.Value)
}

func (s *organizations) setLogo(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanEditOrganization)
	if err != nil {
		return err
	}
	if err := s.parseMultipartForm(w, r, upload.MaxImageBytes); err != nil {
		return err
	}
	var png []byte
	if r.PostFormValue("remove") == "" {
		f, _, err := r.FormFile("logo")
		if err != nil {
			return s.renderOrgForm(w, r, o, civhub.FieldError("logo", "err.image_invalid", "Upload a PNG, JPEG or GIF image of at most 2 MB."))
		}
		defer f.Close()
		if png, err = upload.Image(f, 256); err != nil {
			return s.renderOrgForm(w, r, o, err)
		}
	}
	if err := s.orgs.SetLogo(r.Context(), o.ID, png, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	if png == nil {
		return s.redirectWith(w, r, "/orgs/"+o.Slug+"/edit", "org.logo.removed")
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug+"/edit", "org.logo.saved")
}

// renderOrgForm shows the organization's edit form again with a problem.
func (s *organizations) renderOrgForm(w http.ResponseWriter, r *http.Request, o *civhub.Organization, err error) error {
	p := s.orgForm(r, o, false)
	return s.renderForm(w, r, err, "org_form", &p.authPage, p)
}

func (s *organizations) logo(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if o.LogoUpdatedAt == nil {
		return errNoFile
	}
	etag := `"` + strconv.FormatInt(o.LogoUpdatedAt.UnixNano(), 36) + `"`
	if o.AtRisk {
		w.Header().Set("Cache-Control", "private, max-age=86400")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=86400")
	}
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	data, err := s.orgs.Logo(r.Context(), o.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, err = w.Write(data)
	return err
}

// evidenceFile sends the document attached to a verification request, to moderators and the
// organization's managers only, always as a download.
func (s *organizations) evidenceFile(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, func(a *civhub.Actor, o *civhub.Organization) bool {
		return a.CanModerate() || a.CanEditOrganization(o)
	})
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	latest, err := s.verifications.LatestVerification(r.Context(), o.ID)
	if err != nil {
		return err
	}
	// Only this organization's newest request: an ID of another organization's request finds nothing.
	if latest.ID != id || latest.File == nil {
		return errNoFile
	}
	f, err := s.verifications.VerificationFile(r.Context(), id)
	if err != nil {
		return err
	}
	name := strings.Map(func(c rune) rune {
		if c < 0x20 || c == '"' || c == '\\' || c == '/' {
			return '_'
		}
		return c
	}, filepath.Base(f.Name))
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(f.Data)
	return err
}
