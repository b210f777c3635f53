package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// ToolkitService implements civhub.ToolkitService.
type ToolkitService struct {
	db    *DB
	needs *NeedService         // checks the translation tasks it creates
	notes *NotificationService // tells writers what moderators decided; nil tells nobody
}

// SetNotes makes the service tell the writers of edits that waited what the moderators decided.
func (s *ToolkitService) SetNotes(notes *NotificationService) { s.notes = notes }

// NewToolkitService returns a ToolkitService on db; needs checks the tasks it creates.
func NewToolkitService(db *DB, needs *NeedService) *ToolkitService {
	return &ToolkitService{db: db, needs: needs}
}

var _ civhub.ToolkitService = (*ToolkitService)(nil)

var (
	errToolkitNotFound  = civhub.E(civhub.ENOTFOUND, "err.toolkit_not_found", "There is no such toolkit.")
	errRevisionNotFound = civhub.E(civhub.ENOTFOUND, "err.revision_not_found", "There is no such revision.")
	errToolkitConflict  = civhub.E(civhub.ECONFLICT, "err.toolkit_edit_conflict",
		"Someone changed the toolkit while you were editing it. Your text is below: compare it with the new version and save again.")
)

// toolkitEditLimit bounds the edits one person makes in an hour; toolkitLimit the toolkits one
// person starts in a day.
var (
	toolkitEditLimit = newLimit("toolkit_edit", 60, time.Hour)
	toolkitLimit     = newLimit("toolkit", 20, 24*time.Hour)
)

const toolkitColumns = `k.id, k.slug, k.language, k.title, k.summary, k.licence, k.tags, k.origin, COALESCE(k.organization_id, 0),
	COALESCE(o.name, ''), COALESCE(o.slug, ''), COALESCE(k.source_id, 0), k.source_kind, k.source_rev, k.current_rev, k.hidden,
	COALESCE(k.created_by, 0), k.created_at, k.updated_at`

const toolkitFrom = ` FROM toolkits k LEFT JOIN organizations o ON o.id = k.organization_id`

func scanToolkit(row scanner) (*civhub.Toolkit, error) { return scanToolkitWith(row) }

// scanToolkitWith scans toolkitColumns and then extra columns into more.
func scanToolkitWith(row scanner, more ...any) (*civhub.Toolkit, error) {
	t := &civhub.Toolkit{}
	var tags string
	if err := row.Scan(append([]any{&t.ID, &t.Slug, &t.Language, &t.Title, &t.Summary, &t.Licence, &tags, &t.Origin, &t.OrganizationID,
		&t.OrgName, &t.OrgSlug, &t.SourceID, &t.SourceKind, &t.SourceRev, &t.CurrentRev, &t.Hidden, &t.CreatedBy, &t.CreatedAt,
		&t.UpdatedAt}, more...)...); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(tags), &t.Tags); err != nil {
		return nil, fmt.Errorf("toolkit %d tags: %w", t.ID, err)
	}
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, nil
}

