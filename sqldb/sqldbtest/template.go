package sqldbtest

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"civhub/sqldb"
)

// Template is a database built once and handed out as copies, for a table of tests that each need
// the same starting rows and may change them: migrating and filling a database takes far longer than
// copying one, the more so under the race detector. Every copy starts equal to the template, and
// what a test does to its copy no other copy sees.
//
// A SQLite copy duplicates the template's file. A PostgreSQL copy is a database created from the
// template database (CREATE DATABASE … TEMPLATE, so the role in CIVHUB_TEST_POSTGRES needs the
// CREATEDB attribute). Dropping a database forces a checkpoint, which takes seconds on a busy server,
// so a copy is not dropped after its test: it goes back to a pool, and the next test to take it gets
// it reset to the template's rows and sequences first (see reset.go). Tests that change the schema
// itself therefore must not use a Template.
type Template struct {
	dialect sqldb.Dialect
	path    string // SQLite: the template's file

	// PostgreSQL
	name  string // the template database
	reset string // SQL that makes a used copy equal to the template again
	mu    sync.Mutex
	used  []string // copies whose test has ended
}

// NewTemplate builds a template of dialect d: a fresh migrated database on which build adds what
// every copy starts with. build must not keep db, or anything that uses it, past its return: the
// template is closed then. The template and its copies are removed when t ends.
func NewTemplate(t testing.TB, d sqldb.Dialect, build func(db *sqldb.DB)) *Template {
	t.Helper()
	tp := &Template{dialect: d}
	var u string
	if d == sqldb.SQLite {
		tp.path = filepath.Join(t.TempDir(), "template.db")
		u = tp.path
	} else {
		tp.name = createDatabase(t)
		u = databaseURL(t, tp.name)
		t.Cleanup(tp.dropCopies)
	}
	db, err := sqldb.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("open template %s: %v", d, err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("migrate template %s: %v", d, err)
	}
	build(db)
	if d == sqldb.SQLite {
		checkpoint(t, db)
	} else {
		tp.reset = snapshot(t, db.Writer())
	}
	if err := db.Close(); err != nil {
		t.Fatalf("close template %s: %v", d, err)
	}
	return tp
}

// Open returns a copy of the template, open, and closed when t ends.
func (tp *Template) Open(t testing.TB) *sqldb.DB {
	t.Helper()
	if tp.dialect == sqldb.SQLite {
		path := filepath.Join(t.TempDir(), "civhub.db")
		copyFile(t, tp.path, path)
		return openCopy(t, path)
	}
	tp.mu.Lock()
	var name string
	if n := len(tp.used); n > 0 {
		name, tp.used = tp.used[n-1], tp.used[:n-1]
	}
	tp.mu.Unlock()
	reuse := name != ""
	if !reuse {
		name = tp.copyDatabase(t)
	}
	// Registered before the copy is opened, so that it runs after the copy is closed.
	t.Cleanup(func() {
		tp.mu.Lock()
		defer tp.mu.Unlock()
		tp.used = append(tp.used, name)
	})
	db := openCopy(t, databaseURL(t, name))
	if reuse {
		if _, err := db.Writer().Exec(tp.reset); err != nil {
			t.Fatalf("reset copy of the template: %v", err)
		}
	}
	return db
}

// openCopy opens the copy at u, to be closed when t ends.
func openCopy(t testing.TB, u string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("open copy of the template: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// checkpoint moves everything in a SQLite database's write-ahead log into its main file, so that the
// file alone holds the whole database once db is closed.
func checkpoint(t testing.TB, db *sqldb.DB) {
	t.Helper()
	var busy, logged, moved int
	if err := db.Writer().QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &moved); err != nil {
		t.Fatalf("checkpoint template: %v", err)
	}
	if busy != 0 {
		t.Fatal("checkpoint template: the database is still in use")
	}
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatalf("copy template: %v", err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatalf("copy template: %v", err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		t.Fatalf("copy template: %v", err)
	}
	if err := dst.Close(); err != nil {
		t.Fatalf("copy template: %v", err)
	}
}

// copyDatabase creates a new copy of the template database. Since PostgreSQL 15 this copies block
// by block through the write-ahead log, without the checkpoints that copying files forces. The
// template must have no open connection meanwhile.
func (tp *Template) copyDatabase(t testing.TB) string {
	t.Helper()
	name := "civhubtest_" + randomHex(8)
	admin, err := sql.Open("pgx", postgresBase(t))
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + tp.name); err != nil {
		t.Fatalf("postgres: copy the template database: %v (the role needs the CREATEDB attribute)", err)
	}
	return name
}

// dropCopies drops every copy of the template; their tests have ended.
func (tp *Template) dropCopies() {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	admin, err := sql.Open("pgx", os.Getenv("CIVHUB_TEST_POSTGRES"))
	if err != nil {
		return
	}
	defer admin.Close()
	for _, name := range tp.used {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	}
	tp.used = nil
}

// createDatabase creates an empty PostgreSQL database, dropped when t ends.
func createDatabase(t testing.TB) string {
	t.Helper()
	base := postgresBase(t)
	name := "civhubtest_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("postgres: create a database: %v (the role needs the CREATEDB attribute)", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
	return name
}

// databaseURL is CIVHUB_TEST_POSTGRES with the database changed to name.
func databaseURL(t testing.TB, name string) string {
	t.Helper()
	u, err := url.Parse(postgresBase(t))
	if err != nil {
		t.Fatalf("CIVHUB_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
