// Package sqldb stores civhub's records in SQLite (the default, one file) or PostgreSQL (for many
// application servers). Both databases share the same SQL with $N placeholders; what differs between
// them lives in dialect.go and in the few migrations that are dialect-specific.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"civhub"
	"civhub/seal"
)

// DB is an open civhub database. Writes go through one connection on SQLite (it allows a single
// writer; queueing in Go is cheaper than SQLITE_BUSY retries) and reads through a small pool. On
// PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	closers []func()

	// Now returns the current time; tests replace it to control time. Every transaction reads it once
	// so that all rows a transaction writes carry the same "now".
	Now func() time.Time

	sealKeys *seal.Keyring // the keys given to SetKeys; see seal.go
	keysMu   sync.Mutex
	keyring  *seal.Keyring // sealKeys and the database's own key, once read

	generationState // see generation.go
}

// Open opens the database named by url: a postgres:// or postgresql:// URL for PostgreSQL, anything
// else is a SQLite file path (optionally prefixed with sqlite:// or file:). It does not migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	db := &DB{Now: func() time.Time { return time.Now().UTC() }}
	var err error
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		err = db.openPostgres(ctx, url)
	} else {
		err = db.openSQLite(ctx, url)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Dialect reports which database db talks to.
func (db *DB) Dialect() Dialect { return db.dialect }

// Writer returns the pool used for writes. The jobs runner uses it so that jobs can be enqueued in the
// same transaction as the change that causes them.
func (db *DB) Writer() *sql.DB { return db.write }

// Ping checks that the database answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return &civhub.Error{Code: civhub.EUNAVAILABLE, Message: "The database is not reachable."}
	}
	return nil
}

// Close closes every pool; it is safe to call on a partly opened DB.
func (db *DB) Close() error {
	var errs []error
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	for _, c := range db.closers {
		c()
	}
	return errors.Join(errs...)
}

// Tx is a database transaction that carries the moment it started, so that every row it touches
// agrees on "now". A Tx given by Read is no transaction: its statements run on the reader pool.
type Tx struct {
	*sql.Tx // nil in Read
	db      *DB
	now     time.Time
	run     runner // the transaction, or the reader pool
}

// runner runs statements: a *sql.Tx or a *sql.DB.
type runner interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// QueryContext, QueryRowContext and ExecContext run a statement in the transaction, or on the
// reader pool in Read.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.run.QueryContext(ctx, query, args...)
}

func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.run.QueryRowContext(ctx, query, args...)
}

func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.run.ExecContext(ctx, query, args...)
}

// Now returns the transaction's notion of the current time (UTC).
func (tx *Tx) Now() time.Time { return tx.now }

// txNow is the time a transaction starts at, to the microsecond: PostgreSQL keeps no finer time,
// so a time a transaction writes reads back as it was written on both databases.
func (db *DB) txNow() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// BeginTx starts a read-write transaction. On SQLite it takes the write lock at once (BEGIN
// IMMEDIATE), so that a transaction never fails half-way on a lock upgrade.
func (db *DB) BeginTx(ctx context.Context) (*Tx, error) {
	return db.begin(ctx, db.write, nil)
}

// BeginReadTx starts a read-only transaction on the reader pool.
func (db *DB) BeginReadTx(ctx context.Context) (*Tx, error) {
	return db.begin(ctx, db.read, &sql.TxOptions{ReadOnly: db.dialect.readOnlyReads()})
}

func (db *DB) begin(ctx context.Context, pool *sql.DB, opts *sql.TxOptions) (*Tx, error) {
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{Tx: tx, db: db, now: db.txNow(), run: tx}, nil
}

// Update runs fn in a read-write transaction, committing when fn returns nil and rolling back
// otherwise; once committed, the data's generation moves on (see generation.go).
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	return db.update(ctx, fn, true)
}

// updateUnseen is Update for writes that change nothing a visitor who is not signed in can see
// (sessions, rate limits): they leave the data's generation where it is.
func (db *DB) updateUnseen(ctx context.Context, fn func(*Tx) error) error {
	return db.update(ctx, fn, false)
}

func (db *DB) update(ctx context.Context, fn func(*Tx) error, seen bool) error {
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return finish(tx, err)
	}
	err = tx.Commit()
	if seen {
		// Also when the commit failed: it may have reached the database all the same.
		db.advance(ctx)
	}
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.BeginReadTx(ctx)
	if err != nil {
		return err
	}
	return finish(tx, fn(tx))
}

// Read runs fn, which must run one statement, on the reader pool without a transaction: one
// statement sees one snapshot by itself, and on PostgreSQL a transaction around it costs two more
// round trips (BEGIN, COMMIT) on reads that every page makes, such as the session and the viewer.
func (db *DB) Read(ctx context.Context, fn func(*Tx) error) error {
	return fn(&Tx{db: db, now: db.txNow(), run: db.read})
}

func finish(tx *Tx, err error) error {
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