func findToolkit(ctx context.Context, tx *Tx, where string, args ...any) (*civhub.Toolkit, error) {
	t, err := scanToolkit(tx.QueryRowContext(ctx, `SELECT `+toolkitColumns+toolkitFrom+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errToolkitNotFound
	}
	return t, err
}

// lockToolkit reads a toolkit and, on PostgreSQL, locks its row until the transaction ends, so that
// concurrent edits are taken one after the other.
func lockToolkit(ctx context.Context, tx *Tx, id int64) (*civhub.Toolkit, error) {
	return findToolkit(ctx, tx, `k.id = $1`+tx.db.dialect.forUpdateOf("k"), id)
}

// editorActor is person as the toolkit rules see them: their site role and organizations.
func editorActor(ctx context.Context, tx *Tx, person int64) (*civhub.Actor, int, error) {
	p, err := findPersonByID(ctx, tx, person)
	if err != nil {
		return nil, 0, err
	}
	memberships, err := collect(ctx, tx, func(r scanner) (m civhub.Membership, err error) {
		err = r.Scan(&m.OrganizationID, &m.Role)
		return
	}, `SELECT organization_id, role FROM memberships WHERE person_id = $1`, person)
	if err != nil {
		return nil, 0, err
	}
	edits, err := publishedEdits(ctx, tx, person)
	return civhub.NewActor(p, memberships, nil), edits, err
}

func publishedEdits(ctx context.Context, tx *Tx, person int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM toolkit_revisions WHERE author_id = $1 AND status = $2`, person,
		civhub.RevisionPublished).Scan(&n)
	return n, err
}

// PublishedEdits implements civhub.ToolkitService.
func (s *ToolkitService) PublishedEdits(ctx context.Context, person int64) (int, error) {
	var n int
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		n, err = publishedEdits(ctx, tx, person)
		return err
	})
	return n, err
}

// toolkitSearchText is what a search of toolkits looks in: the current revision's words and the tags.
func toolkitSearchText(t *civhub.Toolkit, r *civhub.Revision) string {
	var b strings.Builder
	b.WriteString(r.Title + " " + r.Summary + " " + t.Slug + " " + strings.Join(t.Tags, " "))
	for _, p := range r.Pages {
		b.WriteString(" " + p.Title + " " + p.Body)
	}
	return strings.ToLower(b.String())
}

// insertToolkit stores t's own fields, before it has a revision.
func insertToolkit(ctx context.Context, tx *Tx, t *civhub.Toolkit, r *civhub.Revision, by int64) error {
	tags, err := json.Marshal(nonNil(t.Tags))
	if err != nil {
		return err
	}
	t.CreatedAt, t.UpdatedAt, t.CreatedBy, t.Title, t.Summary = tx.Now(), tx.Now(), by, r.Title, r.Summary
	err = tx.QueryRowContext(ctx, `INSERT INTO toolkits (slug, language, title, summary, licence, tags, origin, organization_id,
		source_id, source_kind, source_rev, created_by, search, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
		t.Slug, t.Language, r.Title, r.Summary, t.Licence, string(tags), t.Origin, nullID(t.OrganizationID), nullID(t.SourceID),
		t.SourceKind, t.SourceRev, by, toolkitSearchText(t, r), t.CreatedAt).Scan(&t.ID)
	if isUniqueViolation(err) {
		if t.SourceKind == civhub.ToolkitTranslation {
			return civhub.FieldError("language", "err.toolkit_translated_already", "The toolkit exists in that language already.")
		}
		return civhub.FieldError("slug", "err.toolkit_slug_taken", "A toolkit has that web address already: choose another.")
	}
	if err != nil {
		return fmt.Errorf("insert toolkit: %w", err)
	}
	return nil
}

// insertRevision stores r as the next revision of its toolkit, with its pages.
func insertRevision(ctx context.Context, tx *Tx, r *civhub.Revision) error {
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM toolkit_revisions WHERE toolkit_id = $1`,
		r.ToolkitID).Scan(&r.Number); err != nil {
		return err
	}
	r.CreatedAt = tx.Now()
	err := tx.QueryRowContext(ctx, `INSERT INTO toolkit_revisions (toolkit_id, number, author_id, note, title, summary, status,
		revert_of, source_rev, assignment_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		r.ToolkitID, r.Number, nullID(r.AuthorID), r.Note, r.Title, r.Summary, r.Status, r.RevertOf, r.SourceRev, nullID(r.AssignmentID),
		r.CreatedAt).Scan(&r.ID)
	if isUniqueViolation(err) {
		return errToolkitConflict
	}
	if err != nil {
		return fmt.Errorf("insert revision: %w", err)
	}
	return insertPages(ctx, tx, r)
}

func insertPages(ctx context.Context, tx *Tx, r *civhub.Revision) error {
	for i, p := range r.Pages {
		if _, err := tx.ExecContext(ctx, `INSERT INTO toolkit_pages (revision_id, position, title, body) VALUES ($1, $2, $3, $4)`,
			r.ID, i+1, p.Title, p.Body); err != nil {
			return fmt.Errorf("insert page: %w", err)
		}
	}
	return nil
}

// publishRevision makes r (stored already) its toolkit's current revision.
func publishRevision(ctx context.Context, tx *Tx, t *civhub.Toolkit, r *civhub.Revision, reviewer int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE toolkit_revisions SET status = $1, reviewed_by = $2 WHERE id = $3`,
		civhub.RevisionPublished, nullID(reviewer), r.ID); err != nil {
		return err
	}
	r.Status = civhub.RevisionPublished
	if r.SourceRev != 0 {
		t.SourceRev = r.SourceRev
	}
	t.CurrentRev, t.Title, t.Summary, t.UpdatedAt = r.ID, r.Title, r.Summary, tx.Now()
	_, err := tx.ExecContext(ctx, `UPDATE toolkits SET current_rev = $1, title = $2, summary = $3, source_rev = $4, search = $5,
		updated_at = $6 WHERE id = $7`, r.ID, r.Title, r.Summary, t.SourceRev, toolkitSearchText(t, r), t.UpdatedAt, t.ID)
	return err
}

// storeEdit stores r as a revision of t by the editor a, published when a may publish at once.
func storeEdit(ctx context.Context, tx *Tx, t *civhub.Toolkit, r *civhub.Revision, a *civhub.Actor, edits int) error {
	r.ToolkitID, r.AuthorID, r.Status = t.ID, a.ID(), civhub.RevisionPending
	if err := insertRevision(ctx, tx, r); err != nil {
		return err
	}
	if a.CanPublishRevision(t, edits, tx.Now()) {
		return publishRevision(ctx, tx, t, r, 0)
	}
	return nil
}

// CreateToolkit implements civhub.ToolkitService.
func (s *ToolkitService) CreateToolkit(ctx context.Context, t *civhub.Toolkit, r *civhub.Revision, by int64) error {
	if err := civhub.MergeFieldErrors(t.Validate(), r.Validate()); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		a, edits, err := editorActor(ctx, tx, by)
		if err != nil {
			return err
		}
		if !a.CanEditToolkits() {
			return civhub.ErrEmailUnconfirmed
		}
		if t.OrganizationID != 0 && a.RoleIn(t.OrganizationID) == "" {
			return civhub.FieldError("organization", "err.toolkit_org", "Choose one of your organizations.")
		}
		if err := hit(ctx, tx, toolkitLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		if err := insertToolkit(ctx, tx, t, r, by); err != nil {
			return err
		}
		return storeEdit(ctx, tx, t, r, a, edits)
	})
}

// UpdateToolkit implements civhub.ToolkitService.
func (s *ToolkitService) UpdateToolkit(ctx context.Context, t *civhub.Toolkit, by int64) error {
	if err := t.Validate(); err != nil {
		return err
	}
	tags, err := json.Marshal(nonNil(t.Tags))
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		old, err := lockToolkit(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		a, edits, err := editorActor(ctx, tx, by)
		if err != nil {
			return err
		}
		if !a.CanPublishRevision(old, edits, tx.Now()) && old.CreatedBy != by {
			return errMayNotPublish
		}
		_, err = tx.ExecContext(ctx, `UPDATE toolkits SET licence = $1, tags = $2, origin = $3, updated_at = $4 WHERE id = $5`,
			t.Licence, string(tags), t.Origin, tx.Now(), t.ID)
		return err
	})
}

var errMayNotPublish = civhub.E(civhub.EFORBIDDEN, "err.toolkit_not_trusted",
	"Your edits are checked by a moderator before they appear, so this is not open to you yet.")

// FindToolkit implements civhub.ToolkitService.
func (s *ToolkitService) FindToolkit(ctx context.Context, slug, lang string) (*civhub.Toolkit, error) {
	return s.readToolkit(ctx, `k.slug = $1 AND k.language = $2`, slug, lang)
}

// FindToolkitByID implements civhub.ToolkitService.
func (s *ToolkitService) FindToolkitByID(ctx context.Context, id int64) (*civhub.Toolkit, error) {
	return s.readToolkit(ctx, `k.id = $1`, id)
}

func (s *ToolkitService) readToolkit(ctx context.Context, where string, args ...any) (*civhub.Toolkit, error) {
	var t *civhub.Toolkit
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		if t, err = findToolkit(ctx, tx, where, args...); err != nil {
			return err
		}
		return fillToolkit(ctx, tx, t)
	})
	return t, err
}

// fillToolkit reads a toolkit's pages (its current revision's, or its first one's while it waits
// for a moderator), its source and how far it is behind it, its translations and adaptations.
func fillToolkit(ctx context.Context, tx *Tx, t *civhub.Toolkit) error {
	rev := t.CurrentRev
	if rev == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM toolkit_revisions WHERE toolkit_id = $1`, t.ID).Scan(&rev); err != nil {
			return err
		}
	}
	var err error
	if t.Pages, err = readPages(ctx, tx, rev); err != nil {
		return err
	}
	refs := func(query string, args ...any) ([]civhub.Ref, error) {
		return collect(ctx, tx, func(r scanner) (x civhub.Ref, err error) {
			err = r.Scan(&x.ID, &x.Slug, &x.Language, &x.Title)
			return
		}, query, args...)
	}
	if t.SourceID != 0 {
		src, err := refs(`SELECT id, slug, language, title FROM toolkits WHERE id = $1`, t.SourceID)
		if err != nil {
			return err
		}
		if len(src) == 1 {
			t.Source = &src[0]
		}
		if t.ChangesSince, err = changesSince(ctx, tx, t.SourceID, t.SourceRev); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(CASE WHEN r.id = $1 THEN r.number END), 0),
			COALESCE(MAX(CASE WHEN r.id = k.current_rev THEN r.number END), 0)
			FROM toolkit_revisions r JOIN toolkits k ON k.id = r.toolkit_id WHERE r.toolkit_id = $2`, t.SourceRev, t.SourceID).Scan(
			&t.SourceFrom, &t.SourceTo); err != nil {
			return err
		}
	}
	if t.Translations, err = refs(`SELECT id, slug, language, title FROM toolkits WHERE slug = $1 AND id <> $2 AND current_rev <> 0
		AND NOT hidden ORDER BY language`, t.Slug, t.ID); err != nil {
		return err
	}
	t.Adaptations, err = refs(`SELECT id, slug, language, title FROM toolkits WHERE source_id = $1 AND source_kind = $2
		AND current_rev <> 0 AND NOT hidden ORDER BY id`, t.ID, civhub.ToolkitAdaptation)
	return err
}

// changesSince counts the published revisions of source after revision rev (an ID).
func changesSince(ctx context.Context, tx *Tx, source, rev int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM toolkit_revisions WHERE toolkit_id = $1 AND status = $2 AND id > $3`,
		source, civhub.RevisionPublished, rev).Scan(&n)
	return n, err
}

