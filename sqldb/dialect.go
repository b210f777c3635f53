package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// This file holds every difference between SQLite and PostgreSQL that is not in a migration.

// Dialect names a database engine.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// openSQLite opens a SQLite file with the settings civhub relies on: WAL so readers never block the
// writer, synchronous=FULL so a committed change survives power loss, a busy timeout, and foreign
// keys enforced.
func (db *DB) openSQLite(ctx context.Context, path string) error {
	path = strings.TrimPrefix(strings.TrimPrefix(path, "sqlite://"), "file:")
	if path == "" {
		return fmt.Errorf("sqlite: empty database path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_time_format", "sqlite")
	q.Set("_txlock", "immediate")
	dsn := "file:" + uriPath(path) + "?" + q.Encode()

	db.dialect = SQLite
	var err error
	if db.write, err = sql.Open("sqlite", dsn); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetConnMaxLifetime(0)
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	q.Set("_txlock", "deferred")
	q.Add("_pragma", "query_only(1)")
	if db.read, err = sql.Open("sqlite", "file:"+uriPath(path)+"?"+q.Encode()); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	db.read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	db.read.SetMaxIdleConns(max(4, runtime.NumCPU()))
	return nil
}

// uriPath escapes a file path for a SQLite file: URI, where "?" starts the parameters and "#" a
// fragment: unescaped, a path holding either opens some other file.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// openPostgres opens a pgx pool and exposes it through database/sql so that shared code sees one API.
func (db *DB) openPostgres(ctx context.Context, url string) error {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("postgres: bad database URL: %w", err)
	}
	// Every statement is planned for the values it is given. A cached generic plan is planned for any
	// value, and the best way to find the tasks of a country, a type or a word depends on how many
	// have it: the generic plan of a country search read all 500,000 tasks backwards for a country
	// that has none (1.2 s; planned for its value: 0.3 ms).
	// Nor does civhub let the planner memoize the need and organization of each task it reads: the
	// cache is sized for every task the plan might read, not the page of 21 it stops at, and making
	// and freeing it took 7 ms of a 7.1 ms page.
	for name, value := range map[string]string{"plan_cache_mode": "force_custom_plan", "enable_memoize": "off"} {
		if _, set := cfg.ConnConfig.RuntimeParams[name]; !set {
			cfg.ConnConfig.RuntimeParams[name] = value
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	db.closers = append(db.closers, pool.Close)
	db.dialect = Postgres
	db.write = stdlib.OpenDBFromPool(pool)
	db.read = db.write
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// withMigrationLock runs fn while holding the migration lock. On PostgreSQL that is a session-level
// advisory lock taken on a connection of its own, keyed by the schema so that databases sharing a
// server (tests use a schema each) do not wait for one another; the lock goes with the connection
// if this process dies. SQLite needs none: it is one file with one writer.
func (d Dialect) withMigrationLock(ctx context.Context, pool *sql.DB, fn func() error) error {
	if d != Postgres {
		return fn()
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.Close()
	const key = `hashtextextended('civhub migrations ' || current_schema(), 0)`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+key+`)`); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	ferr := fn()
	// A fresh context: the lock must be let go even when ctx was cancelled during fn.
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+key+`)`); err != nil {
		// Closing the connection below ends its session, and with it the lock.
		conn.Raw(func(any) error { return driver.ErrBadConn })
		return errors.Join(ferr, fmt.Errorf("migrate: unlock: %w", err))
	}
	return ferr
}

// contains is the condition that the text in column col contains the text in parameter param.
func (d Dialect) contains(col, param string) string {
	if d == Postgres {
		return "strpos(" + col + ", " + param + ") > 0"
	}
	return "instr(" + col + ", " + param + ") > 0"
}

// isUniqueViolation reports whether err says a unique constraint refused a row.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// matchTasks returns a query of the IDs of the tasks whose title or description match the text
// query in the parameter placeholder param (see textQuery).
func (d Dialect) matchTasks(param string) string {
	if d == Postgres {
		return `SELECT id FROM tasks WHERE search @@ to_tsquery('simple', ` + param + `)`
	}
	return `SELECT rowid AS id FROM tasks_fts WHERE tasks_fts MATCH ` + param
}

// textQuery turns search words (letters and digits only) into the engine's query syntax: every word
// must appear, as a word or the start of one.
func (d Dialect) textQuery(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		if d == Postgres {
			parts[i] = w + ":*"
		} else {
			parts[i] = `"` + w + `"*`
		}
	}
	if d == Postgres {
		return strings.Join(parts, " & ")
	}
	return strings.Join(parts, " ")
}

// migrationTypes are the column types that migrations name by role; a migration template writes
// {{.ID}} where a table needs an auto-numbered primary key, and so on.
type migrationTypes struct {
	ID        string // auto-numbered 64-bit primary key
	Timestamp string // a moment in time, stored as UTC
	Blob      string // raw bytes
}

func (d Dialect) migrationTypes() migrationTypes {
	if d == Postgres {
		return migrationTypes{ID: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", Timestamp: "TIMESTAMPTZ", Blob: "BYTEA"}
	}
	return migrationTypes{ID: "INTEGER PRIMARY KEY", Timestamp: "TIMESTAMP", Blob: "BLOB"}
}

// Columns lists "table.column" for every table of civhub's own schema (not the migration
// bookkeeping, the jobs runner's tables, or the machinery of full-text search, which differs by
// design: SQLite's tasks_fts tables, PostgreSQL's tasks.search column and task_words), sorted, so a test can
// prove both dialects agree.
func (db *DB) Columns(ctx context.Context) ([]string, error) {
	var q string
	if db.dialect == Postgres {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name NOT LIKE 'river%' AND table_name <> 'goose_db_version'
		AND NOT (table_name = 'tasks' AND column_name = 'search') AND table_name <> 'task_words'
`
	} else {
		q = `SELECT m.name || '.' || p.name FROM sqlite_schema m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'river%' AND m.name NOT LIKE 'sqlite%' AND m.name <> 'goose_db_version'
		AND m.name NOT LIKE 'tasks_fts%'`
	}
	cols, err := collect1[string](ctx, db.read, q)
	sort.Strings(cols)
	return cols, err
}

// forUpdate ends a SELECT whose rows the transaction is about to change on the strength of what it
// read: PostgreSQL locks them until the transaction ends, so that two transactions cannot both
// decide from the same rows. SQLite needs no clause: every write transaction takes the database's
// one write lock at its start (BEGIN IMMEDIATE), so writers run one at a time.
func (d Dialect) forUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// forUpdateOf is forUpdate for a SELECT over several tables that locks the rows of one of them,
// named by its alias.
func (d Dialect) forUpdateOf(alias string) string {
	if d == Postgres {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

// skipLocked is forUpdate for a worker's queue: rows another transaction holds are passed over
// rather than waited for, so that workers on several nodes share the rows (SQLite has one writer).
func (d Dialect) skipLocked() string {
	if d == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// readOnlyReads reports whether read transactions are declared read-only to the server
// (PostgreSQL); SQLite's readers are read-only by how their connections are opened.
func (d Dialect) readOnlyReads() bool { return d == Postgres }

// gooseDialect is the name goose knows the dialect by.
func (d Dialect) gooseDialect() goose.Dialect {
	if d == Postgres {
		return goose.DialectPostgres
	}
	return goose.DialectSQLite3
}

// plansTextSearch returns how far to count the matches of a text search in the order sort to choose
// its plan (see textPlan), or 0 when the plan needs no count. SQLite's FTS5 gives its matches
// newest first, which is the newest-first page's order already; by deadline, its listed tasks'
// words are kept in deadline order (migration 40), and only a search of full tasks by deadline
// counts to choose among all three plans. PostgreSQL only needs to know whether the matches are
// few.
func (d Dialect) plansTextSearch(sort string) int {
	switch {
	case d == Postgres:
		return commonMatches
	case sort == "deadline":
		return denseMatches
	}
	return 0
}

// keepsWordStats reports whether the database keeps statistics of the words of task texts that
// tell how many tasks a word is in (PostgreSQL's pg_stats; see wordStats).
func (d Dialect) keepsWordStats() bool { return d == Postgres }

// fewMatchesPerRoot is how many times the square root of the listed tasks a search's matches must
// be before reading the listed tasks in the page's order beats finding the matches first (see
// fewMatches). SQLite checks each task against its matches in the index alone (the ID in the set of
// matching IDs), a twentieth of reading a task; PostgreSQL reads each task to recheck its text, a
// quarter of reading a match with its need and organization and sorting it.
func (d Dialect) fewMatchesPerRoot() float64 {
	if d == Postgres {
		return 2.3
	}
	return 1
}

// intersectsIndexes reports whether the database combines two indexes of one table for one
// query (PostgreSQL's bitmap scans), so that a text search with another indexed condition is best
// left to its planner.
func (d Dialect) intersectsIndexes() bool { return d == Postgres }

// probesPrefixes reports whether a task can be looked up in the text index by its ID and a short
// prefix quickly (SQLite's prefix indexes, migration 20).
func (d Dialect) probesPrefixes() bool { return d == SQLite }

// indexesWordsByDeadline reports whether the database keeps the words of the listed tasks in
// deadline order (SQLite's tasks_fts_due, migration 40).
func (d Dialect) indexesWordsByDeadline() bool { return d == SQLite }

// keepsTaskWords reports whether the database keeps a table of the listed tasks' words
// (PostgreSQL's task_words, migration 41; see searchByWord).
func (d Dialect) keepsTaskWords() bool { return d == Postgres }

// materialized keeps PostgreSQL from folding a CTE into the query around it: the few matches of a
// text search must be found first, not checked on each task in the page's order.
func (d Dialect) materialized() string {
	if d == Postgres {
		return "MATERIALIZED "
	}
	return ""
}

// tasksMatching is a condition on the task aliased alias that holds when it matches the text query
// in param, checked task by task as they are read in the page's order.
func (d Dialect) tasksMatching(alias, param string) string {
	if d == Postgres {
		return alias + ".search @@ to_tsquery('simple', " + param + ")"
	}
	// The + keeps SQLite from looking the matches up by ID, which would sort them all.
	return "+" + alias + ".id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH " + param + ")"
}

// copiesRows reports whether bulk loads use COPY (PostgreSQL) rather than multi-row INSERTs.
func (d Dialect) copiesRows() bool { return d == Postgres }

// afterLoad is the statement that readies the tables after a bulk load: statistics for the planner,
// and on PostgreSQL a vacuum, which also marks the new pages all-visible.
func (d Dialect) afterLoad() string {
	if d == Postgres {
		return `VACUUM ANALYZE`
	}
	return `ANALYZE`
}

// copyRows writes rows into table with PostgreSQL's COPY on conn.
func copyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, rows [][]any) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("copy: not a pgx connection")
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
}

// resetIdentity makes the identity of table continue after its largest ID, after rows were written
// with their IDs (PostgreSQL; SQLite continues after the largest by itself).
func (d Dialect) resetIdentity(ctx context.Context, db *sql.DB, table string) error {
	if d != Postgres {
		return nil
	}
	_, err := db.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), (SELECT MAX(id) FROM `+table+`))`)
	if err != nil {
		return fmt.Errorf("%s identity: %w", table, err)
	}
	return nil
}

// ByDialect returns sqlite or postgres, whichever belongs to d: how a package that keeps its own
// per-dialect parts (River's drivers) picks one without a switch of its own.
func ByDialect[T any](d Dialect, sqlite, postgres T) T {
	if d == Postgres {
		return postgres
	}
	return sqlite
}

// listHas is a condition that holds when the list in column has an entry equal to one of the
// parameters params (each written as "$n"). It is meant for lists of codes (countries, causes,
// languages, sizes, types), whose entries never hold a quote or a backslash: on SQLite it looks
// for the entry quoted as JSON in the column's text, which is exact for such lists and 1.5 times
// faster on the directory than opening each list with json_each (2.6 against 4.0 ms p50 for the
// directory benchmark's searches). PostgreSQL asks the JSONB array itself.
func (d Dialect) listHas(column string, params ...string) string {
	if d == Postgres {
		if len(params) == 1 {
			return column + " ? " + params[0] + "::text"
		}
		return column + " ?| ARRAY[" + strings.Join(params, "::text, ") + "::text]"
	}
	alts := make([]string, len(params))
	for i, p := range params {
		alts[i] = "instr(" + column + ", json_quote(" + p + ")) > 0"
	}
	return "(" + strings.Join(alts, " OR ") + ")"
}

// listEmpty is a condition that holds when the list in column has no entries.
func (d Dialect) listEmpty(column string) string {
	if d == Postgres {
		return column + " = '[]'::jsonb"
	}
	return column + " IN ('', '[]')"
}

// MultiNode reports whether several civhub nodes may share the database (PostgreSQL); a SQLite
// file belongs to one node.
func (d Dialect) MultiNode() bool { return d == Postgres }
