package gen_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/gen"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// number runs a query of one number.
func number(t *testing.T, db *sqldb.DB, query string, args ...any) float64 {
	t.Helper()
	var n float64
	if err := db.Writer().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// listRule is sqldb's refreshListing, the rule that keeps tasks open to volunteers (listed with a
// place left, listed_full with none), as a condition on a task t.
const listRule = `(t.status = 'open'
	AND EXISTS (SELECT 1 FROM needs n WHERE n.id = t.need_id AND n.status IN ('open', 'in_progress'))
	AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = t.organization_id AND o.verification = 'verified' AND o.at_risk = FALSE))`

// TestShape generates the small world on both databases and checks that it looks like data in use:
// the tasks' states in their shares, consistent with their needs and assignments, deadlines of many
// values, words that follow the task's type with common and rare ones, and organizations of very
// unequal sizes; and that the same seed makes the same rows.
func TestShape(t *testing.T) {
	small, err := gen.FindScale("small")
	if err != nil {
		t.Fatal(err)
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		start := time.Now()
		if err := gen.Fill(ctx, db, small, 3, nil); err != nil {
			t.Fatal(err)
		}
		if tasks := count(t, db, "tasks"); tasks != small.Tasks {
			t.Fatalf("%d tasks, want %d", tasks, small.Tasks)
		}
		t.Run("states", func(t *testing.T) { checkStates(t, db) })
		t.Run("consistency", func(t *testing.T) { checkConsistency(t, db, start) })
		t.Run("deadlines", func(t *testing.T) { checkDeadlines(t, db, start) })
		t.Run("words", func(t *testing.T) { checkWords(t, db) })
		t.Run("organizations", func(t *testing.T) { checkOrganizations(t, db) })
		t.Run("same seed", func(t *testing.T) {
			other := sqldbtest.Open(t, db.Dialect())
			if err := gen.Fill(ctx, other, small, 3, nil); err != nil {
				t.Fatal(err)
			}
			if a, b := fingerprint(t, db), fingerprint(t, other); a != b {
				t.Fatalf("the same seed made different rows: %s, then %s", a, b)
			}
		})
	})
}

// checkStates holds the shares of the tasks' states to gen's targets, within a few points.
func checkStates(t *testing.T, db *sqldb.DB) {
	total := number(t, db, `SELECT COUNT(*) FROM tasks`)
	done := `EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.status = 'approved')`
	for _, c := range []struct {
		name      string
		where     string
		target    float64 // percent
		tolerance float64
	}{
		{"open and listed", `(t.listed OR t.listed_full)`, 35, 4},
		{"open, not listed (the need is a draft)", `t.status = 'open' AND NOT t.listed AND NOT t.listed_full`, 5, 3},
		{"drafts", `t.status = 'draft'`, 10, 4},
		{"closed after being done", `t.status = 'closed' AND ` + done, 34.5, 5},
		{"closed without being done", `t.status = 'closed' AND NOT ` + done, 15.5, 4},
		{"listed with some places taken", `(t.listed OR t.listed_full) AND t.slots_taken > 0`, 17.5, 4},
		{"listed and full", `t.listed_full AND t.slots_taken = t.volunteers_wanted`, 12, 4},
	} {
		share := 100 * number(t, db, `SELECT COUNT(*) FROM tasks t WHERE `+c.where) / total
		if share < c.target-c.tolerance || share > c.target+c.tolerance {
			t.Errorf("%s: %.1f%% of tasks, want %.1f ± %.0f", c.name, share, c.target, c.tolerance)
		}
	}
}

// checkConsistency checks that the rows agree with each other as civhub keeps them: listed is what
// the application computes, a closed need's tasks are closed, every task's count of places taken is
// the count of assignments that hold one, claims have not run out, and accepted applications have
// agreements.
func checkConsistency(t *testing.T, db *sqldb.DB, start time.Time) {
	holding := "('" + strings.Join(civhub.StatusesWhere(civhub.HoldsSlot), "', '") + "')"
	for _, c := range []struct{ name, query string }{
		{"tasks whose listed differs from the application's rule", `SELECT COUNT(*) FROM tasks t WHERE t.listed <> (` + listRule + ` AND t.slots_taken < t.volunteers_wanted)`},
		{"tasks whose listed_full differs from the application's rule", `SELECT COUNT(*) FROM tasks t WHERE t.listed_full <> (` + listRule + ` AND t.slots_taken >= t.volunteers_wanted)`},
		{"open tasks of closed needs", `SELECT COUNT(*) FROM tasks t JOIN needs n ON n.id = t.need_id
			WHERE n.status IN ('completed', 'archived') AND t.status <> 'closed'`},
		{"tasks whose slots_taken is not their assignments holding a place", `SELECT COUNT(*) FROM tasks t
			WHERE t.slots_taken <> (SELECT COUNT(*) FROM assignments a WHERE a.task_id = t.id AND a.status IN ` + holding + `)`},
		{"tasks with more places taken than wanted", `SELECT COUNT(*) FROM tasks WHERE slots_taken > volunteers_wanted`},
		{"assignments on drafts", `SELECT COUNT(*) FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.status = 'draft'`},
		{"accepted applications without an agreement", `SELECT COUNT(*) FROM assignments a JOIN tasks t ON t.id = a.task_id
			WHERE t.join_mode = 'apply' AND a.status IN ` + holding + ` AND NOT EXISTS (SELECT 1 FROM agreements g WHERE g.assignment_id = a.id)`},
		{"listed tasks never matched", `SELECT COUNT(*) FROM tasks WHERE (listed OR listed_full) AND matched_at IS NULL`},
	} {
		if n := number(t, db, c.query); n != 0 {
			t.Errorf("%s: %.0f", c.name, n)
		}
	}
	if n := number(t, db, `SELECT COUNT(*) FROM assignments WHERE status = 'claimed' AND expires_at <= $1`, start.UTC()); n != 0 {
		t.Errorf("%.0f claims ran out already", n)
	}
	if n := number(t, db, `SELECT COUNT(*) FROM tasks t WHERE `+listRule); n == 0 {
		t.Error("no task is listed")
	}
}

