package sqldb

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// The data's generation is a number that moves on after every committed write transaction, on every
// node at once. What is made from the data and kept for later (the web's cache of the pages people
// who are not signed in see) records the generation it read before it read the data, and is current
// while the generation has not moved: a change committed before a read is seen by that read, whichever
// node made it.
//
// On PostgreSQL the number is a sequence (migration 29), moved on by nextval after each commit and read
// with one small query; a sequence is outside transactions, so writers never wait for each other to
// move it. It must move after the commit, not in the transaction: a reader that saw the new number
// while the change was still uncommitted would keep the old data under the new number. On SQLite
// one node owns the file, and the number is kept in memory.
//
// Writes that change nothing someone who is not signed in can see (sessions, rate limits) do not move
// it (see updateUnseen), so that signing in does not empty every node's cache.

// errGenerationUnknown is Generation's answer on a node that failed to move the generation on after a
// commit, until it next succeeds: what it keeps may be older than the data.
var errGenerationUnknown = errors.New("generation: not moved on after a write")

// Generation returns the data's current generation.
func (db *DB) Generation(ctx context.Context) (int64, error) {
	if db.generationLost.Load() {
		return 0, errGenerationUnknown
	}
	if !db.dialect.MultiNode() {
		return db.generation.Load(), nil
	}
	var last int64
	var called bool
	if err := db.read.QueryRowContext(ctx, `SELECT last_value, is_called FROM data_generation`).Scan(&last, &called); err != nil {
		return 0, fmt.Errorf("generation: %w", err)
	}
	// A sequence reset by RESTART reads (1, false) and then (1, true): both count.
	g := last * 2
	if called {
		g++
	}
	return g, nil
}

// advance moves the generation on after a write transaction ended with a commit, or with an error
// that leaves unknown whether it committed. It runs even when the writer's client went away: the
// commit happened all the same.
func (db *DB) advance(ctx context.Context) {
	if !db.dialect.MultiNode() {
		db.generation.Add(1)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	var next int64
	if err := db.write.QueryRowContext(ctx, `SELECT nextval('data_generation')`).Scan(&next); err != nil {
		db.generationLost.Store(true)
		return
	}
	db.generationLost.Store(false)
}

// generationState is the part of DB that keeps the generation.
type generationState struct {
	generation     atomic.Int64 // SQLite's generation
	generationLost atomic.Bool  // the last attempt to move the generation on failed
}
