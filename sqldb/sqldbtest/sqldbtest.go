// Package sqldbtest opens fresh, migrated civhub databases for tests: a SQLite file always, and a
// private schema in the PostgreSQL database named by CIVHUB_TEST_POSTGRES when it is set. In CI (the
// CI variable is set) a missing PostgreSQL is a failure, not a skip. A Template builds rows once and
// hands out copies, for tables of tests that each need the same world.
//
// Importing the package lowers the cost of new password hashes for the whole test program
// (password.LowerCostForTests): the tests that use it sign hundreds of people up and in.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver used to create test schemas

	"civhub/password"
	"civhub/sqldb"
)

func init() { password.LowerCostForTests() }

// Each runs fn as a subtest once per available database, named "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) { fn(t, Open(t, d)) })
	}
}

// Open returns a fresh migrated database of dialect d, closed and removed when the test ends.
func Open(t testing.TB, d sqldb.Dialect) *sqldb.DB {
	t.Helper()
	u := URL(t, d)
	db, err := sqldb.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// URL returns the address of a fresh, empty database of dialect d: a new SQLite file, or a new
// PostgreSQL schema dropped when the test ends.
func URL(t testing.TB, d sqldb.Dialect) string {
	t.Helper()
	if d == sqldb.SQLite {
		return filepath.Join(t.TempDir(), "civhub.db")
	}
	base := postgresBase(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	schema := "test_" + randomHex(8)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatalf("CIVHUB_TEST_POSTGRES: %v", err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String()
}

// postgresBase returns CIVHUB_TEST_POSTGRES, and skips t (fails it in CI) when it is not set.
func postgresBase(t testing.TB) string {
	t.Helper()
	base := os.Getenv("CIVHUB_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CIVHUB_TEST_POSTGRES is not set: in CI every storage test must also run on PostgreSQL")
		}
		t.Skip("CIVHUB_TEST_POSTGRES is not set; skipping the PostgreSQL run")
	}
	return base
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
