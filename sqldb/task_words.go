package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"civhub"
)

// On PostgreSQL, a search with words reads the tasks of one of its words in the page's order from
// task_words (migration 41) in batches, and checks each task of a batch against every word and
// filter, until the page is full or the word's tasks run out. Each batch is an index range read:
// the planner, given a word list and the filters in one statement, hashes or bitmaps them and
// reads every match before the first row (20–37 ms for a word in 711 tasks in EXPLAIN ANALYZE,
// against 3.5 ms for the same search left to it).

// maxWordForms is how many words may start with the word that leads a search before the search is
// left to the other plans: a short prefix ("de") starts hundreds.
const maxWordForms = 16

// firstWordBatch is how many of the leading word's tasks the first batch reads; each next batch
// reads four times as many, up to lastWordBatch, whose IDs still make a statement of tens of
// kilobytes rather than megabytes.
const firstWordBatch, lastWordBatch = 64, 4096

// leadingWord is the word of words whose tasks a search reads: the one in the fewest tasks by the
// statistics, a word they do not know counting as fewer than any they do (they keep the common
// ones); among equals, the longest, which starts the fewest words.
func (s *NeedService) leadingWord(ctx context.Context, words []string) string {
	lead, least := "", -1
	for _, w := range words {
		n, known := s.words.estimate(ctx, s.db, []string{w})
		if !known {
			n = 0
		}
		if least < 0 || n < least || (n == least && utf8.RuneCountInString(w) > utf8.RuneCountInString(lead)) {
			lead, least = w, n
		}
	}
	return lead
}

// wordCursor is a place in the order of a word's tasks: a task ID, and for deadline order its
// deadline.
type wordCursor struct {
	id       int64
	deadline time.Time
	set      bool
}

// wordBatch returns up to n IDs of listed tasks (of type typ, unless "") holding a word that starts with prefix, after c, in
// the page's order (newest first, or by deadline), and the place of the last; ok is false when more
// than maxWordForms words start with prefix. One statement: the words are found with one look-up
// each in task_words_newest (a loose index scan), and each word's tasks read from their index in
// order, n at most.
func (s *NeedService) wordBatch(ctx context.Context, prefix, typ string, byDeadline bool, c wordCursor, n int) (ids []int64, last wordCursor, ok bool, err error) {
	args := sqlArgs{prefix}
	arg := args.add
	order, due, after := "task_id DESC", "", ""
	if byDeadline {
		order, due = "deadline, task_id", " AND deadline IS NOT NULL"
	}
	if typ != "" {
		// The type is in the indexes: a word's tasks of other types are passed over in the index.
		due += " AND type = " + arg(typ)
	}
	if c.set && byDeadline {
		after = " AND (deadline, task_id) > (" + arg(c.deadline) + "::timestamptz, " + arg(c.id) + "::bigint)"
	} else if c.set {
		after = " AND task_id < " + arg(c.id)
	}
	limit := strconv.Itoa(n)
	// The prefix is folded as the search's query folds it ('simple' lowercases in the database's own
	// way); the words lie between it and it followed by the last code point, in byte order. A task
	// holding two of the words is read once (GROUP BY).
	q := `WITH RECURSIVE p(lo, hi) AS (
			SELECT l::text COLLATE "C", (l || chr(1114111))::text COLLATE "C" FROM (SELECT (ts_lexize('simple', $1))[1] AS l) x),
		e(word) AS (
			(SELECT word FROM task_words WHERE word >= (SELECT lo FROM p) AND word < (SELECT hi FROM p) ORDER BY word LIMIT 1)
			UNION ALL
			SELECT (SELECT w.word FROM task_words w WHERE w.word > e.word AND w.word < (SELECT hi FROM p) ORDER BY w.word LIMIT 1)
				FROM e WHERE e.word IS NOT NULL),
		f AS (SELECT word FROM e WHERE word IS NOT NULL LIMIT ` + strconv.Itoa(maxWordForms+1) + `)
		SELECT (SELECT count(*) FROM f), b.task_id, b.deadline FROM (SELECT 1) one LEFT JOIN (
			SELECT task_id, deadline FROM f CROSS JOIN LATERAL (
				SELECT task_id, deadline FROM task_words w WHERE w.word = f.word` + due + after + ` ORDER BY ` + order + ` LIMIT ` + limit + `) c
			GROUP BY task_id, deadline ORDER BY ` + order + ` LIMIT ` + limit + `) b ON TRUE
		ORDER BY ` + strings.ReplaceAll(strings.ReplaceAll(order, "task_id", "b.task_id"), "deadline,", "b.deadline,")
	last, ok = c, true
	err = eachRow(ctx, s.db.read, func(row scanner) error {
		var forms int
		var id *int64
		var d *time.Time
		if err := row.Scan(&forms, &id, &d); err != nil {
			return err
		}
		ok = forms <= maxWordForms
		if id != nil {
			ids = append(ids, *id)
			last = wordCursor{id: *id, set: true}
			if d != nil {
				last.deadline = *d
			}
		}
		return nil
	}, q, args...)
	if err != nil {
		return nil, c, false, fmt.Errorf("word batch: %w", err)
	}
	return ids, last, ok, nil
}

