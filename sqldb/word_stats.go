package sqldb

import (
	"context"
	"strings"
	"sync"
	"time"
)

// wordStats estimates how many tasks a text search matches from PostgreSQL's own statistics of the
// task texts (pg_stats' most common elements of tasks.search, which ANALYZE and autovacuum keep),
// so that choosing a plan never costs a search of its own: counting the matches of a common word,
// even bounded, reads thousands of rows (70 ms for a word in 45,000 of 500,000 tasks). The
// statistics are read at most every statsRefresh and shared by every search of the node.
type wordStats struct {
	mu     sync.Mutex
	readAt time.Time
	tasks  float64            // how many tasks there are, as the statistics last counted
	shares map[string]float64 // each common word, with the share of tasks it is in
}

// statsRefresh is how long the statistics are used before they are read again.
const statsRefresh = 10 * time.Minute

// estimate returns an upper estimate of how many tasks hold every one of words (each as a word or
// the start of one), and false when the statistics cannot tell: there are none yet, or a word is
// not among the common ones, so that it may match up to the least common one's share.
func (w *wordStats) estimate(ctx context.Context, db *DB, words []string) (float64, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if time.Since(w.readAt) > statsRefresh {
		w.read(ctx, db)
	}
	if len(w.shares) == 0 {
		return 0, false
	}
	least := 1.0
	for _, word := range words {
		share := 0.0
		for lexeme, s := range w.shares {
			if strings.HasPrefix(lexeme, word) {
				share += s
			}
		}
		if share == 0 {
			return 0, false
		}
		least = min(least, share)
	}
	return least * w.tasks, true
}

// read loads the statistics; on any error it keeps none, and searches count their matches instead.
func (w *wordStats) read(ctx context.Context, db *DB) {
	w.readAt, w.shares, w.tasks = time.Now(), nil, 0
	shares := map[string]float64{}
	var tasks float64
	// The frequencies hold one per word, then the least and the greatest of them, which unnest pairs
	// with no word.
	err := eachRow(ctx, db.read, func(r scanner) error {
		var lexeme *string
		var share float64
		if err := r.Scan(&lexeme, &share, &tasks); err != nil {
			return err
		}
		if lexeme != nil {
			shares[*lexeme] = share
		}
		return nil
	}, `SELECT u.lexeme, u.share, c.reltuples FROM pg_stats s
		JOIN pg_class c ON c.oid = 'tasks'::regclass,
		unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(lexeme, share)
		WHERE s.schemaname = current_schema() AND s.tablename = 'tasks' AND s.attname = 'search'`)
	if err != nil || tasks <= 0 {
		return
	}
	w.shares, w.tasks = shares, tasks
}
