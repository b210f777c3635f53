package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// ResourceService implements civhub.ResourceService.
type ResourceService struct {
	db         *DB
	validCause func(string) bool
	notes      *NotificationService
}

// NewResourceService returns a ResourceService on db that accepts the causes validCause knows and
// tells submitters what moderators decided through notes.
func NewResourceService(db *DB, validCause func(string) bool, notes *NotificationService) *ResourceService {
	return &ResourceService{db: db, validCause: validCause, notes: notes}
}

var _ civhub.ResourceService = (*ResourceService)(nil)

const resourceColumns = `r.id, r.kind, r.title, r.provider, r.description, r.amount_min, r.amount_max, r.currency, r.deadline,
	r.countries, r.org_types, r.causes, r.sizes, r.languages, r.url, r.tags, r.status, r.reason, COALESCE(r.submitted_by, 0),
	COALESCE(p.display_name, ''), (SELECT COUNT(*) FROM resource_reports x WHERE x.resource_id = r.id), r.created_at,
	r.updated_at, r.published_at`

const resourceJoins = ` FROM resources r LEFT JOIN people p ON p.id = r.submitted_by`

func scanResource(row scanner) (*civhub.Resource, error) {
	r := &civhub.Resource{}
	var countries, types, causes, sizes, languages, tags list
	var deadline, published sql.NullTime
	if err := row.Scan(&r.ID, &r.Kind, &r.Title, &r.Provider, &r.Description, &r.AmountMin, &r.AmountMax, &r.Currency, &deadline,
		&countries, &types, &causes, &sizes, &languages, &r.URL, &tags, &r.Status, &r.Reason, &r.SubmittedBy, &r.Submitter,
		&r.Outdated, &r.CreatedAt, &r.UpdatedAt, &published); err != nil {
		return nil, err
	}
	r.Deadline, r.PublishedAt = timePtr(deadline), timePtr(published)
	r.Countries, r.OrgTypes, r.Causes = []string(countries), []string(types), []string(causes)
	r.Sizes, r.Languages = []string(sizes), []string(languages)
	if len(tags) > 0 {
		r.Tags = tags
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

// directoryLimit bounds how much one person adds to the directory in a day: entries, suggested
// changes and outdated reports together (moderators' imports do not count).
var directoryLimit = newLimit("directory", 50, 24*time.Hour)

// searchText is what a text search looks in: the resource's words, lower-cased.
func searchText(r *civhub.Resource) string {
	return strings.ToLower(strings.Join([]string{r.Title, r.Provider, r.Description, strings.Join(r.Tags, " ")}, " "))
}

// SubmitResource implements civhub.ResourceService.
func (s *ResourceService) SubmitResource(ctx context.Context, r *civhub.Resource, by int64) error {
	if err := r.Validate(s.validCause); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := hit(ctx, tx, directoryLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		r.Status, r.Reason, r.SubmittedBy, r.CreatedAt, r.UpdatedAt = civhub.ResourcePending, "", by, tx.Now(), tx.Now()
		return insertResource(ctx, tx, r)
	})
}

func insertResource(ctx context.Context, tx *Tx, r *civhub.Resource) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO resources (kind, title, provider, description, amount_min, amount_max, currency,
		deadline, countries, org_types, causes, sizes, languages, url, tags, search, status, reason, submitted_by, created_at,
		updated_at, published_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id`,
		r.Kind, r.Title, r.Provider, r.Description, r.AmountMin, r.AmountMax, r.Currency, utcPtr(r.Deadline),
		list(r.Countries), list(r.OrgTypes), list(r.Causes), list(r.Sizes),
		list(r.Languages), r.URL, list(r.Tags), searchText(r), r.Status, r.Reason, nullID(r.SubmittedBy),
		r.CreatedAt, r.UpdatedAt, utcPtr(r.PublishedAt)).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert resource: %w", err)
	}
	return nil
}

// UpdateResource implements civhub.ResourceService. An entry sent back to its submitter goes to
// the moderators again once it is changed.
func (s *ResourceService) UpdateResource(ctx context.Context, r *civhub.Resource, by int64) error {
	if err := r.Validate(s.validCause); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error { return updateResource(ctx, tx, r, by) })
}

// updateResource saves r's fields in tx; an entry sent back goes to the moderators again.
func updateResource(ctx context.Context, tx *Tx, r *civhub.Resource, by int64) error {
	old, err := findResource(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	r.Status, r.Reason = old.Status, old.Reason
	if old.Status == civhub.ResourceReturned {
		r.Status, r.Reason = civhub.ResourcePending, ""
	}
	r.UpdatedAt = tx.Now()
	_, err = tx.ExecContext(ctx, `UPDATE resources SET kind = $1, title = $2, provider = $3, description = $4, amount_min = $5,
		amount_max = $6, currency = $7, deadline = $8, countries = $9, org_types = $10, causes = $11, sizes = $12, languages = $13,
		url = $14, tags = $15, search = $16, status = $17, reason = $18, updated_at = $19 WHERE id = $20`,
		r.Kind, r.Title, r.Provider, r.Description, r.AmountMin, r.AmountMax, r.Currency, utcPtr(r.Deadline),
		list(r.Countries), list(r.OrgTypes), list(r.Causes), list(r.Sizes),
		list(r.Languages), r.URL, list(r.Tags), searchText(r), r.Status, r.Reason, r.UpdatedAt, r.ID)
	if err != nil {
		return fmt.Errorf("update resource: %w", err)
	}
	return audit(ctx, tx, civhub.AuditEntry{ActorID: by, Action: civhub.AuditResourceUpdated, Detail: resourceDetail("audit.detail.resource", r.ID, "")})
}

// decisionNotes says what a submitter is told of each moderator's decision.
var decisionNotes = map[string]string{
	civhub.DecidePublish: civhub.NoteResourcePublished,
	civhub.DecideReturn:  civhub.NoteResourceReturned,
	civhub.DecideReject:  civhub.NoteResourceRejected,
}

// ReviewResource implements civhub.ResourceService.
func (s *ResourceService) ReviewResource(ctx context.Context, id int64, decision, reason string, by int64) error {
	if _, err := civhub.Decide(civhub.ResourcePending, decision); civhub.ErrorCode(err) == civhub.EINVALID {
		return err
	}
	reason = strings.TrimSpace(reason)
	if (decision == civhub.DecideReturn || decision == civhub.DecideReject) && reason == "" {
		return civhub.FieldError("reason", "err.review_reason_needed", "Say why, so that the person who sent it can fix it.")
	}
	if len([]rune(reason)) > 2000 {
		return civhub.FieldError("reason", "err.reason_long", "Keep the reason under 2,000 characters.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		r, err := findResource(ctx, tx, id)
		if err != nil {
			return err
		}
		to, err := civhub.Decide(r.Status, decision)
		if err != nil {
			return err
		}
		published := any(nil)
		if to == civhub.ResourcePublished {
			published = tx.Now()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE resources SET status = $1, reason = $2, updated_at = $3,
			published_at = COALESCE($4, published_at) WHERE id = $5`, to, reason, tx.Now(), published, id); err != nil {
			return err
		}
		// A decision deals with the reports that the entry is outdated.
		if _, err := tx.ExecContext(ctx, `DELETE FROM resource_reports WHERE resource_id = $1`, id); err != nil {
			return err
		}
		if kind := decisionNotes[decision]; kind != "" && r.SubmittedBy != 0 && r.SubmittedBy != by {
			if err := s.notes.notify(ctx, tx, r.SubmittedBy, note{kind: kind, resource: id, actor: by}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: r.SubmittedBy, Action: civhub.AuditResourceReviewed,
			Detail: resourceDetail("audit.detail.resource_status", id, "resource_status."+to)})
	})
}

