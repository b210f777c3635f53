package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

var _ civhub.RadarService = (*ResourceService)(nil)

// radarCandidates bounds how many qualifying entries the radar reads before ranking them.
const radarCandidates = 1000

// Radar implements civhub.RadarService: the database keeps the entries the organization qualifies
// for, and civhub.Radar ranks them and says why.
func (s *ResourceService) Radar(ctx context.Context, o *civhub.Organization, limit int) ([]civhub.RadarMatch, error) {
	page, err := s.searchResources(ctx, civhub.ResourceFilter{EligibleFor: o, Limit: radarCandidates})
	if err != nil {
		return nil, err
	}
	return civhub.Radar(o, page.Resources, s.db.Now(), limit), nil
}

var errUnknownStage = civhub.E(civhub.EINVALID, "err.stage_unknown", "Choose where the application stands.")

// Track implements civhub.RadarService.
func (s *ResourceService) Track(ctx context.Context, org, resource int64, stage, notes string, by int64) error {
	if !slices.Contains(civhub.Stages, stage) {
		return errUnknownStage
	}
	notes = strings.TrimSpace(strings.ReplaceAll(notes, "\r\n", "\n"))
	if len([]rune(notes)) > 5000 {
		return civhub.E(civhub.EINVALID, "err.notes_long", "Keep the notes under 5,000 characters.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		r, err := findResource(ctx, tx, resource)
		if err != nil {
			return err
		}
		if r.Status != civhub.ResourcePublished && r.Status != civhub.ResourceRetired {
			return errResourceNotFound
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO tracked_resources (organization_id, resource_id, stage, notes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (organization_id, resource_id)
			DO UPDATE SET stage = excluded.stage, notes = excluded.notes, updated_at = excluded.updated_at`,
			org, resource, stage, notes, tx.Now()); err != nil {
			return fmt.Errorf("track: %w", err)
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: org, Action: civhub.AuditResourceTracked,
			Detail: resourceDetail("audit.detail.resource_stage", resource, "stage."+stage)})
	})
}

// Untrack implements civhub.RadarService.
func (s *ResourceService) Untrack(ctx context.Context, org, resource int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM tracked_resources WHERE organization_id = $1 AND resource_id = $2`, org, resource)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return civhub.E(civhub.ENOTFOUND, "err.not_tracked", "Your organization has not saved this opportunity.")
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: org, Action: civhub.AuditResourceTracked,
			Detail: resourceDetail("audit.detail.resource_forgotten", resource, "")})
	})
}

// Tracked implements civhub.RadarService.
func (s *ResourceService) Tracked(ctx context.Context, org int64) ([]*civhub.Tracked, error) {
	scan := func(row scanner) (*civhub.Tracked, error) {
		var extra trackedColumns
		r, err := scanResource(scanWith(row, &extra.stage, &extra.notes, &extra.updated))
		if err != nil {
			return nil, err
		}
		return &civhub.Tracked{Resource: r, Stage: extra.stage, Notes: extra.notes, UpdatedAt: extra.updated.UTC()}, nil
	}
	return collect(ctx, s.db.read, scan, `SELECT `+resourceColumns+`, k.stage, k.notes, k.updated_at`+resourceJoins+`
		JOIN tracked_resources k ON k.resource_id = r.id WHERE k.organization_id = $1
		ORDER BY CASE WHEN r.deadline IS NULL THEN 1 ELSE 0 END, r.deadline, r.id`, org)
}

type trackedColumns struct {
	stage, notes string
	updated      time.Time
}

// RemindDeadlines implements civhub.RadarService.
func (s *ResourceService) RemindDeadlines(ctx context.Context) (int, error) {
	sent := 0
	for _, w := range []struct {
		column, kind string
		before       time.Duration
	}{{"reminded_week", civhub.NoteResourceWeek, 7 * 24 * time.Hour}, {"reminded_day", civhub.NoteResourceDay, 24 * time.Hour}} {
		err := s.db.Update(ctx, func(tx *Tx) error {
			type pair struct{ org, resource int64 }
			due, err := collect(ctx, tx, func(r scanner) (p pair, err error) {
				err = r.Scan(&p.org, &p.resource)
				return
			}, `SELECT k.organization_id, k.resource_id FROM tracked_resources k
				JOIN resources r ON r.id = k.resource_id
				WHERE k.`+w.column+` IS NULL AND k.stage IN ($1, $2) AND r.status = $3 AND r.deadline > $4 AND r.deadline <= $5`,
				civhub.StageSaved, civhub.StagePreparing, civhub.ResourcePublished, tx.Now(), tx.Now().Add(w.before))
			if err != nil {
				return err
			}
			for _, p := range due {
				n := note{kind: w.kind, resource: p.resource, org: p.org,
					dedup: w.kind + ":" + strconv.FormatInt(p.org, 10) + ":" + strconv.FormatInt(p.resource, 10)}
				if err := s.notes.notifyManagers(ctx, tx, p.org, n); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE tracked_resources SET `+w.column+` = $1
					WHERE organization_id = $2 AND resource_id = $3`, tx.Now(), p.org, p.resource); err != nil {
					return err
				}
				sent++
			}
			return nil
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// matchBatch bounds the organizations read for one new entry in one run.
const matchBatch = 5000

// MatchNewResources implements civhub.RadarService: each entry published since the last run goes
// into the next weekly digest of the managers of every verified organization that qualifies.
func (s *ResourceService) MatchNewResources(ctx context.Context) (int, error) {
	var ids []int64
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		ids, err = collect1[int64](ctx, tx, `SELECT id FROM resources WHERE status = $1 AND matched_at IS NULL ORDER BY id LIMIT 50`,
			civhub.ResourcePublished)
		return err
	})
	told := 0
	for _, id := range ids {
		if err != nil {
			break
		}
		// One entry a transaction, so that writers wait for one entry's notifications at most.
		var n int
		err = s.db.Update(ctx, func(tx *Tx) (err error) {
			n, err = s.matchResource(ctx, tx, id)
			return err
		})
		if err == nil {
			told += n
		}
	}
	return told, err
}

// matchResource tells the managers of the verified organizations that qualify for entry id, and
// marks it matched.
func (s *ResourceService) matchResource(ctx context.Context, tx *Tx, id int64) (int, error) {
	r, err := findResource(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	where, args := "verification = $1", []any{civhub.Verified}
	if len(r.Countries) > 0 {
		where += " AND country IN (" + placeholders(2, len(r.Countries)) + ")"
		args = append(args, anyOf(r.Countries)...)
	}
	orgs, err := collect(ctx, tx, scanOrganization, `SELECT `+organizationColumns+` FROM organizations WHERE `+where+
		` ORDER BY id LIMIT `+strconv.Itoa(matchBatch), args...)
	if err != nil {
		return 0, err
	}
	told := 0
	for _, o := range orgs {
		if _, ok := civhub.Eligible(o, r, tx.Now()); !ok {
			continue
		}
		n := note{kind: civhub.NoteResourceMatch, resource: r.ID, org: o.ID,
			dedup: "resource_match:" + strconv.FormatInt(o.ID, 10) + ":" + strconv.FormatInt(r.ID, 10)}
		if err := s.notes.notifyManagers(ctx, tx, o.ID, n); err != nil {
			return 0, err
		}
		told++
	}
	_, err = tx.ExecContext(ctx, `UPDATE resources SET matched_at = $1 WHERE id = $2`, tx.Now(), r.ID)
	return told, err
}
