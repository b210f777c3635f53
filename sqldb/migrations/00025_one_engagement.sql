-- One engagement per volunteer per task, enforced by the database: at most one assignment of a
-- volunteer on a task may be going on (the statuses of activeStatuses in workflow.go). Concurrent
-- claims on PostgreSQL once gave one volunteer several places; any such duplicates are withdrawn
-- (the earliest engagement stays) and every task's count of taken places is recounted first.
-- +goose Up
UPDATE assignments SET status = 'withdrawn'
WHERE status IN ('claimed', 'applied', 'accepted', 'in_progress', 'submitted', 'returned', 'approved')
  AND EXISTS (SELECT 1 FROM assignments AS earlier
    WHERE earlier.task_id = assignments.task_id AND earlier.volunteer_id = assignments.volunteer_id AND earlier.id < assignments.id
      AND earlier.status IN ('claimed', 'applied', 'accepted', 'in_progress', 'submitted', 'returned', 'approved'));
UPDATE tasks SET slots_taken = (SELECT COUNT(*) FROM assignments
  WHERE assignments.task_id = tasks.id AND assignments.status IN ('claimed', 'accepted', 'in_progress', 'submitted', 'returned', 'approved', 'done'))
WHERE id IN (SELECT task_id FROM assignments GROUP BY task_id, volunteer_id HAVING COUNT(*) > 1);
CREATE UNIQUE INDEX assignments_one_active ON assignments (task_id, volunteer_id)
  WHERE status IN ('claimed', 'applied', 'accepted', 'in_progress', 'submitted', 'returned', 'approved');

-- +goose Down
DROP INDEX assignments_one_active;