func readPages(ctx context.Context, tx *Tx, rev int64) ([]civhub.Page, error) {
	return collect(ctx, tx, func(r scanner) (p civhub.Page, err error) {
		err = r.Scan(&p.Title, &p.Body)
		return
	}, `SELECT title, body FROM toolkit_pages WHERE revision_id = $1 ORDER BY position`, rev)
}

// ListToolkits implements civhub.ToolkitService.
func (s *ToolkitService) ListToolkits(ctx context.Context, f civhub.ToolkitFilter) ([]*civhub.Toolkit, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where := []string{"k.current_rev <> 0", "NOT k.hidden"}
	var args sqlArgs
	arg := args.add
	for _, w := range searchWords(f.Query) {
		where = append(where, "k.search LIKE "+arg("%"+w+"%"))
	}
	if f.Language != "" {
		where = append(where, "k.language = "+arg(f.Language))
	}
	if f.Tag != "" {
		tag, err := json.Marshal(f.Tag)
		if err != nil {
			return nil, err
		}
		where = append(where, "k.tags LIKE "+arg("%"+string(tag)+"%"))
	}
	var out []*civhub.Toolkit
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		// How far each translation is behind its source, in the same statement.
		published := arg(civhub.RevisionPublished)
		out, err = collect(ctx, tx, func(r scanner) (*civhub.Toolkit, error) {
			var behind int
			t, err := scanToolkitWith(r, &behind)
			if t != nil {
				t.ChangesSince = behind
			}
			return t, err
		}, `SELECT `+toolkitColumns+`, (SELECT COUNT(*) FROM toolkit_revisions s WHERE s.toolkit_id = k.source_id AND s.status = `+published+`
			AND s.id > k.source_rev)`+toolkitFrom+` WHERE `+strings.Join(where, " AND ")+
			` ORDER BY k.updated_at DESC, k.id DESC LIMIT `+strconv.Itoa(f.Limit), args...)
		return err
	})
	return out, err
}

