package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civhub"
)

const taskColumns = `t.id, t.need_id, t.organization_id, n.title, n.causes, o.slug, o.name, o.time_zone, t.title, t.description, t.type, t.skills,
	t.languages, t.source_language, t.target_language, t.estimated_hours, t.deadline, t.volunteers_wanted, t.slots_taken,
	t.urgency, t.join_mode, t.claim_hours, t.courses, t.remote, t.country, t.city, t.status, t.listed OR t.listed_full, t.created_at, t.updated_at`

const taskJoins = ` FROM tasks t JOIN needs n ON n.id = t.need_id JOIN organizations o ON o.id = t.organization_id`

func scanTask(row scanner) (*civhub.Task, error) {
	t := &civhub.Task{}
	var skills, languages, causes, courses list
	var deadline sql.NullTime
	if err := row.Scan(&t.ID, &t.NeedID, &t.OrganizationID, &t.NeedTitle, &causes, &t.OrgSlug, &t.OrgName, &t.OrgTimeZone, &t.Title, &t.Description,
		&t.Type, &skills, &languages, &t.SourceLanguage, &t.TargetLanguage, &t.EstimatedHours, &deadline, &t.VolunteersWanted,
		&t.SlotsTaken, &t.Urgency, &t.JoinMode, &t.ClaimHours, &courses, &t.Remote, &t.Country, &t.City, &t.Status, &t.Listed, &t.CreatedAt,
		&t.UpdatedAt); err != nil {
		return nil, err
	}
	t.Skills, t.Languages, t.Deadline = []string(skills), []string(languages), timePtr(deadline)
	t.NeedCauses, t.Courses = []string(causes), []string(courses)
	return t, nil
}

// CreateTask implements civhub.NeedService.
func (s *NeedService) CreateTask(ctx context.Context, t *civhub.Task, by int64) error {
	if t.Status == "" {
		t.Status = civhub.TaskOpen
	}
	if err := s.validateTask(ctx, t); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		n, err := findNeed(ctx, tx, t.NeedID)
		if err != nil {
			return err
		}
		return insertTask(ctx, tx, n, t, by)
	})
}

func saveTaskSkills(ctx context.Context, tx *Tx, t *civhub.Task) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM task_skills WHERE task_id = $1`, t.ID); err != nil {
		return err
	}
	for _, skill := range unique(t.Skills) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO task_skills (task_id, skill_id) VALUES ($1, $2)`, t.ID, skill); err != nil {
			return err
		}
	}
	return nil
}

// validateTask checks t's fields, and that the courses it requires exist.
func (s *NeedService) validateTask(ctx context.Context, t *civhub.Task) error {
	err := t.Validate(s.validSkill)
	t.Courses = unique(t.Courses)
	for _, c := range t.Courses {
		known, kerr := s.prereq.KnownCourse(ctx, c)
		if kerr != nil {
			return kerr
		}
		if !known {
			err = civhub.MergeFieldErrors(err, civhub.FieldError("courses", "err.course_unknown", "There is no such course."))
			break
		}
	}
	return err
}

