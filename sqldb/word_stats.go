package sqldb

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// wordStats knows which words PostgreSQL's own statistics of the task texts hold (pg_stats' most
// common elements of tasks.search, which ANALYZE and autovacuum keep). The planner estimates a
// search for such words well and is left to choose its plan; for other words it can only guess,
// and a search counts their matches first. The statistics are read at most every statsRefresh and
// shared by every search of the node.
type wordStats struct {
	mu      sync.Mutex
	readAt  time.Time
	lexemes []string
}

// statsRefresh is how long the statistics are used before they are read again.
const statsRefresh = 10 * time.Minute

// know reports whether the statistics know each of words, as a word or the start of some: whether
// the planner's estimate of a search for them is founded.
func (w *wordStats) know(ctx context.Context, db *DB, words []string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if time.Since(w.readAt) > statsRefresh {
		w.read(ctx, db)
	}
	for _, word := range words {
		if !slices.ContainsFunc(w.lexemes, func(l string) bool { return strings.HasPrefix(l, word) }) {
			return false
		}
	}
	return len(words) > 0
}

// read loads the statistics; on an error it keeps none, and searches count their matches instead.
// It reads them for every search of the node, so a client that goes away must not cut it short and
// leave the node without statistics until the next refresh.
func (w *wordStats) read(ctx context.Context, db *DB) {
	w.readAt = time.Now()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	lexemes, err := collect1[string](ctx, db.read, `SELECT unnest(most_common_elems::text::text[]) FROM pg_stats
		WHERE schemaname = current_schema() AND tablename = 'tasks' AND attname = 'search'`)
	if err != nil {
		lexemes = nil
	}
	w.lexemes = lexemes
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