var errResourceNotFound = civhub.E(civhub.ENOTFOUND, "err.resource_not_found", "There is no such entry.")

// FindResource implements civhub.ResourceService.
func (s *ResourceService) FindResource(ctx context.Context, id int64) (*civhub.Resource, error) {
	r, err := scanResource(s.db.read.QueryRowContext(ctx, `SELECT `+resourceColumns+resourceJoins+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errResourceNotFound
	}
	return r, err
}

func findResource(ctx context.Context, tx *Tx, id int64) (*civhub.Resource, error) {
	r, err := scanResource(tx.QueryRowContext(ctx, `SELECT `+resourceColumns+resourceJoins+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errResourceNotFound
	}
	return r, err
}

// SearchResources implements civhub.ResourceService: closing soonest first, rolling entries last,
// in keyset pages.
func (s *ResourceService) SearchResources(ctx context.Context, f civhub.ResourceFilter) (*civhub.ResourcePage, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 20
	}
	return s.searchResources(ctx, f)
}

// searchResources is SearchResources with f.Limit as given.
func (s *ResourceService) searchResources(ctx context.Context, f civhub.ResourceFilter) (*civhub.ResourcePage, error) {
	if f.Status == "" {
		f.Status = civhub.ResourcePublished
	}
	var where []string
	var args sqlArgs
	arg := args.add
	where = append(where, "r.status = "+arg(f.Status))
	for _, w := range searchWords(f.Query) {
		where = append(where, "r.search LIKE "+arg("%"+w+"%"))
	}
	if f.Kind != "" {
		where = append(where, "r.kind = "+arg(f.Kind))
	}
	if f.Reported {
		where = append(where, "EXISTS (SELECT 1 FROM resource_reports x WHERE x.resource_id = r.id)")
	}
	// An empty eligibility list means anyone: such entries match every filter on it.
	anyOr := func(column, value string) {
		where = append(where, "("+s.db.dialect.listEmpty("r."+column)+" OR "+s.db.dialect.listHas("r."+column, arg(value))+")")
	}
	if f.Country != "" {
		anyOr("countries", f.Country)
	}
	if f.Cause != "" {
		anyOr("causes", f.Cause)
	}
	if f.OrgType != "" {
		anyOr("org_types", f.OrgType)
	}
	if f.Language != "" {
		anyOr("languages", f.Language)
	}
	if o := f.EligibleFor; o != nil {
		anyOr("countries", o.Country)
		anyOr("org_types", o.Type)
		if o.Size != "" {
			anyOr("sizes", o.Size)
		}
		// Causes and languages: the entry lists none, or one of the organization's.
		for column, values := range map[string][]string{"causes": o.Causes, "languages": o.Languages} {
			if column == "languages" && len(values) == 0 {
				continue // an organization that did not say its languages is not kept out by them
			}
			cond := s.db.dialect.listEmpty("r." + column)
			if len(values) > 0 {
				params := make([]string, len(values))
				for i, v := range values {
					params[i] = arg(v)
				}
				cond += " OR " + s.db.dialect.listHas("r."+column, params...)
			}
			where = append(where, "("+cond+")")
		}
		where = append(where, "(r.deadline IS NULL OR r.deadline > "+arg(s.db.Now().UTC())+")")
	}
	if f.MinAmount > 0 {
		where = append(where, "r.amount_max >= "+arg(f.MinAmount))
	}
	if f.ClosingBy != nil {
		where = append(where, "r.deadline IS NOT NULL AND r.deadline <= "+arg(f.ClosingBy.UTC()))
	}
	switch at, id, rolling, ok := parseResourceCursor(f.After); {
	case ok && rolling:
		where = append(where, "r.deadline IS NULL AND r.id > "+arg(id))
	case ok:
		a := arg(at)
		where = append(where, "(r.deadline IS NULL OR r.deadline > "+a+" OR (r.deadline = "+a+" AND r.id > "+arg(id)+"))")
	}
	query := `SELECT ` + resourceColumns + resourceJoins + ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY CASE WHEN r.deadline IS NULL THEN 1 ELSE 0 END, r.deadline, r.id LIMIT ` + strconv.Itoa(f.Limit+1)
	list, err := collect(ctx, s.db.read, scanResource, query, args...)
	if err != nil {
		return nil, fmt.Errorf("search resources: %w", err)
	}
	page := &civhub.ResourcePage{Resources: list}
	if len(page.Resources) > f.Limit {
		page.Resources = page.Resources[:f.Limit]
		last := page.Resources[len(page.Resources)-1]
		if last.Deadline == nil {
			page.Next = "r-" + strconv.FormatInt(last.ID, 10)
		} else {
			page.Next = strconv.FormatInt(last.Deadline.UnixNano(), 10) + "-" + strconv.FormatInt(last.ID, 10)
		}
	}
	return page, nil
}

// parseResourceCursor reads a "deadline-id" or, among rolling entries, an "r-id" cursor.
func parseResourceCursor(s string) (at time.Time, id int64, rolling, ok bool) {
	if rest, found := strings.CutPrefix(s, "r-"); found {
		id, err := strconv.ParseInt(rest, 10, 64)
		return time.Time{}, id, true, err == nil
	}
	at, id, ok = parseDeadlineCursor(s)
	return at, id, false, ok
}

// ReportOutdated implements civhub.ResourceService.
func (s *ResourceService) ReportOutdated(ctx context.Context, id, by int64, text string) error {
	text = strings.TrimSpace(text)
	if len([]rune(text)) > 1000 {
		return civhub.FieldError("note", "err.note_long", "Keep it under 1,000 characters.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		r, err := findResource(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Status != civhub.ResourcePublished {
			return civhub.E(civhub.ECONFLICT, "err.resource_state", "The entry has moved on since: look at it again.")
		}
		if err := hit(ctx, tx, directoryLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO resource_reports (resource_id, person_id, note, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (resource_id, person_id) DO NOTHING`, id, by, text, tx.Now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return civhub.E(civhub.ECONFLICT, "err.reported_already", "You reported this entry already; a moderator will look at it.")
		}
		return nil
	})
}

// ImportResources implements civhub.ResourceService: every entry is checked, then all are
// published in one transaction.
func (s *ResourceService) ImportResources(ctx context.Context, list []*civhub.Resource, by int64) error {
	for _, r := range list {
		if err := r.Validate(s.validCause); err != nil {
			return err
		}
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		now := tx.Now()
		for _, r := range list {
			r.Status, r.Reason, r.SubmittedBy, r.CreatedAt, r.UpdatedAt, r.PublishedAt = civhub.ResourcePublished, "", by, now, now, &now
			if err := insertResource(ctx, tx, r); err != nil {
				return err
			}
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, Action: civhub.AuditResourceReviewed, Detail: civhub.AuditDetail{Key: "audit.detail.resources_imported",
			Args: map[string]string{"Count": strconv.Itoa(len(list))}}.String()})
	})
}

// RetireExpired implements civhub.ResourceService.
func (s *ResourceService) RetireExpired(ctx context.Context) (int, error) {
	var n int64
	err := s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE resources SET status = $1, updated_at = $2
			WHERE status = $3 AND deadline IS NOT NULL AND deadline < $2`, civhub.ResourceRetired, tx.Now(), civhub.ResourcePublished)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