// UpdateTask implements civhub.NeedService.
func (s *NeedService) UpdateTask(ctx context.Context, t *civhub.Task, by int64) error {
	if err := s.validateTask(ctx, t); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		t.UpdatedAt = tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE tasks SET title = $1, description = $2, type = $3, skills = $4, languages = $5,
			source_language = $6, target_language = $7, estimated_hours = $8, deadline = $9, volunteers_wanted = $10,
			urgency = $11, join_mode = $12, claim_hours = $13, status = $14, updated_at = $15, courses = $17
			WHERE id = $16 AND slots_taken <= $10`,
			t.Title, t.Description, t.Type, list(t.Skills), list(t.Languages), t.SourceLanguage,
			t.TargetLanguage, t.EstimatedHours, deadlineValue(t.Deadline), t.VolunteersWanted, t.Urgency, t.JoinMode, t.ClaimHours,
			t.Status, t.UpdatedAt, t.ID, list(t.Courses))
		if err != nil {
			return err
		}
		if c, _ := res.RowsAffected(); c != 1 {
			if _, err := findTask(ctx, tx, t.ID); err != nil {
				return err
			}
			return civhub.FieldError("volunteers_wanted", "err.fewer_than_taken", "More volunteers hold this task already.")
		}
		if err := saveTaskSkills(ctx, tx, t); err != nil {
			return err
		}
		if err := refreshListing(ctx, tx, "id", t.ID); err != nil {
			return err
		}
		// An edit that wants more volunteers, or opens the task again, tells those waiting for a place.
		if _, err := s.tellOpenPlace(ctx, tx, t.ID); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: t.OrganizationID, Action: civhub.AuditTaskUpdated, Detail: t.Title})
	})
}

// FindTask implements civhub.NeedService.
func (s *NeedService) FindTask(ctx context.Context, id int64) (*civhub.Task, error) {
	var t *civhub.Task
	err := s.db.Read(ctx, func(tx *Tx) (err error) {
		t, err = findTask(ctx, tx, id)
		return err
	})
	return t, err
}

// FindPlacedTask implements civhub.NeedService, in one statement.
func (s *NeedService) FindPlacedTask(ctx context.Context, id int64) (*civhub.PlacedTask, error) {
	var x civhub.PlacedTask
	err := scanJoined(s.db.read.QueryRowContext(ctx, `SELECT `+taskColumns+`, `+needColumns+`, `+orgColumns+taskJoins+`
		WHERE t.id = $1`, id),
		func(r scanner) (err error) { x.Task, err = scanTask(r); return },
		func(r scanner) (err error) { x.Need, err = scanNeed(r); return },
		func(r scanner) (err error) { x.Org, err = scanOrganization(r); return })
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errTaskNotFound
	}
	if err != nil {
		return nil, err
	}
	return &x, nil
}

func findTask(ctx context.Context, tx *Tx, id int64) (*civhub.Task, error) {
	return readTask(ctx, tx, id, "")
}

// findTaskForUpdate is findTask that also locks the task's row until the transaction ends, so that
// what the transaction decides from it stays true (PostgreSQL; SQLite has one writer).
func findTaskForUpdate(ctx context.Context, tx *Tx, id int64) (*civhub.Task, error) {
	return readTask(ctx, tx, id, tx.db.dialect.forUpdateOf("t"))
}

func readTask(ctx context.Context, tx *Tx, id int64, lock string) (*civhub.Task, error) {
	t, err := scanTask(tx.QueryRowContext(ctx, `SELECT `+taskColumns+taskJoins+` WHERE t.id = $1`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errTaskNotFound
	}
	return t, err
}

// NeedTasks implements civhub.NeedService.
func (s *NeedService) NeedTasks(ctx context.Context, need int64) ([]*civhub.Task, error) {
	var out []*civhub.Task
	err := s.db.Read(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanTask, `SELECT `+taskColumns+taskJoins+` WHERE t.need_id = $1 ORDER BY t.id`, need)
		return err
	})
	return out, err
}

// searchWords returns the words of a search query, letters and digits only, at most eight, so that
// nothing typed is read as search syntax.
func searchWords(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return words[:min(len(words), 8)]
}

// SearchTasks implements civhub.NeedService. Words are read, where the database keeps them so,
// in the page's order: on SQLite by deadline (tasks_fts_due), on PostgreSQL for rare words
// (task_words, see searchByWord). Otherwise the plan goes by how many tasks the words match
// (textPlan): few are found first, alone, in a CTE (on SQLite, combining MATCH with other
// conditions can be a thousand times slower), and the filters apply to them; many are checked on
// each listed task read in the page's order. Pages are keyset pages: no COUNT and no OFFSET.
func (s *NeedService) SearchTasks(ctx context.Context, f civhub.TaskFilter) (*civhub.TaskPage, error) {
	return s.searchTasks(ctx, f, true)
}

// searchTasks is SearchTasks, reading the tasks of its leading word from task_words when byWords is
// set and the search suits it (see searchesByWord).
func (s *NeedService) searchTasks(ctx context.Context, f civhub.TaskFilter, byWords bool) (*civhub.TaskPage, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	var where []string
	var args sqlArgs
	arg := args.add
	from := taskJoins
	prefix := ""
	words := searchWords(f.Query)
	// SQLite keeps the listed tasks' words in deadline order (migration 40): a search by deadline
	// reads its matches in the page's order, however many there are, and needs no plan.
	due := len(words) > 0 && f.Sort == "deadline" && !f.Full && s.db.dialect.indexesWordsByDeadline()
	if due {
		// CROSS JOIN keeps the text index first: its order is the page's.
		from = ` FROM tasks_fts_due f CROSS JOIN tasks t ON t.id = f.rowid % ` + strconv.FormatInt(dueKeyIDs, 10) +
			strings.TrimPrefix(taskJoins, " FROM tasks t")
		where = append(where, "tasks_fts_due MATCH "+arg(s.db.dialect.textQuery(words)))
	}
	byWord := byWords && s.searchesByWord(ctx, f, words)
	if byWord {
		// The leading word's tasks, batch by batch (see searchByWord), each checked against every word.
		where = append(where, s.db.dialect.tasksMatching("t", arg(s.db.dialect.textQuery(words))), "t.id IN ("+idsPlaceholder+")")
	} else if len(words) > 0 && !due {
		text := s.db.dialect.textQuery(words)
		switch plan := s.textPlan(ctx, f, words, text); plan {
		case planProbe:
			where = append(where, "EXISTS (SELECT 1 FROM tasks_fts x WHERE tasks_fts MATCH "+arg(text)+" AND x.rowid = t.id)")
		case planFilter:
			where = append(where, s.db.dialect.tasksMatching("t", arg(text)))
		default:
			prefix = "WITH m AS " + s.db.dialect.materialized() + "(" + s.db.dialect.matchTasks(arg(text)) + ") "
			from = taskJoins + ` JOIN m ON m.id = t.id`
		}
	}
	if f.Full {
		where = append(where, "t.listed_full = TRUE")
	} else {
		where = append(where, "t.listed = TRUE")
	}
	if f.Type != "" {
		where = append(where, "t.type = "+arg(f.Type))
	}
	if f.Skill != "" {
		where = append(where, "EXISTS (SELECT 1 FROM task_skills k WHERE k.task_id = t.id AND k.skill_id = "+arg(f.Skill)+")")
	}
	if f.Language != "" {
		p := arg(f.Language)
		where = append(where, "("+s.db.dialect.listHas("t.languages", p)+" OR t.source_language = "+p+" OR t.target_language = "+p+")")
	}
	if f.Remote != nil {
		where = append(where, "t.remote = "+arg(*f.Remote))
	}
	if f.Country != "" {
		where = append(where, "t.country = "+arg(f.Country))
	}
	if f.Cause != "" {
		where = append(where, s.db.dialect.listHas("n.causes", arg(f.Cause)))
	}
	if f.MaxHours > 0 {
		where = append(where, "t.estimated_hours <= "+arg(f.MaxHours))
	}
	if f.UrgentOnly {
		where = append(where, "t.urgency = 'urgent'")
	}
	if f.DeadlineBy != nil {
		where = append(where, "t.deadline IS NOT NULL AND t.deadline <= "+arg(f.DeadlineBy.UTC()))
	}
	order := "t.id DESC"
	if prefix != "" {
		// The same order, read from the text index: SQLite's FTS5 gives its matches newest first
		// and the query stops at the page's end instead of sorting every match.
		order = "m.id DESC"
	}
	if f.Sort == "deadline" {
		order = "t.deadline, t.id"
		where = append(where, "t.deadline IS NOT NULL")
		if due {
			order = "f.rowid"
		}
		if at, id, ok := parseDeadlineCursor(f.After); ok && due {
			where = append(where, "f.rowid > "+arg(dueKey(at, id)))
		} else if ok {
			a, b := arg(at), arg(id)
			where = append(where, "(t.deadline > "+a+" OR (t.deadline = "+a+" AND t.id > "+b+"))")
		}
	} else if id, err := strconv.ParseInt(f.After, 10, 64); err == nil {
		where = append(where, "t.id < "+arg(id))
	}
	// The limit is written into the statement, not passed: PostgreSQL's cached generic plan of a
	// statement with a LIMIT parameter assumes a tenth of the rows and starts parallel workers to read
	// them (51 ms instead of 1 for the first page of a type, by deadline, at large).
	query := prefix + `SELECT ` + taskColumns + from + ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY ` + order + ` LIMIT ` + strconv.Itoa(f.Limit+1)
	page := &civhub.TaskPage{}
	// One statement sees one snapshot: it needs no transaction of its own, which on PostgreSQL
	// would cost two more round trips (BEGIN, COMMIT) on the busiest page.
	var err error
	if byWord {
		var ok bool
		if page.Tasks, ok, err = s.searchByWord(ctx, f, s.leadingWord(ctx, words), query, args); err == nil && !ok {
			// Too many words start so ("de"): the search goes to the other plans.
			return s.searchTasks(ctx, f, false)
		}
	} else {
		page.Tasks, err = collect(ctx, s.db.read, scanTask, query, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("search tasks: %w", err)
	}
	if len(page.Tasks) > f.Limit {
		page.Tasks = page.Tasks[:f.Limit]
		last := page.Tasks[len(page.Tasks)-1]
		page.Next = strconv.FormatInt(last.ID, 10)
		if f.Sort == "deadline" {
			page.Next = strconv.FormatInt(last.Deadline.UnixNano(), 10) + "-" + page.Next
		}
	}
	return page, nil
}

// How a text search runs, by how many tasks its words match.
const (
	planSort   = iota // few: the matches are found first, alone, then filtered and sorted
	planFilter        // many: the tasks are read in the page's order, each checked against the words
	planProbe         // very many, and words short enough for the prefix index: each task read in deadline order is looked up in the text index (SQLite)
)

// Match counts that choose a plan: sorting up to commonMatches is quick; from there, a page is found
// early in deadline order, and the cost is collecting the matches; past denseMatches, a page is found
// within a few hundred tasks, and looking each up costs less than collecting them all, when the
// prefix index answers the lookup (words of 2 to 4 letters: 00020_task_search_prefix). On SQLite
// fewer matches than commonMatches are already many: see fewMatches.
var commonMatches, denseMatches = 5000, 50000

// minFewMatches is the least number of matches fewMatches counts as many.
const minFewMatches = 32

// fewMatches is how many matches are few enough to find first and sort, among listed tasks (-1:
// unknown), on a database of dialect d. Sorting costs a read of each match's task, and its need
// and organization; reading the listed tasks in the page's order costs a check of each, about
// 21·listed/matches of them for a page, so the two cost the same near a multiple of √listed
// matches (see Dialect.fewMatchesPerRoot). On SQLite at medium (8,750 listed), "newsletter" (346
// matches) took 6.8 ms sorted and 0.9 in deadline order, "subvención" (45) 1.3 sorted and 1.8 in
// order, "de" (4,351) 25 and 5.6; on PostgreSQL, "subvención" newest first, left to the planner,
// took 353 ms at the 99th percentile at 500 searches a second, the planner reading tasks newest
// first for the 21 matches that are not there.
func fewMatches(listed int, d Dialect) int {
	if listed < 0 {
		return commonMatches
	}
	return min(commonMatches, max(minFewMatches, int(d.fewMatchesPerRoot()*math.Sqrt(float64(listed)))))
}

// fewMatchesFor is fewMatches for a search of f: on PostgreSQL, with a type or a country to match,
// only a handful. Left to the planner, the words and the type meet in the indexes (a BitmapAnd of
// the text index and the type's), so no task is read that has not both; found first, every match
// is read and its text checked again. "subvención" with a type it is never in (2,901 matches among
// 500,000 tasks) took 60–90 ms left to the planner and 750–870 found first in EXPLAIN ANALYZE on a
// loaded machine; the median of SearchTasks alone went 0.66–0.83 times as long (go test -bench
// 'AtScale/postgres/large/SearchWordsOfOtherTypes' ./gen).
func fewMatchesFor(f civhub.TaskFilter, listed int, d Dialect) int {
	few := fewMatches(listed, d)
	if d.intersectsIndexes() && (f.Type != "" || f.Country != "") {
		few = min(few, minFewMatches)
	}
	return few
}

// textPlan chooses how to run a text search (text, of words) of f by how many tasks its words
// match: on PostgreSQL, estimated from its statistics when they know the words (see wordStats);
// otherwise counted, no further than the dialect needs to choose (see Dialect.plansTextSearch).
// For words the statistics do not know, PostgreSQL's planner can only guess, guesses thousands, and
// for a word that matches nothing reads every task in the page's order (1.6 s among 500,000 tasks).
func (s *NeedService) textPlan(ctx context.Context, f civhub.TaskFilter, words []string, text string) int {
	limit := s.db.dialect.plansTextSearch(f.Sort)
	if limit == 0 {
		return planSort
	}
	few := fewMatchesFor(f, s.listed.count(ctx, s.db), s.db.dialect)
	if s.db.dialect.keepsWordStats() {
		if n, ok := s.words.estimate(ctx, s.db, words); ok {
			// Left to choose, the planner finds a word in 2,901 of 500,000 tasks in 4.7 ms, where
			// finding the matches first took 17.
			return planFor(n, few, words, false)
		}
	}
	// Counting the matches is cheap when the words are rare, and bounded when they are not; the
	// count is kept a minute (see matchCounts).
	n, err := s.matches.get(text, limit, func() (n int, err error) {
		err = s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+s.db.dialect.matchTasks("$1")+` LIMIT `+strconv.Itoa(limit)+`) c`,
			text).Scan(&n)
		return n, err
	})
	if err != nil {
		return planSort // the error shows when the search itself runs
	}
	return planFor(n, few, words, s.db.dialect.probesPrefixes())
}

