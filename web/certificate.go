package web

import (
	"net/http"

	"civhub"
)

// certificatePage is a printable record of a volunteer's confirmed work, with the address where
// anyone can check it once the volunteer asked for one.
type certificatePage struct {
	authPage
	Person       *civhub.Person
	Contribution *civhub.Contribution
	Hours        string // confirmed hours, formatted
	Skills       map[string]string
	Current      *civhub.Certificate   // the address of these very figures, if the volunteer made one
	CheckURL     string                // Current's address, absolute, to print
	Addresses    []*civhub.Certificate // every address made, newest first, to withdraw
}

// CheckPath is the address where anyone checks c.
func (p *certificatePage) CheckPath(c *civhub.Certificate) string {
	return "/certificates/" + civhub.FormatCertificateCode(c.Code)
}

// HoursOf says a certificate's confirmed time in the viewer's language.
func (p *certificatePage) HoursOf(c *civhub.Certificate) string {
	return p.L.T("hours.amount", map[string]any{"H": c.Minutes / 60, "M": c.Minutes % 60})
}

func (s *work) certificatePage(r *http.Request, v *civhub.Person) (*certificatePage, error) {
	c, err := s.hours.Contribution(r.Context(), v.ID)
	if err != nil {
		return nil, err
	}
	l := requestInfoOf(r).locale
	p := &certificatePage{authPage: *s.authPage(r, "certificate.title"), Person: v, Contribution: c, Skills: map[string]string{},
		Hours: l.Hours(c.ConfirmedMinutes)}
	p.Nav = "me"
	for _, e := range c.Endorsements {
		if sk, ok := s.taxonomy.Skill(e.SkillID); ok {
			p.Skills[e.SkillID] = sk.Name.In(l.Code)
		}
	}
	if p.Addresses, err = s.hours.Certificates(r.Context(), v.ID); err != nil {
		return nil, err
	}
	for _, a := range p.Addresses {
		if a.Matches(c) {
			p.Current, p.CheckURL = a, s.absoluteURL(s.baseURL, r, p.CheckPath(a))
			break
		}
	}
	return p, nil
}

func (s *work) certificate(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p, err := s.certificatePage(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "certificate", p)
}

// issueCertificate makes the address where anyone can check the viewer's certificate as it stands.
func (s *work) issueCertificate(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.hours.IssueCertificate(r.Context(), v.ID); err != nil {
		p, perr := s.certificatePage(r, v)
		if perr != nil {
			return perr
		}
		return s.renderForm(w, r, err, "certificate", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/me/certificate", "certificate.address.made")
}

// withdrawCertificate withdraws one of the viewer's addresses: it then says the certificate was
// withdrawn, to whoever opens it.
func (s *work) withdrawCertificate(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if err := s.hours.WithdrawCertificate(r.Context(), v.ID, r.PathValue("code")); err != nil {
		if civhub.ErrorCode(err) == civhub.ENOTFOUND {
			return err
		}
		p, perr := s.certificatePage(r, v)
		if perr != nil {
			return perr
		}
		return s.renderForm(w, r, err, "certificate", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/me/certificate", "certificate.address.withdrawn")
}

// certificateCheckPage tells whoever opens a certificate's address whether it is genuine: the name,
// the figures and the day it was issued, as the certificate shows them, and nothing more.
type certificateCheckPage struct {
	Page
	Certificate *civhub.Certificate // nil when no certificate has the code
	Code        string              // grouped, as printed
	Hours       string
}

// checkCertificate is the public page of a certificate's address. An unknown code is 404, a
// withdrawn certificate 410, each with a page that says so.
func (s *work) checkCertificate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.hours.FindCertificate(r.Context(), r.PathValue("code"))
	l := requestInfoOf(r).locale
	p := &certificateCheckPage{Page: s.page(r, l.T("certificate.check.title"))}
	// The page names a person: search engines need not keep it.
	w.Header().Set("X-Robots-Tag", "noindex")
	switch {
	case civhub.ErrorCode(err) == civhub.ENOTFOUND:
		// Whoever typed the code from paper is told what to check, which the generic "not found"
		// page does not say.
		return s.render(w, r, http.StatusNotFound, "certificate_check", p)
	case err != nil:
		return err
	}
	p.Certificate, p.Code, p.Hours = c, civhub.FormatCertificateCode(c.Code), l.Hours(c.Minutes)
	status := http.StatusOK
	if c.WithdrawnAt != nil {
		status = http.StatusGone
	}
	return s.render(w, r, status, "certificate_check", p)
}
