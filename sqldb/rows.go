package sqldb

import (
	"context"
	"database/sql"
)

// The helpers every storage file uses to read rows and convert values; entity files hold queries.

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner = interface{ Scan(dest ...any) error }

// querier runs a query: a *Tx, or one of the DB's pools.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// collect runs query and returns what scan makes of each row, in order (nil for no rows).
func collect[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
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
