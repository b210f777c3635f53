package web

// An organization asks to be verified; moderators decide, with the evidence it gave.

import (
	"net/http"
	"strconv"
	"strings"

	"civhub"
	"civhub/upload"
)

func (s *organizations) verificationForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanEditOrganization)
	if err != nil {
		return err
	}
	p, err := s.verificationPage(r, o)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "verification", p)
}

func (s *organizations) verificationPage(r *http.Request, o *civhub.Organization) (*verificationPage, error) {
	p := &verificationPage{authPage: *s.authPage(r, "org.verification.title"), Org: o, CanAsk: actorOf(r).CanRequestVerification(o)}
	latest, err := s.verifications.LatestVerification(r.Context(), o.ID)
	if err != nil && civhub.ErrorCode(err) != civhub.ENOTFOUND {
		return nil, err
	}
	p.Latest = latest
	return p, nil
}

func (s *organizations) requestVerification(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanRequestVerification)
	if err != nil {
		return err
	}
	if err := s.parseMultipartForm(w, r, upload.MaxDocumentBytes); err != nil {
		return err
	}
	v := &civhub.VerificationRequest{OrganizationID: o.ID, Evidence: r.PostFormValue("evidence"), Links: strings.Fields(r.PostFormValue("links"))}
	if f, h, err := r.FormFile("file"); err == nil {
		data, ct, err := upload.Document(f)
		f.Close()
		if err != nil {
			return s.renderVerificationForm(w, r, o, err)
		}
		v.File = &civhub.EvidenceFile{Name: h.Filename, ContentType: ct, Data: data}
	}
	if err := s.verifications.RequestVerification(r.Context(), v, requestInfoOf(r).viewer.ID); err != nil {
		return s.renderVerificationForm(w, r, o, err)
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug, "org.verification.sent")
}

// renderVerificationForm shows the verification form again with what was typed and err.
func (s *organizations) renderVerificationForm(w http.ResponseWriter, r *http.Request, o *civhub.Organization, err error) error {
	p, perr := s.verificationPage(r, o)
	if perr != nil {
		return perr
	}
	p.Form.Values = formValues(r, "evidence", "links")
	return s.renderForm(w, r, err, "verification", &p.authPage, p)
}

func (s *organizations) verificationQueue(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	p, err := s.verificationQueuePage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "verification_queue", p)
}

func (s *organizations) verificationQueuePage(r *http.Request) (*verificationQueuePage, error) {
	p := &verificationQueuePage{authPage: *s.authPage(r, "admin.verification.title")}
	p.Nav = "admin"
	var err error
	p.Requests, err = s.verifications.PendingVerifications(r.Context(), 100)
	return p, err
}

func (s *organizations) decideVerification(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	approve := r.PostFormValue("decision") == "approve"
	if err := s.verifications.DecideVerification(r.Context(), id, approve, r.PostFormValue("reason"), requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.verificationQueuePage(r)
		if perr != nil {
			return perr
		}
		return s.renderForm(w, r, err, "verification_queue", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/admin/verification", "admin.verification.decided")
}

// waitingNotice tells the members of an organization that is not verified yet why volunteers do not
// see its needs and tasks, and what to do about it. Needs and tasks pages show it.
type waitingNotice struct {
	Org *civhub.Organization
	// Manages is set when the viewer may open the organization's verification page: to ask, to
	// follow the request, or to read why it was refused and ask again.
	Manages bool
}

// waitingFor returns the notice for actor a on a need or task of o, or nil when volunteers see them
// already or a is not one of o's members (a moderator has nothing to do about it).
func waitingFor(a *civhub.Actor, o *civhub.Organization) *waitingNotice {
	if !o.HidesNeeds() || a.RoleIn(o.ID) == "" {
		return nil
	}
	return &waitingNotice{Org: o, Manages: a.CanEditOrganization(o)}
}