// checkDeadlines checks that deadlines take many values, many tasks have none, and closed tasks'
// have passed while open tasks' are mostly to come.
func checkDeadlines(t *testing.T, db *sqldb.DB, start time.Time) {
	if n := number(t, db, `SELECT COUNT(DISTINCT deadline) FROM tasks`); n < 500 {
		t.Errorf("%.0f distinct deadlines, want more than 500", n)
	}
	if n := number(t, db, `SELECT COUNT(*) FROM tasks WHERE deadline IS NULL`); n < 200 || n > 450 {
		t.Errorf("%.0f tasks without a deadline, want a fifth to two fifths", n)
	}
	if n := number(t, db, `SELECT COUNT(*) FROM tasks WHERE status = 'closed' AND deadline > $1`, start.UTC()); n != 0 {
		t.Errorf("%.0f closed tasks due in the future", n)
	}
	future := number(t, db, `SELECT COUNT(*) FROM tasks WHERE listed AND deadline > $1`, start.UTC())
	if all := number(t, db, `SELECT COUNT(*) FROM tasks WHERE listed AND deadline IS NOT NULL`); future < 0.8*all {
		t.Errorf("%.0f of %.0f listed tasks with a deadline are due in the future", future, all)
	}
	hours := number(t, db, `SELECT COUNT(DISTINCT `+map[sqldb.Dialect]string{sqldb.SQLite: `strftime('%H', deadline)`,
		sqldb.Postgres: `EXTRACT(HOUR FROM deadline)`}[db.Dialect()]+`) FROM tasks`)
	if hours != 24 {
		t.Errorf("deadlines at %.0f hours of the day, want all 24", hours)
	}
}

// typeWords are words that say a task's type, in the four languages.
var typeWords = map[string][]string{
	civhub.TaskTranslation: {"tradu", "transl", "ترجم"},
	"mapping":              {"map", "cartogr", "georref", "géoloc", "geotag", "خريطة", "مواقع"},
}

// checkWords checks that titles use the words of their type far more often than other tasks do,
// and that the vocabulary has very common words and a long tail of rare ones.
func checkWords(t *testing.T, db *sqldb.DB) {
	for typ, words := range typeWords {
		var like []string
		for _, w := range words {
			like = append(like, "LOWER(title) LIKE '%"+w+"%'")
		}
		has := "(" + strings.Join(like, " OR ") + ")"
		of := number(t, db, `SELECT AVG(CASE WHEN `+has+` THEN 1.0 ELSE 0 END) FROM tasks WHERE type = $1`, typ)
		others := number(t, db, `SELECT AVG(CASE WHEN `+has+` THEN 1.0 ELSE 0 END) FROM tasks WHERE type <> $1`, typ)
		if of < 0.7 || of < 10*others {
			t.Errorf("%s: %.0f%% of its titles say %v, %.1f%% of other titles", typ, 100*of, words, 100*others)
		}
	}
	rows, err := db.Writer().QueryContext(context.Background(), `SELECT title FROM tasks`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	counts := map[string]int{}
	titles := 0
	for rows.Next() {
		var title string
		if err := rows.Scan(&title); err != nil {
			t.Fatal(err)
		}
		titles++
		for _, w := range strings.Fields(strings.ToLower(title)) {
			counts[w]++
		}
	}
	var common, rare int
	for _, n := range counts {
		switch {
		case n >= titles/20:
			common++
		case n*200 <= titles:
			rare++
		}
	}
	if common < 5 || rare < 100 {
		t.Errorf("%d title words in 5%% of titles or more, %d in 0.5%% or fewer; want very common ones and a long tail", common, rare)
	}
}

// checkOrganizations checks that organizations are of very unequal sizes: the largest posts many
// times the tasks of the median one among those that post.
func checkOrganizations(t *testing.T, db *sqldb.DB) {
	rows, err := db.Writer().QueryContext(context.Background(), `SELECT COUNT(*) FROM tasks GROUP BY organization_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var sizes []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, n)
	}
	slices.Sort(sizes)
	if largest, median := sizes[len(sizes)-1], sizes[len(sizes)/2]; largest < 6*median {
		t.Errorf("the largest organization has %d tasks, the median %d; want many times more", largest, median)
	}
}

// fingerprint sums up the rows of needs, tasks and assignments, all but their times, which are
// counted from when the world was generated.
func fingerprint(t *testing.T, db *sqldb.DB) string {
	h := sha256.New()
	for _, q := range []string{
		`SELECT id, organization_id, title, status FROM needs ORDER BY id`,
		`SELECT id, need_id, title, description, type, status, CASE WHEN listed THEN 1 ELSE 0 END, volunteers_wanted, slots_taken,
			join_mode, CASE WHEN deadline IS NULL THEN 0 ELSE 1 END FROM tasks ORDER BY id`,
		`SELECT id, task_id, volunteer_id, status FROM assignments ORDER BY id`,
	} {
		rows, err := db.Writer().QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			values := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range values {
				ptrs[i] = &values[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, values...)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}