// Edit implements civhub.ToolkitService.
func (s *ToolkitService) Edit(ctx context.Context, toolkit int64, r *civhub.Revision, base int64, by int64) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		t, err := lockToolkit(ctx, tx, toolkit)
		if err != nil {
			return err
		}
		a, edits, err := editorActor(ctx, tx, by)
		if err != nil {
			return err
		}
		if t.Hidden || !a.CanEditToolkits() || (!t.Published() && t.CreatedBy != by && !a.IsModerator()) {
			return errToolkitNotFound
		}
		if base != t.CurrentRev {
			return errToolkitConflict
		}
		if r.SourceRev != 0 { // "brings it up to date with the source": the source's current revision
			if t.SourceID == 0 {
				r.SourceRev = 0
			} else if err := tx.QueryRowContext(ctx, `SELECT current_rev FROM toolkits WHERE id = $1`, t.SourceID).Scan(&r.SourceRev); err != nil {
				return err
			}
		}
		if err := hit(ctx, tx, toolkitEditLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		return storeEdit(ctx, tx, t, r, a, edits)
	})
}

// Revert implements civhub.ToolkitService.
func (s *ToolkitService) Revert(ctx context.Context, toolkit, rev int64, by int64) (*civhub.Revision, error) {
	var out *civhub.Revision
	err := s.db.Update(ctx, func(tx *Tx) error {
		t, err := trustedEditor(ctx, tx, toolkit, by)
		if err != nil {
			return err
		}
		old, err := findRevision(ctx, tx, `r.toolkit_id = $1 AND r.id = $2`, toolkit, rev)
		if err != nil {
			return err
		}
		if old.Status != civhub.RevisionPublished || old.ID == t.CurrentRev {
			return civhub.E(civhub.ECONFLICT, "err.revert_current", "Only an earlier published revision can be restored.")
		}
		out, err = restore(ctx, tx, t, old, by, "")
		return err
	})
	return out, err
}

// restore writes a new published revision of t by by with old's title, summary and pages.
func restore(ctx context.Context, tx *Tx, t *civhub.Toolkit, old *civhub.Revision, by int64, note string) (*civhub.Revision, error) {
	pages, err := readPages(ctx, tx, old.ID)
	if err != nil {
		return nil, err
	}
	r := &civhub.Revision{ToolkitID: t.ID, AuthorID: by, Title: old.Title, Summary: old.Summary, Pages: pages, Note: note,
		Status: civhub.RevisionPending, RevertOf: old.Number, SourceRev: old.SourceRev}
	if err := insertRevision(ctx, tx, r); err != nil {
		return nil, err
	}
	return r, publishRevision(ctx, tx, t, r, by)
}

const revisionColumns = `r.id, r.toolkit_id, r.number, COALESCE(r.author_id, 0), COALESCE(p.display_name, ''), r.note, r.title, r.summary,
	r.status, r.revert_of, r.source_rev, COALESCE(r.assignment_id, 0), COALESCE(a.task_id, 0), COALESCE(r.reviewed_by, 0), r.created_at`

const revisionFrom = ` FROM toolkit_revisions r LEFT JOIN people p ON p.id = r.author_id LEFT JOIN assignments a ON a.id = r.assignment_id`

func scanRevision(row scanner) (*civhub.Revision, error) { return scanRevisionWith(row) }

// scanRevisionWith scans revisionColumns and then extra columns into more.
func scanRevisionWith(row scanner, more ...any) (*civhub.Revision, error) {
	r := &civhub.Revision{}
	if err := row.Scan(append([]any{&r.ID, &r.ToolkitID, &r.Number, &r.AuthorID, &r.Author, &r.Note, &r.Title, &r.Summary, &r.Status,
		&r.RevertOf, &r.SourceRev, &r.AssignmentID, &r.TaskID, &r.ReviewedBy, &r.CreatedAt}, more...)...); err != nil {
		return nil, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return r, nil
}

func findRevision(ctx context.Context, tx *Tx, where string, args ...any) (*civhub.Revision, error) {
	r, err := scanRevision(tx.QueryRowContext(ctx, `SELECT `+revisionColumns+revisionFrom+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errRevisionNotFound
	}
	return r, err
}

// Revisions implements civhub.ToolkitService.
func (s *ToolkitService) Revisions(ctx context.Context, toolkit int64, all bool) ([]*civhub.Revision, error) {
	where := `r.toolkit_id = $1 AND r.status = $2`
	args := []any{toolkit, civhub.RevisionPublished}
	if all {
		where, args = `r.toolkit_id = $1`, args[:1]
	}
	var out []*civhub.Revision
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanRevision, `SELECT `+revisionColumns+revisionFrom+` WHERE `+where+` ORDER BY r.number DESC LIMIT 500`, args...)
		return err
	})
	return out, err
}

