package sqldb

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"strings"
	"testing/fstest"
	"text/template"
	"time"

	"github.com/pressly/goose/v3"
)

// Migrations live in migrations/ as goose SQL files. Each is a text/template rendered with the
// dialect's migrationTypes, so most migrations are written once. Where the dialects truly differ, a
// migration comes as two files, NAME.sqlite.sql and NAME.postgres.sql, and only the one for the open
// dialect is used.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate brings the schema up to date, then runs each of after (the jobs runner's own migrations)
// under the same lock. It is safe to run on every start-up and from several nodes at once: on
// PostgreSQL the whole of it holds an advisory lock, so a node that starts while another migrates
// waits for it and then finds nothing left to do (goose takes no lock of its own unless given one,
// and River's migrator takes none). SQLite has one writer, and one node.
func (db *DB) Migrate(ctx context.Context, logger *slog.Logger, after ...func(context.Context) error) error {
	return db.dialect.withMigrationLock(ctx, db.write, func() error {
		if err := db.migrate(ctx, logger); err != nil {
			return err
		}
		for _, fn := range after {
			if err := fn(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

func (db *DB) migrate(ctx context.Context, logger *slog.Logger) error {
	p, err := db.migrator()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// One line says where the schema stands; each step is there for whoever asks for debug logs,
	// so that a first start-up does not bury what a person came to read under thirty lines.
	var took time.Duration
	for _, r := range results {
		logger.Debug("migrated", "version", r.Source.Version, "duration", r.Duration)
		took += r.Duration
	}
	if len(results) > 0 {
		logger.Info("database schema brought up to date", "version", results[len(results)-1].Source.Version,
			"migrations", len(results), "duration", took.Round(time.Millisecond))
	}
	return nil
}

// migrator is goose with the migrations of db's dialect.
func (db *DB) migrator() (*goose.Provider, error) {
	fsys, err := db.dialect.migrations()
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(db.dialect.gooseDialect(), db.write, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return p, nil
}

// migrations renders the migration files for dialect d into an in-memory file system.
func (d Dialect) migrations() (fs.FS, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	for _, e := range entries {
		name, ok := d.migrationName(e.Name())
		if !ok {
			continue
		}
		src, err := fs.ReadFile(migrationFiles, path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		tmpl, err := template.New(e.Name()).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, d.migrationTypes()); err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("migration %s exists for both dialects and in common", name)
		}
		out[name] = &fstest.MapFile{Data: buf.Bytes()}
	}
	return out, nil
}

// migrationName maps a file name to the name goose sees for dialect d, and reports whether the file
// applies to d at all.
func (d Dialect) migrationName(file string) (string, bool) {
	base := strings.TrimSuffix(file, ".sql")
	for _, other := range []Dialect{SQLite, Postgres} {
		if strings.HasSuffix(base, "."+string(other)) {
			return strings.TrimSuffix(base, "."+string(other)) + ".sql", other == d
		}
	}
	return file, true
}
