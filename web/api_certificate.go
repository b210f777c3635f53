package web

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// CertificateBody is a certificate in the API: the figures as they stood on the day it was issued.
type CertificateBody struct {
	Code          string     `json:"code" doc:"As printed on the certificate: four groups of four letters and digits."`
	CheckPath     string     `json:"check_path" doc:"The page on this server where anyone can check the certificate."`
	Name          string     `json:"name" doc:"The volunteer's name on the day it was issued."`
	Minutes       int        `json:"minutes" doc:"Hours the organizations confirmed, in minutes."`
	Tasks         int        `json:"tasks" doc:"Tasks whose work the organizations approved."`
	Organizations int        `json:"organizations" doc:"Organizations the volunteer worked for."`
	IssuedAt      time.Time  `json:"issued_at"`
	WithdrawnAt   *time.Time `json:"withdrawn_at" doc:"Set, in your own list, when you withdrew it: it no longer certifies anything."`
}

// CertificateOutput is one certificate.
type CertificateOutput struct {
	Body CertificateBody
}

// CertificatesOutput lists the caller's certificates, newest first.
type CertificatesOutput struct {
	Body []CertificateBody
}

// CertificateCodeInput names a certificate by its code, with or without the dashes.
type CertificateCodeInput struct {
	Code string `path:"code" maxLength:"40"`
}

// registerCertificateAPI registers checking a certificate and the caller's own certificates.
func (s *work) registerCertificateAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "check-certificate", Method: http.MethodGet, Path: "/v1/certificates/{code}", Summary: "Check a certificate",
		Description: "For anyone holding a certificate's code: the name and figures it certifies. 404 when no certificate has the code, 410 when its volunteer withdrew it.",
		Tags:        []string{"Certificates"},
	}, s.apiCheckCertificate)
	huma.Register(api, huma.Operation{
		OperationID: "list-my-certificates", Method: http.MethodGet, Path: "/v1/me/certificates", Summary: "Your certificates",
		Tags: []string{"Certificates"}, Security: bearer,
	}, s.apiMyCertificates)
	huma.Register(api, huma.Operation{
		OperationID: "issue-my-certificate", Method: http.MethodPost, Path: "/v1/me/certificates", Summary: "A certificate of your record as it stands",
		Description: "Gives the certificate an address anyone can check. While your record does not change, asking again gives the same certificate. 409 until an organization confirmed hours or approved work of yours.",
		Tags:        []string{"Certificates"}, Security: bearer,
	}, s.apiIssueCertificate)
	huma.Register(api, huma.Operation{
		OperationID: "withdraw-my-certificate", Method: http.MethodPost, Path: "/v1/me/certificates/{code}/withdraw",
		DefaultStatus: http.StatusNoContent, Summary: "Withdraw one of your certificates",
		Description: "Whoever checks it afterwards is told it was withdrawn.",
		Tags:        []string{"Certificates"}, Security: bearer,
	}, s.apiWithdrawCertificate)
}

// certificateBody is c as the API gives it.
func certificateBody(c *civhub.Certificate) CertificateBody {
	code := civhub.FormatCertificateCode(c.Code)
	return CertificateBody{Code: code, CheckPath: "/certificates/" + code, Name: c.Name, Minutes: c.Minutes,
		Tasks: c.Tasks, Organizations: c.Organizations, IssuedAt: c.IssuedAt, WithdrawnAt: c.WithdrawnAt}
}

func (s *work) apiCheckCertificate(ctx context.Context, in *CertificateCodeInput) (*CertificateOutput, error) {
	c, err := s.hours.FindCertificate(ctx, in.Code)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	if c.WithdrawnAt != nil {
		// As on the page: the day it was withdrawn, and no longer whose it was.
		info := localeOf(ctx)
		p := newProblem(info, http.StatusGone, civhub.ECONFLICT)
		p.Detail = info.locale.T("certificate.check.withdrawn", map[string]any{"Date": info.locale.Date(*c.WithdrawnAt)})
		return nil, p
	}
	return &CertificateOutput{Body: certificateBody(c)}, nil
}

func (s *work) apiMyCertificates(ctx context.Context, _ *struct{}) (*CertificatesOutput, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.hours.Certificates(ctx, a.ID())
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &CertificatesOutput{Body: make([]CertificateBody, len(list))}
	for i, c := range list {
		out.Body[i] = certificateBody(c)
	}
	return out, nil
}

func (s *work) apiIssueCertificate(ctx context.Context, _ *struct{}) (*CertificateOutput, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.hours.IssueCertificate(ctx, a.ID())
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &CertificateOutput{Body: certificateBody(c)}, nil
}

func (s *work) apiWithdrawCertificate(ctx context.Context, in *CertificateCodeInput) (*struct{}, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.hours.WithdrawCertificate(ctx, a.ID(), in.Code); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return nil, nil
}
