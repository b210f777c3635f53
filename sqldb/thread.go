package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// messageLimit bounds how much one person writes in task conversations.
var messageLimit = newLimit("task_message", 60, time.Hour)

// threadLength is how many of the latest messages a conversation shows.
const threadLength = 200

// PostTaskMessage implements civhub.NeedService.
func (s *NeedService) PostTaskMessage(ctx context.Context, m *civhub.TaskMessage) error {
	if err := civhub.CheckTaskMessage(m.Body); err != nil {
		return err
	}
	m.Body = strings.TrimSpace(m.Body)
	return s.db.Update(ctx, func(tx *Tx) error {
		var exists int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM tasks WHERE id = $1`, m.TaskID).Scan(&exists)
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.E(civhub.ENOTFOUND, "err.task_not_found", "There is no such task.")
		} else if err != nil {
			return err
		}
		if err := hit(ctx, tx, messageLimit, strconv.FormatInt(m.AuthorID, 10)); err != nil {
			return err
		}
		m.CreatedAt = tx.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO task_messages (task_id, author_id, from_org, body, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, m.TaskID, m.AuthorID, m.FromOrg, m.Body, m.CreatedAt).Scan(&m.ID); err != nil {
			return err
		}
		// Everyone else in the conversation hears of it; repeated messages gather into one entry.
		readers, err := collect1[int64](ctx, tx, `SELECT person_id FROM memberships WHERE role IN ($2, $3)
			AND organization_id = (SELECT organization_id FROM tasks WHERE id = $1)
			UNION SELECT volunteer_id FROM assignments WHERE task_id = $1 AND status IN `+activeStatuses,
			m.TaskID, civhub.MemberOwner, civhub.MemberAdmin)
		if err != nil {
			return err
		}
		for _, p := range readers {
			if p == m.AuthorID {
				continue
			}
			if err := s.notes.notify(ctx, tx, p, note{kind: civhub.NoteMessage, task: m.TaskID, actor: m.AuthorID,
				dedup: "message:" + strconv.FormatInt(m.TaskID, 10), gather: true}); err != nil {
				return err
			}
		}
		return nil
	})
}

// TaskMessages implements civhub.NeedService.
func (s *NeedService) TaskMessages(ctx context.Context, task int64) ([]civhub.TaskMessage, error) {
	var out []civhub.TaskMessage
	err := s.db.Read(ctx, func(tx *Tx) error {
		scan := func(r scanner) (m civhub.TaskMessage, err error) {
			err = r.Scan(&m.ID, &m.TaskID, &m.AuthorID, &m.Author, &m.FromOrg, &m.Body, &m.CreatedAt)
			return
		}
		var err error
		out, err = collect(ctx, tx, scan, `SELECT m.id, m.task_id, m.author_id, p.display_name, m.from_org, m.body, m.created_at
			FROM task_messages m JOIN people p ON p.id = m.author_id
			WHERE m.task_id = $1 ORDER BY m.id DESC LIMIT $2`, task, threadLength)
		return err
	})
	// Read newest first to keep the latest; show oldest first, as a conversation reads.
	slices.Reverse(out)
	return out, err
}