// Revision implements civhub.ToolkitService.
func (s *ToolkitService) Revision(ctx context.Context, toolkit int64, number int) (*civhub.Revision, error) {
	var r *civhub.Revision
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		if r, err = findRevision(ctx, tx, `r.toolkit_id = $1 AND r.number = $2`, toolkit, number); err != nil {
			return err
		}
		r.Pages, err = readPages(ctx, tx, r.ID)
		return err
	})
	return r, err
}

// Contributors implements civhub.ToolkitService.
func (s *ToolkitService) Contributors(ctx context.Context, toolkit int64) ([]civhub.Contributor, error) {
	var out []civhub.Contributor
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, func(r scanner) (c civhub.Contributor, err error) {
			err = r.Scan(&c.ID, &c.Name, &c.Edits)
			return
		}, `SELECT p.id, p.display_name, COUNT(*) FROM toolkit_revisions r JOIN people p ON p.id = r.author_id
			WHERE r.toolkit_id = $1 AND r.status = $2 GROUP BY p.id, p.display_name ORDER BY COUNT(*) DESC, p.id`,
			toolkit, civhub.RevisionPublished)
		return err
	})
	return out, err
}

// RecentChanges implements civhub.ToolkitService.
func (s *ToolkitService) RecentChanges(ctx context.Context, limit int) ([]*civhub.Revision, []*civhub.Toolkit, error) {
	return s.revisionsWithToolkits(ctx, limit, `r.status = $1 AND k.current_rev <> 0 AND NOT k.hidden ORDER BY r.id DESC`,
		civhub.RevisionPublished)
}

// revisionsWithToolkits reads at most limit revisions (where, over r and their toolkits k) and their toolkits.
func (s *ToolkitService) revisionsWithToolkits(ctx context.Context, limit int, where string, args ...any) ([]*civhub.Revision, []*civhub.Toolkit, error) {
	if limit <= 0 || limit > 200 {
		limit = 100
	}
	var revs []*civhub.Revision
	var kits []*civhub.Toolkit
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		if revs, err = collect(ctx, tx, scanRevision, `SELECT `+revisionColumns+revisionFrom+` JOIN toolkits k ON k.id = r.toolkit_id
			WHERE `+where+` LIMIT `+strconv.Itoa(limit), args...); err != nil {
			return err
		}
		// Their toolkits, read in one statement.
		ids := make([]any, len(revs))
		for i, r := range revs {
			ids[i] = r.ToolkitID
		}
		byID := map[int64]*civhub.Toolkit{}
		if len(ids) > 0 {
			list, err := collect(ctx, tx, scanToolkit, `SELECT `+toolkitColumns+toolkitFrom+` WHERE k.id IN (`+placeholders(1, len(ids))+`)`, ids...)
			if err != nil {
				return err
			}
			for _, t := range list {
				byID[t.ID] = t
			}
		}
		kits = make([]*civhub.Toolkit, len(revs))
		for i, r := range revs {
			kits[i] = byID[r.ToolkitID]
		}
		return nil
	})
	return revs, kits, err
}

// Pending implements civhub.ToolkitService.
func (s *ToolkitService) Pending(ctx context.Context, limit int) ([]*civhub.Revision, []*civhub.Toolkit, error) {
	return s.revisionsWithToolkits(ctx, limit, `r.status = $1 ORDER BY r.id`, civhub.RevisionPending)
}

// moderator reads by and refuses whoever is not a moderator.
func moderator(ctx context.Context, tx *Tx, by int64) error {
	p, err := findPersonByID(ctx, tx, by)
	if err != nil {
		return err
	}
	if !civhub.NewActor(p, nil, nil).IsModerator() {
		return civhub.E(civhub.EFORBIDDEN, "err.not_allowed", "You are not allowed to do this.")
	}
	return nil
}

