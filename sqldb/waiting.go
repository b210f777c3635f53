package sqldb

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"civhub"
)

// WaitingFor implements civhub.Workflow: one statement for each kind of answer an organization
// owes, each through the organization's needs, their tasks and the task's assignments or hours
// (indexes needs_organization, tasks_need, assignments_task, hours_task), in one snapshot.
func (s *NeedService) WaitingFor(ctx context.Context, orgs []int64, limit int) ([]civhub.Waiting, error) {
	if len(orgs) == 0 || limit < 1 {
		return nil, nil
	}
	ids := make([]string, len(orgs))
	for i, id := range orgs {
		ids[i] = strconv.FormatInt(id, 10) // numbers, written into the statement as numbers
	}
	tasks := `SELECT t.id, t.title, o.id AS org, o.slug, o.name FROM tasks t JOIN needs n ON n.id = t.need_id
		JOIN organizations o ON o.id = n.organization_id WHERE n.organization_id IN (` + strings.Join(ids, ", ") + `)`
	lim := ` ORDER BY 9, 6 LIMIT ` + strconv.Itoa(limit)
	queries := []string{
		`SELECT '` + civhub.WaitApplication + `', x.org, x.slug, x.name, x.id, a.id, x.title, p.display_name, a.created_at, 0
			FROM (` + tasks + `) x JOIN assignments a ON a.task_id = x.id AND a.status = '` + civhub.AssignApplied + `'
			JOIN people p ON p.id = a.volunteer_id`,
		`SELECT '` + civhub.WaitReview + `', x.org, x.slug, x.name, x.id, a.id, x.title, p.display_name, a.updated_at, 0
			FROM (` + tasks + `) x JOIN assignments a ON a.task_id = x.id AND a.status = '` + civhub.AssignSubmitted + `'
			JOIN people p ON p.id = a.volunteer_id`,
		`SELECT '` + civhub.WaitHours + `', x.org, x.slug, x.name, x.id, h.id, x.title, p.display_name, h.created_at, h.minutes
			FROM (` + tasks + `) x JOIN hours h ON h.task_id = x.id AND h.status = '` + civhub.HoursPending + `'
			JOIN people p ON p.id = h.volunteer_id`,
	}
	var out []civhub.Waiting
	err := s.db.View(ctx, func(tx *Tx) error {
		for _, q := range queries {
			err := eachRow(ctx, tx, func(row scanner) error {
				var w civhub.Waiting
				var id int64
				if err := row.Scan(&w.Kind, &w.OrganizationID, &w.OrgSlug, &w.OrgName, &w.TaskID, &id, &w.TaskTitle,
					&w.Volunteer, &w.Since, &w.Minutes); err != nil {
					return err
				}
				out = append(out, w)
				return nil
			}, q+lim)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b civhub.Waiting) int { return a.Since.Compare(b.Since) })
	return out[:min(len(out), limit)], nil
}
