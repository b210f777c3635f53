package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"civhub"
)

var _ civhub.SuggestionService = (*ResourceService)(nil)

// SuggestChange implements civhub.SuggestionService.
func (s *ResourceService) SuggestChange(ctx context.Context, proposed *civhub.Resource, note string, by int64) error {
	if err := proposed.Validate(s.validCause); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 1000 {
		return civhub.FieldError("note", "err.note_long", "Keep it under 1,000 characters.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		current, err := findResource(ctx, tx, proposed.ID)
		if err != nil {
			return err
		}
		if current.Status != civhub.ResourcePublished {
			return civhub.E(civhub.ECONFLICT, "err.resource_state", "The entry has moved on since: look at it again.")
		}
		if len((&civhub.Suggestion{Current: current, Proposed: proposed}).Changes()) == 0 {
			return civhub.E(civhub.EINVALID, "err.suggestion_empty", "Change something before you send the suggestion.")
		}
		if err := hit(ctx, tx, directoryLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		raw, err := json.Marshal(proposed)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO resource_suggestions (resource_id, person_id, proposed, note, created_at)
			VALUES ($1, $2, $3, $4, $5)`, proposed.ID, by, string(raw), note, tx.Now())
		return err
	})
}

// Suggestions implements civhub.SuggestionService.
func (s *ResourceService) Suggestions(ctx context.Context, limit int) ([]*civhub.Suggestion, error) {
	var out []*civhub.Suggestion
	err := s.db.View(ctx, func(tx *Tx) error {
		var resources []int64
		err := eachRow(ctx, tx, func(r scanner) error {
			sg := &civhub.Suggestion{Proposed: &civhub.Resource{}}
			var raw string
			var resource int64
			if err := r.Scan(&sg.ID, &resource, &raw, &sg.Note, &sg.By, &sg.ByName, &sg.CreatedAt); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(raw), sg.Proposed); err != nil {
				return fmt.Errorf("suggestion %d: %w", sg.ID, err)
			}
			sg.CreatedAt = sg.CreatedAt.UTC()
			out = append(out, sg)
			resources = append(resources, resource)
			return nil
		}, `SELECT x.id, x.resource_id, x.proposed, x.note, x.person_id,
			COALESCE(p.display_name, ''), x.created_at FROM resource_suggestions x LEFT JOIN people p ON p.id = x.person_id
			WHERE x.decided_at IS NULL ORDER BY x.id LIMIT $1`, limit)
		if err != nil {
			return err
		}
		for i, sg := range out {
			if sg.Current, err = findResource(ctx, tx, resources[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

var errSuggestionNotFound = civhub.E(civhub.ENOTFOUND, "err.suggestion_not_found", "There is no such suggestion.")

// DecideSuggestion implements civhub.SuggestionService.
func (s *ResourceService) DecideSuggestion(ctx context.Context, id int64, apply bool, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var raw string
		var decided sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT proposed, decided_at FROM resource_suggestions WHERE id = $1`, id).Scan(&raw, &decided)
		if errors.Is(err, sql.ErrNoRows) {
			return errSuggestionNotFound
		} else if err != nil {
			return err
		}
		if decided.Valid {
			return civhub.E(civhub.ECONFLICT, "err.suggestion_decided", "Someone decided on this suggestion already.")
		}
		if _, err = tx.ExecContext(ctx, `UPDATE resource_suggestions SET decided_at = $1, decided_by = $2, applied = $3 WHERE id = $4`,
			tx.Now(), by, apply, id); err != nil || !apply {
			return err
		}
		proposed := &civhub.Resource{}
		if err := json.Unmarshal([]byte(raw), proposed); err != nil {
			return err
		}
		if err := proposed.Validate(s.validCause); err != nil {
			return err
		}
		return updateResource(ctx, tx, proposed, by)
	})
}