// planFor is the plan for a search of words that match n tasks, of which fewer than few are few,
// on a database that can probe the text index by prefix or not.
func planFor(n, few int, words []string, probes bool) int {
	switch {
	case n < few:
		return planSort
	case n >= denseMatches && probes &&
		!slices.ContainsFunc(words, func(w string) bool { c := utf8.RuneCountInString(w); return c < 2 || c > 4 }):
		return planProbe
	}
	return planFilter
}

// dueKeyIDs is how many task IDs one second of deadline keys holds (migration 40): a key is the
// deadline's second since 2000 times dueKeyIDs, plus the task's ID.
const dueKeyIDs = 1 << 31

// dueEpoch is the second that deadline keys count from: 2000-01-01, the earliest deadline allowed.
var dueEpoch = civhub.EarliestTime.Unix()

// dueKey is the greatest key of a task due before or at at, with an ID at most id: the tasks after
// (at, id) in deadline order have greater keys. Any cursor gives a key: those before 2000 one below
// every key, those after 2099 one above.
func dueKey(at time.Time, id int64) int64 {
	sec := min(max(at.Unix()-dueEpoch, -1), civhub.LatestTime.Unix()-dueEpoch)
	return sec*dueKeyIDs + min(max(id, -1), dueKeyIDs-1)
}