// Review implements civhub.ToolkitService.
func (s *ToolkitService) Review(ctx context.Context, rev int64, decision string, by int64) error {
	if decision != civhub.RevisionDecidePublish && decision != civhub.RevisionDecideReject {
		return civhub.FieldError("decision", "err.decision_unknown", "Choose what to do with the entry.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := moderator(ctx, tx, by); err != nil {
			return err
		}
		r, err := findRevision(ctx, tx, `r.id = $1`, rev)
		if err != nil {
			return err
		}
		if r.Status != civhub.RevisionPending {
			return civhub.E(civhub.ECONFLICT, "err.revision_reviewed", "Another moderator has dealt with this edit already.")
		}
		t, err := lockToolkit(ctx, tx, r.ToolkitID)
		if err != nil {
			return err
		}
		if decision == civhub.RevisionDecideReject {
			_, err = tx.ExecContext(ctx, `UPDATE toolkit_revisions SET status = $1, reviewed_by = $2 WHERE id = $3`,
				civhub.RevisionRejected, by, r.ID)
		} else {
			if r.Pages, err = readPages(ctx, tx, r.ID); err != nil {
				return err
			}
			err = publishRevision(ctx, tx, t, r, by)
		}
		if err != nil {
			return err
		}
		status, kind := civhub.RevisionPublished, civhub.NoteToolkitPublished
		if decision == civhub.RevisionDecideReject {
			status, kind = civhub.RevisionRejected, civhub.NoteToolkitRejected
		}
		if s.notes != nil && r.AuthorID != 0 {
			if err := s.notes.notify(ctx, tx, r.AuthorID, note{kind: kind, toolkit: t.ID, actor: by}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: r.AuthorID, Action: civhub.AuditToolkitReviewed,
			Detail: civhub.AuditDetail{Key: "audit.detail.toolkit_status", Args: map[string]string{"Toolkit": t.Title},
				Terms: map[string]string{"Status": "revision_status." + status}}.String()})
	})
}

// UndoPerson implements civhub.ToolkitService.
func (s *ToolkitService) UndoPerson(ctx context.Context, person, by int64) (int, error) {
	restored := 0
	err := s.db.Update(ctx, func(tx *Tx) error {
		if err := moderator(ctx, tx, by); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE toolkit_revisions SET status = $1, reviewed_by = $2 WHERE author_id = $3 AND status = $4`,
			civhub.RevisionRejected, by, person, civhub.RevisionPending); err != nil {
			return err
		}
		ids, err := collect1[int64](ctx, tx, `SELECT k.id FROM toolkits k JOIN toolkit_revisions r ON r.id = k.current_rev
			WHERE r.author_id = $1 ORDER BY k.id`, person)
		if err != nil {
			return err
		}
		for _, id := range ids {
			t, err := lockToolkit(ctx, tx, id)
			if err != nil {
				return err
			}
			good, err := findRevision(ctx, tx, `r.toolkit_id = $1 AND r.status = $2 AND (r.author_id IS NULL OR r.author_id <> $3)
				ORDER BY r.number DESC LIMIT 1`, id, civhub.RevisionPublished, person)
			switch {
			case errors.Is(err, errRevisionNotFound):
				// Nothing of anyone else's to go back to: the toolkit is theirs alone, taken down.
				_, err = tx.ExecContext(ctx, `UPDATE toolkits SET hidden = TRUE WHERE id = $1`, id)
			case err == nil:
				_, err = restore(ctx, tx, t, good, by, "")
			}
			if err != nil {
				return err
			}
			restored++
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: person, Action: civhub.AuditToolkitUndone,
			Detail: civhub.AuditDetail{Key: "audit.detail.toolkit_undone", Args: map[string]string{"N": strconv.Itoa(restored)}}.String()})
	})
	return restored, err
}

// Adapt implements civhub.ToolkitService.
func (s *ToolkitService) Adapt(ctx context.Context, source int64, t *civhub.Toolkit, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		src, err := findToolkit(ctx, tx, `k.id = $1`, source)
		if err != nil {
			return err
		}
		if !src.Published() {
			return errToolkitNotFound
		}
		a, edits, err := editorActor(ctx, tx, by)
		if err != nil {
			return err
		}
		if !a.CanEditToolkits() {
			return civhub.ErrEmailUnconfirmed
		}
		t.SourceID, t.SourceRev = src.ID, src.CurrentRev
		if t.Licence == "" {
			t.Licence = src.Licence
		}
		if t.Tags == nil {
			t.Tags = src.Tags
		}
		if t.SourceKind == civhub.ToolkitTranslation {
			t.Slug = src.Slug
			if t.Language == src.Language {
				return civhub.FieldError("language", "err.toolkit_translated_already", "The toolkit exists in that language already.")
			}
		} else {
			t.SourceKind = civhub.ToolkitAdaptation
		}
		if err := t.Validate(); err != nil {
			return err
		}
		if t.OrganizationID != 0 && a.RoleIn(t.OrganizationID) == "" {
			return civhub.FieldError("organization", "err.toolkit_org", "Choose one of your organizations.")
		}
		old, err := findRevision(ctx, tx, `r.id = $1`, src.CurrentRev)
		if err != nil {
			return err
		}
		r := &civhub.Revision{Title: old.Title, Summary: old.Summary, SourceRev: src.CurrentRev}
		if t.SourceKind == civhub.ToolkitAdaptation && t.Title != "" {
			r.Title = t.Title // an adaptation is named by who adapts it
		}
		if r.Pages, err = readPages(ctx, tx, old.ID); err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		if err := hit(ctx, tx, toolkitLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		if err := insertToolkit(ctx, tx, t, r, by); err != nil {
			return err
		}
		return storeEdit(ctx, tx, t, r, a, edits)
	})
}

// CreateTranslationTask implements civhub.ToolkitService.
func (s *ToolkitService) CreateTranslationTask(ctx context.Context, task *civhub.Task, toolkit int64, lang string, by int64) error {
	if task.Status == "" {
		task.Status = civhub.TaskOpen
	}
	if err := s.needs.validateTask(ctx, task); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		src, err := findToolkit(ctx, tx, `k.id = $1`, toolkit)
		if err != nil {
			return err
		}
		if !src.Published() {
			return errToolkitNotFound
		}
		if lang == src.Language {
			return civhub.FieldError("language", "err.language_pair", "A translation needs a language to translate from and a different one to translate into.")
		}
		n, err := findNeed(ctx, tx, task.NeedID)
		if err != nil {
			return civhub.FieldError("need", "err.need_choose", "Choose one of your organization's needs.")
		}
		a, _, err := editorActor(ctx, tx, by)
		if err != nil {
			return err
		}
		if r := a.RoleIn(n.OrganizationID); r != civhub.MemberOwner && r != civhub.MemberAdmin {
			return civhub.FieldError("need", "err.need_choose", "Choose one of your organization's needs.")
		}
		if err := insertTask(ctx, tx, n, task, by); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO toolkit_tasks (task_id, toolkit_id, language) VALUES ($1, $2, $3)`, task.ID, src.ID, lang)
		return err
	})
}

