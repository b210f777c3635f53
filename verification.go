package civhub

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Verification request statuses.
const (
	RequestPending  = "pending"
	RequestApproved = "approved"
	RequestRejected = "rejected"
)

// VerificationRequest is an organization's request to be verified, with the evidence moderators
// weigh and, once decided, their decision and its reason (which the organization sees).
type VerificationRequest struct {
	ID             int64
	OrganizationID int64
	OrgName        string
	OrgSlug        string
	RequestedBy    int64
	Evidence       string   // in the organization's words: registration, who vouches for it, what it has done
	Links          []string // where its work can be seen
	Status         string
	Reason         string
	File           *EvidenceFile // an optional document; its data is only read when downloaded
	DecidedBy      int64
	DecidedAt      *time.Time
	CreatedAt      time.Time
}

// EvidenceFile is a document attached to a verification request.
type EvidenceFile struct {
	Name        string
	ContentType string
	Data        []byte `json:"-"`
}

// Validate checks the evidence and links.
func (v *VerificationRequest) Validate() error {
	v.Evidence = strings.TrimSpace(v.Evidence)
	var errs []error
	if n := utf8.RuneCountInString(v.Evidence); n < 20 || n > 4000 {
		errs = append(errs, FieldError("evidence", "err.evidence_length", "Describe your organization in 20 to 4,000 characters."))
	}
	for _, l := range v.Links {
		if !IsWebURL(l) {
			errs = append(errs, FieldError("links", "err.url_invalid", "Enter a web address starting with https:// or http://."))
			break
		}
	}
	if len(v.Links) > 10 {
		errs = append(errs, FieldError("links", "err.links_too_many", "Give at most 10 links."))
	}
	if v.File != nil && (!ValidText(v.File.Name) || utf8.RuneCountInString(v.File.Name) > 200) {
		// The name is the uploader's to choose; keep what can be stored and shown.
		v.File.Name = "evidence"
	}
	return MergeFieldErrors(errs...)
}

// VerificationService handles organizations' verification: they ask, moderators decide.
type VerificationService interface {
	// RequestVerification files v (OrganizationID, Evidence, Links) by person by and marks the
	// organization pending. Errors: EINVALID, ECONFLICT when it is verified or pending already.
	RequestVerification(ctx context.Context, v *VerificationRequest, by int64) error
	// LatestVerification returns the organization's newest request. Errors: ENOTFOUND.
	LatestVerification(ctx context.Context, org int64) (*VerificationRequest, error)
	// PendingVerifications lists requests waiting for a decision, oldest first.
	PendingVerifications(ctx context.Context, limit int) ([]*VerificationRequest, error)
	// VerificationFile returns the document attached to request id. Errors: ENOTFOUND.
	VerificationFile(ctx context.Context, id int64) (*EvidenceFile, error)
	// DecideVerification approves or rejects request id and mails the organization's owners.
	// Errors: EINVALID when a rejection has no reason, ENOTFOUND, ECONFLICT when decided already.
	DecideVerification(ctx context.Context, id int64, approve bool, reason string, by int64) error
}
