package sqldb

import (
	"context"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// wordStats knows the words PostgreSQL's own statistics of the task texts hold (pg_stats' most common
// elements of tasks.search, which ANALYZE and autovacuum keep), each with the share of tasks it is in,
// and how many tasks there are. A search for such words is planned from their estimated matches
// instead of a count. The statistics are read at most every statsRefresh and shared by every search
// of the node.
type wordStats struct {
	mu      sync.Mutex
	readAt  time.Time
	lexemes []string
	shares  []float64 // the share of tasks each lexeme is in
	tasks   float64   // the tasks the statistics were taken of
}

// statsRefresh is how long the statistics are used before they are read again.
const statsRefresh = 10 * time.Minute

// estimate returns about how many tasks hold every one of words, each as a word or the start of
// some (the least of the words' matches, each the sum of the lexemes it starts), and whether the
// statistics know each word.
func (w *wordStats) estimate(ctx context.Context, db *DB, words []string) (int, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if time.Since(w.readAt) > statsRefresh {
		w.read(ctx, db)
	}
	least := math.Inf(1)
	for _, word := range words {
		share, known := 0.0, false
		for i, l := range w.lexemes {
			if strings.HasPrefix(l, word) {
				share, known = share+w.shares[i], true
			}
		}
		if !known {
			return 0, false
		}
		least = min(least, share*w.tasks)
	}
	if len(words) == 0 {
		return 0, false
	}
	return int(least), true
}

// sparse reports whether words are in so few tasks that a page of them, read in order from all
// tasks, would read more than about a thousand (see searchesByWord): the statistics do not know one
// of them (they keep the common words), or the least of their estimates is under a 48th of the
// tasks ("subvención", in 2,901 of 500,000, is; "newsletter", in 19,286, is not).
func (w *wordStats) sparse(ctx context.Context, db *DB, words []string) bool {
	n, ok := w.estimate(ctx, db, words)
	if !ok {
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return float64(n) < w.tasks/48
}

// read loads the statistics; on an error it keeps none, and searches count their matches instead.
// It reads them for every search of the node, so a client that goes away must not cut it short and
// leave the node without statistics until the next refresh.
func (w *wordStats) read(ctx context.Context, db *DB) {
	w.readAt = time.Now()
	w.lexemes, w.shares, w.tasks = nil, nil, 0
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	// most_common_elem_freqs holds one share for each element, then three more numbers.
	var lexemes []string
	var shares []float64
	var tasks float64
	err := eachRow(ctx, db.read, func(rows scanner) error {
		var l string
		var share float64
		if err := rows.Scan(&l, &share, &tasks); err != nil {
			return err
		}
		lexemes, shares = append(lexemes, l), append(shares, share)
		return nil
	}, `SELECT e.lexeme, e.share, c.reltuples FROM pg_stats s
		JOIN pg_class c ON c.relname = s.tablename AND c.relnamespace = current_schema()::regnamespace,
		unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs[1:array_length(s.most_common_elems::text::text[], 1)]) AS e(lexeme, share)
		WHERE s.schemaname = current_schema() AND s.tablename = 'tasks' AND s.attname = 'search'`)
	if err != nil {
		return
	}
	w.lexemes, w.shares, w.tasks = lexemes, shares, max(tasks, 0)
}

// listedTasks knows about how many tasks are listed, read at most every listedRefresh: on SQLite it
// sets how few a search's matches must be for finding them first to beat reading the listed tasks
// in deadline order (see fewMatches).
type listedTasks struct {
	mu     sync.Mutex
	readAt time.Time
	n      int // -1 when unknown
}

const listedRefresh = time.Minute

// count returns the number of listed tasks, or -1 when it could not be read.
func (l *listedTasks) count(ctx context.Context, db *DB) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if time.Since(l.readAt) > listedRefresh {
		l.readAt = time.Now()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks WHERE listed = TRUE`).Scan(&l.n); err != nil {
			l.n = -1
		}
	}
	return l.n
}

// matchCounts remembers, for a while, how many tasks the text queries searched lately match (up to
// the count's limit): the count chooses a search's plan, and on SQLite, for a word in tens of
// thousands of tasks, counting cost more than the search it chose (reading 50,000 matches of "de"
// to learn they are many). Matches change slowly against a minute, and each plan finds the same
// tasks, so a count a little old chooses a plan a little less well, never a wrong page.
type matchCounts struct {
	mu     sync.Mutex
	counts map[string]matchCount
}

type matchCount struct {
	n      int
	readAt time.Time
}

// Bounds of matchCounts: how long a count is used, and how many queries are kept (past that, the
// ones counted before the refresh are dropped, then all: searches of random words cannot grow it).
const (
	matchCountRefresh = time.Minute
	matchCountsKept   = 4096
)

// get returns the count of text (a textQuery) counted up to limit, counting it with count when it
// is not known or is old; an error is not remembered.
func (m *matchCounts) get(text string, limit int, count func() (int, error)) (int, error) {
	key := strconv.Itoa(limit) + " " + text
	m.mu.Lock()
	c, ok := m.counts[key]
	m.mu.Unlock()
	if ok && time.Since(c.readAt) < matchCountRefresh {
		return c.n, nil
	}
	n, err := count()
	if err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counts == nil {
		m.counts = make(map[string]matchCount)
	}
	if len(m.counts) >= matchCountsKept {
		for k, c := range m.counts {
			if time.Since(c.readAt) >= matchCountRefresh {
				delete(m.counts, k)
			}
		}
		if len(m.counts) >= matchCountsKept {
			clear(m.counts)
		}
	}
	m.counts[key] = matchCount{n: n, readAt: time.Now()}
	return n, nil
}