// parseDeadlineCursor reads a "deadline-id" cursor.
func parseDeadlineCursor(s string) (time.Time, int64, bool) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return time.Time{}, 0, false
	}
	ns, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil {
		return time.Time{}, 0, false
	}
	return time.Unix(0, ns).UTC(), id, true
}

// CandidateTasks implements civhub.NeedService: the newest open tasks wanting each of the skills,
// through the skill index, and translations into each of the languages, through the target-language
// index, up to limit in all. Only a volunteer with no skills gets other tasks by language: those
// have no index, and a rare language would mean reading every task. Each indexed lookup reads only
// as many rows as it returns, however many tasks there are.
func (s *NeedService) CandidateTasks(ctx context.Context, skills, languages []string, limit int) ([]*civhub.Task, error) {
	if len(skills)+len(languages) == 0 || limit < 1 {
		return nil, nil
	}
	per := max(limit/(len(skills)+len(languages)), 20)
	// One statement, so one round trip: each lookup is a branch with its own limit, and the tasks
	// they find are read at once.
	var branches []string
	var args sqlArgs
	arg := args.add
	for _, sk := range skills {
		branches = append(branches, `SELECT k.task_id AS id FROM task_skills k JOIN tasks t ON t.id = k.task_id
			WHERE k.skill_id = `+arg(sk)+` AND t.listed = TRUE ORDER BY k.task_id DESC LIMIT `+strconv.Itoa(per))
	}
	// Translations into a language the volunteer knows, through the target-language index.
	for _, l := range languages {
		branches = append(branches, `SELECT id FROM tasks WHERE target_language = `+arg(l)+` AND listed = TRUE
			ORDER BY id DESC LIMIT `+strconv.Itoa(per))
	}
	if len(skills) == 0 {
		for _, l := range languages {
			p := arg(l)
			branches = append(branches, `SELECT t.id FROM tasks t WHERE t.listed = TRUE
				AND (`+s.db.dialect.listHas("t.languages", p)+` OR t.source_language = `+p+` OR t.target_language = `+p+`)
				ORDER BY t.id DESC LIMIT `+strconv.Itoa(per))
		}
	}
	for i, b := range branches {
		branches[i] = `SELECT id FROM (` + b + `) b` + strconv.Itoa(i)
	}
	out, err := collect(ctx, s.db.read, scanTask, `WITH c AS (`+strings.Join(branches, " UNION ")+`)
		SELECT `+taskColumns+taskJoins+` WHERE t.id IN (SELECT id FROM c) ORDER BY t.id DESC LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("candidate tasks: %w", err)
	}
	return out, nil
}