// TaskToolkit implements civhub.ToolkitService.
func (s *ToolkitService) TaskToolkit(ctx context.Context, task int64) (*civhub.ToolkitTask, error) {
	var out *civhub.ToolkitTask
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = taskToolkit(ctx, tx, task)
		return err
	})
	return out, err
}

func taskToolkit(ctx context.Context, tx *Tx, task int64) (*civhub.ToolkitTask, error) {
	tt := &civhub.ToolkitTask{TaskID: task}
	err := tx.QueryRowContext(ctx, `SELECT tt.toolkit_id, tt.language, k.slug FROM toolkit_tasks tt JOIN toolkits k ON k.id = tt.toolkit_id
		WHERE tt.task_id = $1`, task).Scan(&tt.ToolkitID, &tt.Language, &tt.Slug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return tt, err
}

var errNotYourWork = civhub.E(civhub.ENOTFOUND, "err.assignment_not_found", "There is no such engagement.")

// SaveTaskWork implements civhub.ToolkitService.
func (s *ToolkitService) SaveTaskWork(ctx context.Context, assignment int64, r *civhub.Revision, by int64) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var task, volunteer, org int64
		var status string
		err := tx.QueryRowContext(ctx, `SELECT a.task_id, a.volunteer_id, a.status, t.organization_id FROM assignments a
			JOIN tasks t ON t.id = a.task_id WHERE a.id = $1`+tx.db.dialect.forUpdateOf("a"), assignment).Scan(&task, &volunteer, &status, &org)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && volunteer != by) {
			return errNotYourWork
		} else if err != nil {
			return err
		}
		if _, err := civhub.Transition(status, civhub.ActSubmit); err != nil {
			return civhub.E(civhub.ECONFLICT, "err.task_work_closed", "This work was handed in or has ended: it cannot be changed now.")
		}
		tt, err := taskToolkit(ctx, tx, task)
		if err != nil {
			return err
		}
		if tt == nil {
			return errNotYourWork
		}
		src, err := findToolkit(ctx, tx, `k.id = $1`, tt.ToolkitID)
		if err != nil {
			return err
		}
		target, err := findToolkit(ctx, tx, `k.slug = $1 AND k.language = $2`, src.Slug, tt.Language)
		if errors.Is(err, errToolkitNotFound) {
			// The first translation into the language: the toolkit waits, unpublished, for the approval.
			target = &civhub.Toolkit{Slug: src.Slug, Language: tt.Language, Licence: src.Licence, Tags: src.Tags, OrganizationID: org,
				SourceID: src.ID, SourceKind: civhub.ToolkitTranslation}
			err = insertToolkit(ctx, tx, target, r, by)
		}
		if err != nil {
			return err
		}
		old, err := findRevision(ctx, tx, `r.assignment_id = $1`, assignment)
		if errors.Is(err, errRevisionNotFound) {
			r.ToolkitID, r.AuthorID, r.Status, r.AssignmentID, r.SourceRev = target.ID, by, civhub.RevisionTask, assignment, src.CurrentRev
			return insertRevision(ctx, tx, r)
		} else if err != nil {
			return err
		}
		r.ID, r.Number = old.ID, old.Number
		if _, err := tx.ExecContext(ctx, `UPDATE toolkit_revisions SET title = $1, summary = $2, note = $3, source_rev = $4, created_at = $5
			WHERE id = $6`, r.Title, r.Summary, r.Note, src.CurrentRev, tx.Now(), old.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM toolkit_pages WHERE revision_id = $1`, old.ID); err != nil {
			return err
		}
		return insertPages(ctx, tx, r)
	})
}

// TaskWork implements civhub.ToolkitService.
func (s *ToolkitService) TaskWork(ctx context.Context, assignment int64) (*civhub.Revision, error) {
	var r *civhub.Revision
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		r, err = findRevision(ctx, tx, `r.assignment_id = $1`, assignment)
		if errors.Is(err, errRevisionNotFound) {
			r, err = nil, nil
			return nil
		} else if err != nil {
			return err
		}
		r.Pages, err = readPages(ctx, tx, r.ID)
		return err
	})
	return r, err
}

// publishTaskWork publishes the translation written for an engagement whose work was just
// approved, credited to its volunteer: part of the approval's transaction.
func publishTaskWork(ctx context.Context, tx *Tx, assignment, by int64) error {
	r, err := findRevision(ctx, tx, `r.assignment_id = $1 AND r.status = $2`, assignment, civhub.RevisionTask)
	if errors.Is(err, errRevisionNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	t, err := lockToolkit(ctx, tx, r.ToolkitID)
	if err != nil {
		return err
	}
	if r.Pages, err = readPages(ctx, tx, r.ID); err != nil {
		return err
	}
	return publishRevision(ctx, tx, t, r, by)
}

var errFileNotFound = civhub.E(civhub.ENOTFOUND, "err.no_file", "There is no such file.")

// toolkitFileLimit bounds the files one person attaches in a day.
var toolkitFileLimit = newLimit("toolkit_file", 50, 24*time.Hour)

// trustedEditor locks toolkit and refuses by unless their edits of it are published at once: who
// reverts, attaches and removes files.
func trustedEditor(ctx context.Context, tx *Tx, toolkit, by int64) (*civhub.Toolkit, error) {
	t, err := lockToolkit(ctx, tx, toolkit)
	if err != nil {
		return nil, err
	}
	a, edits, err := editorActor(ctx, tx, by)
	if err != nil {
		return nil, err
	}
	if !a.CanPublishRevision(t, edits, tx.Now()) {
		return nil, errMayNotPublish
	}
	return t, nil
}

// AddFile implements civhub.ToolkitService.
func (s *ToolkitService) AddFile(ctx context.Context, toolkit int64, f *civhub.ToolkitFile, by int64) error {
	name, err := civhub.CheckFileName(f.Name)
	if err != nil {
		return err
	}
	f.Name, f.Size, f.ToolkitID, f.AddedBy = name, int64(len(f.Data)), toolkit, by
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := trustedEditor(ctx, tx, toolkit, by); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM toolkit_files WHERE toolkit_id = $1`, toolkit).Scan(&n); err != nil {
			return err
		}
		if n >= civhub.MaxToolkitFiles {
			return civhub.E(civhub.ECONFLICT, "err.attachments_full", "A toolkit may have at most 20 files: remove one first.")
		}
		if err := hit(ctx, tx, toolkitFileLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		f.CreatedAt = tx.Now()
		return tx.QueryRowContext(ctx, `INSERT INTO toolkit_files (toolkit_id, name, content_type, size, data, added_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, toolkit, f.Name, f.ContentType, f.Size, f.Data, by, f.CreatedAt).Scan(&f.ID)
	})
}

const fileColumns = `id, toolkit_id, name, content_type, size, COALESCE(added_by, 0), created_at`

// scanFile scans fileColumns: a file without its data.
func scanFile(r scanner) (f civhub.ToolkitFile, err error) {
	err = r.Scan(&f.ID, &f.ToolkitID, &f.Name, &f.ContentType, &f.Size, &f.AddedBy, &f.CreatedAt)
	f.CreatedAt = f.CreatedAt.UTC()
	return
}

// Files implements civhub.ToolkitService.
func (s *ToolkitService) Files(ctx context.Context, toolkit int64) ([]civhub.ToolkitFile, error) {
	var out []civhub.ToolkitFile
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanFile, `SELECT `+fileColumns+` FROM toolkit_files WHERE toolkit_id = $1 ORDER BY id`, toolkit)
		return err
	})
	return out, err
}

// File implements civhub.ToolkitService.
func (s *ToolkitService) File(ctx context.Context, toolkit, id int64) (*civhub.ToolkitFile, error) {
	f := &civhub.ToolkitFile{}
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, toolkit_id, name, content_type, size, data, COALESCE(added_by, 0), created_at
			FROM toolkit_files WHERE toolkit_id = $1 AND id = $2`, toolkit, id).Scan(&f.ID, &f.ToolkitID, &f.Name, &f.ContentType,
			&f.Size, &f.Data, &f.AddedBy, &f.CreatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return errFileNotFound
		}
		return err
	})
	return f, err
}