// searchByWord returns the tasks of query (the search's statement, its candidates left as
// idsPlaceholder), read batch by batch from the tasks of the words that start with prefix, from the
// cursor f.After, at most f.Limit+1; ok is false, with nothing read, when the prefix starts too
// many words and the search is better left to the other plans.
func (s *NeedService) searchByWord(ctx context.Context, f civhub.TaskFilter, prefix, query string, args []any) (out []*civhub.Task, ok bool, err error) {
	byDeadline := f.Sort == "deadline"
	var c wordCursor
	if byDeadline {
		if at, id, ok := parseDeadlineCursor(f.After); ok {
			c = wordCursor{id: id, deadline: at, set: true}
		}
	} else if id, err := strconv.ParseInt(f.After, 10, 64); err == nil {
		c = wordCursor{id: id, set: true}
	}
	for n := firstWordBatch; ; n = min(n*4, lastWordBatch) {
		ids, next, ok, err := s.wordBatch(ctx, prefix, f.Type, byDeadline, c, n)
		if err != nil || !ok {
			return nil, ok, err
		}
		if len(ids) > 0 {
			list := make([]string, len(ids))
			for i, id := range ids {
				list[i] = strconv.FormatInt(id, 10)
			}
			// The IDs came from the database: written into the statement, they spare PostgreSQL an
			// array parameter.
			tasks, err := collect(ctx, s.db.read, scanTask, strings.Replace(query, idsPlaceholder, strings.Join(list, ", "), 1), args...)
			if err != nil {
				return nil, true, err
			}
			out = append(out, tasks...)
		}
		if len(out) > f.Limit || len(ids) < n {
			return out[:min(len(out), f.Limit+1)], true, nil
		}
		c = next
	}
}

// idsPlaceholder stands for the candidates' IDs in a statement of searchByWord.
const idsPlaceholder = "/*ids*/0"

// searchesByWord reports whether a search of f by words reads its leading word's tasks from
// task_words: on PostgreSQL, for listed tasks, without a country (whose index PostgreSQL
// intersects with the text index), for words in few tasks. "subvención" with a type it is never
// in: open-loop p99 at 500 a second 18.7–67 ms left to the planner (a BitmapAnd of the word's and
// the type's indexes), 2.1–2.3 ms read from task_words with the type in its indexes. For a word in many, the
// planner fills a page from the first few hundred tasks it reads, in fewer statements: with 50
// clients, "newsletter" (19,286 tasks) by deadline went 962 a second this way and 1,291 left to it,
// where "subvención" (2,901) newest first went 1,161 a second this way and 538 left to it.
func (s *NeedService) searchesByWord(ctx context.Context, f civhub.TaskFilter, words []string) bool {
	return s.db.dialect.keepsTaskWords() && !f.Full && f.Country == "" && len(words) > 0 &&
		s.words.sparse(ctx, s.db, words)
}
