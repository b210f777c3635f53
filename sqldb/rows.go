package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
)

// The helpers every storage file uses to read rows and to convert values to and from columns; the
// entity files hold the queries.

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner = interface{ Scan(dest ...any) error }

// querier runs a query: a *Tx, or one of the DB's pools.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs query and calls f with each row, in order, stopping at the first error.
func eachRow(ctx context.Context, q querier, f func(scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

// collect runs query and returns what scan makes of each row, in order (nil for no rows).
func collect[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, func(r scanner) error {
		v, err := scan(r)
		out = append(out, v)
		return err
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// collect1 runs a query of one column and returns its values.
func collect1[T any](ctx context.Context, q querier, query string, args ...any) ([]T, error) {
	return collect(ctx, q, func(r scanner) (v T, err error) {
		err = r.Scan(&v)
		return
	}, query, args...)
}

// scanWith is a row whose Scan fills extra destinations after the ones it is given.
func scanWith(row scanner, extra ...any) scanner {
	return scanFunc(func(dest ...any) error { return row.Scan(append(dest, extra...)...) })
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// scanJoined scans a row that holds several records side by side, each read by its part in turn:
// every part's Scan hands its destinations to the next, the last scans the row, and each part then
// finishes its record as it would on a row of its own.
func scanJoined(row scanner, parts ...func(scanner) error) error {
	var dests []any
	var next func(i int) error
	next = func(i int) error {
		if i == len(parts) {
			return row.Scan(dests...)
		}
		return parts[i](scanFunc(func(d ...any) error {
			dests = append(dests, d...)
			return next(i + 1)
		}))
	}
	return next(0)
}

// qualified prefixes each of the comma-separated columns with the table alias.
func qualified(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + "." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// timePtr turns a nullable timestamp into a *time.Time in UTC.
func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// utcPtr stores an optional moment as NULL or in UTC.
func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// deadlineValue stores a deadline: in UTC and to the second, so that the order of deadlines is the
// order of their keys in SQLite's index of listed tasks by deadline (migration 40) and a page
// cursor names one place in it. civhub's forms and API give the end of a day.
func deadlineValue(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Truncate(time.Second)
}

// nullID stores an absent (zero) identifier as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// days is n days as a duration.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// likePrefix turns s into a LIKE pattern matching strings that start with s, with LIKE's special
// characters taken literally.
func likePrefix(s string) string { return likeEscape(s) + "%" }

// likeEscape takes LIKE's special characters in s literally (with ESCAPE '\').
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// sqlArgs gathers the arguments of a statement built piece by piece.
type sqlArgs []any

// add appends v to the arguments and returns its placeholder.
func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// placeholders returns "$from, $from+1, …" for n values.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}
