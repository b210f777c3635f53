package sqldb_test

import (
	"context"
	"slices"
	"testing"

	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestTextIndexWritesDirectly: on PostgreSQL, task changes go straight into the text index rather
// than into GIN's pending list, which every search would read from end to end (migration 30).
func TestTextIndexWritesDirectly(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.Postgres)
	var options []string
	rows, err := db.Writer().QueryContext(context.Background(),
		`SELECT unnest(reloptions) FROM pg_class WHERE relname = 'tasks_search' AND relnamespace = current_schema()::regnamespace`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			t.Fatal(err)
		}
		options = append(options, o)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(options, "fastupdate=off") {
		t.Errorf("the text index's options are %q, want fastupdate=off", options)
	}
}
