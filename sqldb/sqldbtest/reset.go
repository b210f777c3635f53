package sqldbtest

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// pristine is the schema of a PostgreSQL template database that keeps a copy of its rows, so that
// each copy of the database carries what it must be reset to.
const pristine = "civhub_template"

// pgTable is one table of a template's schema.
type pgTable struct {
	name    string
	columns []string // those that can be written: not generated
	parents []string // the tables of the same schema it references, itself excluded
}

// snapshot copies the rows of every table in db's current schema into the pristine schema, and
// returns the SQL that resets a copy of the database to them, in one implicit transaction: it
// deletes every row, from the tables that reference others to the tables they reference, inserts
// the rows back in the opposite order, so that every foreign key holds at every step, and sets every
// sequence back. On tables of a few rows DELETE takes milliseconds where TRUNCATE, which makes new
// files for every table and index, takes most of a second. A trigger of the schema's own fires on
// those deletes and inserts: the schema may have only those of derivedTables, whose tables the
// reset leaves to them.
func snapshot(t testing.TB, db *sql.DB) string {
	t.Helper()
	var schema string
	if err := db.QueryRow(`SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatalf("snapshot template: %v", err)
	}
	var unknown []string
	for _, tr := range queryStrings(t, db, `SELECT tgname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
		WHERE c.relnamespace = $1::regnamespace AND NOT g.tgisinternal`, schema) {
		if !slices.ContainsFunc(derivedTables, func(d derivedTable) bool { return slices.Contains(d.triggers, tr) }) {
			unknown = append(unknown, tr)
		}
	}
	if len(unknown) > 0 {
		t.Fatalf("snapshot template: triggers (%s) would fire on a reset", strings.Join(unknown, ", "))
	}
	var tables []*pgTable
	for _, tb := range pgTables(t, db, schema) {
		if !slices.ContainsFunc(derivedTables, func(d derivedTable) bool { return d.name == tb.name }) {
			tables = append(tables, tb)
		}
	}
	order := parentsFirst(t, tables)
	var reset strings.Builder
	for i := len(order) - 1; i >= 0; i-- {
		fmt.Fprintf(&reset, "DELETE FROM %s;\n", ident(schema, order[i].name))
	}
	if _, err := db.Exec(`CREATE SCHEMA ` + ident(pristine)); err != nil {
		t.Fatalf("snapshot template: %v", err)
	}
	for _, tb := range order {
		cols := make([]string, len(tb.columns))
		for i, c := range tb.columns {
			cols[i] = ident(c)
		}
		list := strings.Join(cols, ", ")
		if _, err := db.Exec(fmt.Sprintf(`CREATE TABLE %s AS SELECT %s FROM %s`,
			ident(pristine, tb.name), list, ident(schema, tb.name))); err != nil {
			t.Fatalf("snapshot template: table %s: %v", tb.name, err)
		}
		fmt.Fprintf(&reset, "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s;\n",
			ident(schema, tb.name), list, list, ident(pristine, tb.name))
	}
	for _, seq := range pgSequences(t, db, schema) {
		var last int64
		var called bool
		if err := db.QueryRow(`SELECT last_value, is_called FROM `+ident(schema, seq)).Scan(&last, &called); err != nil {
			t.Fatalf("snapshot template: sequence %s: %v", seq, err)
		}
		fmt.Fprintf(&reset, "SELECT setval('%s', %d, %t);\n", strings.ReplaceAll(ident(schema, seq), "'", "''"), last, called)
	}
	return reset.String()
}

// derivedTable is a table whose rows triggers write from other tables' rows, and deletes with them
// (ON DELETE CASCADE): a reset neither deletes nor copies its rows; the deletes of the rows it is
// made from take its rows away, and the triggers, which fire as those rows are inserted back, make
// them again.
type derivedTable struct {
	name     string
	triggers []string
}

// derivedTables are the schema's derived tables: the listed tasks' words (migration 41).
var derivedTables = []derivedTable{{name: "task_words", triggers: []string{"task_words_insert", "task_words_update"}}}

// pgTables lists the tables of schema with their writable columns and the tables they reference.
func pgTables(t testing.TB, db *sql.DB, schema string) []*pgTable {
	t.Helper()
	if p := queryStrings(t, db, `SELECT relname FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'p'`, schema); len(p) > 0 {
		t.Fatalf("snapshot template: partitioned tables (%s) are not handled", strings.Join(p, ", "))
	}
	var tables []*pgTable
	for _, name := range queryStrings(t, db, `SELECT relname FROM pg_class
		WHERE relnamespace = $1::regnamespace AND relkind = 'r' ORDER BY relname`, schema) {
		rel := ident(schema, name)
		tables = append(tables, &pgTable{
			name: name,
			columns: queryStrings(t, db, `SELECT attname FROM pg_attribute
				WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`, rel),
			parents: queryStrings(t, db, `SELECT DISTINCT p.relname FROM pg_constraint c JOIN pg_class p ON p.oid = c.confrelid
				WHERE c.contype = 'f' AND c.conrelid = $1::regclass AND c.confrelid <> c.conrelid
				AND p.relnamespace = $2::regnamespace ORDER BY p.relname`, rel, schema),
		})
	}
	if len(tables) == 0 {
		t.Fatalf("snapshot template: schema %s has no tables", schema)
	}
	return tables
}

// pgSequences lists the sequences of schema, those behind identity columns included.
func pgSequences(t testing.TB, db *sql.DB, schema string) []string {
	t.Helper()
	return queryStrings(t, db, `SELECT relname FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'S' ORDER BY relname`, schema)
}

// queryStrings returns the one column of q's rows.
func queryStrings(t testing.TB, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("snapshot template: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatalf("snapshot template: %v", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("snapshot template: %v", err)
	}
	return out
}

// parentsFirst orders tables so that every table comes after the tables it references.
func parentsFirst(t testing.TB, tables []*pgTable) []*pgTable {
	t.Helper()
	byName := map[string]*pgTable{}
	for _, tb := range tables {
		byName[tb.name] = tb
	}
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var order []*pgTable
	var visit func(tb *pgTable)
	visit = func(tb *pgTable) {
		switch state[tb.name] {
		case done:
			return
		case visiting:
			t.Fatalf("snapshot template: the foreign keys of table %s form a cycle, which a reset does not handle", tb.name)
		}
		state[tb.name] = visiting
		for _, p := range tb.parents {
			visit(byName[p])
		}
		state[tb.name] = done
		order = append(order, tb)
	}
	for _, tb := range tables {
		visit(tb)
	}
	return order
}

// ident quotes a possibly qualified SQL name.
func ident(parts ...string) string {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
	}
	return strings.Join(quoted, ".")
}