// RemoveFile implements civhub.ToolkitService.
func (s *ToolkitService) RemoveFile(ctx context.Context, toolkit, id int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := trustedEditor(ctx, tx, toolkit, by); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM toolkit_files WHERE toolkit_id = $1 AND id = $2`, toolkit, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errFileNotFound
		}
		return nil
	})
}

// exportToolkits fills x with the revisions person wrote and the files they attached.
func exportToolkits(ctx context.Context, tx *Tx, x *civhub.ToolkitExport, person int64) error {
	var err error
	if x.Revisions, err = collect(ctx, tx, func(r scanner) (e civhub.RevisionExport, err error) {
		var slug, lang string
		rev, err := scanRevisionWith(r, &slug, &lang)
		if err == nil {
			e = civhub.RevisionExport{Toolkit: slug + "/" + lang, Revision: *rev}
		}
		return
	}, `SELECT `+revisionColumns+`, k.slug, k.language`+revisionFrom+` JOIN toolkits k ON k.id = r.toolkit_id
		WHERE r.author_id = $1 ORDER BY r.id`, person); err != nil {
		return err
	}
	x.Files, err = collect(ctx, tx, scanFile, `SELECT `+fileColumns+` FROM toolkit_files WHERE added_by = $1 ORDER BY id`, person)
	return err
}
