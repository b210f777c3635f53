package civhub

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ResourceColumns are the columns of the directory's CSV files, for import and export
// (docs/resources-csv.md). Lists are separated by semicolons; dates are YYYY-MM-DD, empty for
// rolling entries.
var ResourceColumns = []string{"kind", "title", "provider", "description", "amount_min", "amount_max", "currency",
	"deadline", "countries", "org_types", "causes", "sizes", "languages", "url", "tags"}

// requiredColumns must be in every imported file; the others may be left out.
var requiredColumns = []string{"kind", "title", "provider", "url"}

// MaxImportRows bounds one import.
const MaxImportRows = 5000

// RowError is a problem with one row of an imported file (Row 1 is the header), in one column.
type RowError struct {
	Row    int
	Column string // "" when it is about the whole row
	Key    string // the message ID of the problem
	Detail string // the problem in English
}

// ParseResourceCSV reads a directory CSV file and checks every row. It returns the entries when all
// rows are good, and otherwise every problem of every row, so that the file can be fixed at once.
func ParseResourceCSV(r io.Reader, validCause func(string) bool) ([]*Resource, []RowError) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, []RowError{{Row: 1, Key: "err.csv_unreadable", Detail: "The file is not CSV, or it is empty."}}
	}
	index := map[string]int{}
	var problems []RowError
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		if !slices.Contains(ResourceColumns, name) {
			problems = append(problems, RowError{Row: 1, Column: name, Key: "err.csv_column", Detail: "This column is not one of the documented ones."})
			continue
		}
		index[name] = i
	}
	for _, name := range requiredColumns {
		if _, ok := index[name]; !ok {
			problems = append(problems, RowError{Row: 1, Column: name, Key: "err.csv_missing_column", Detail: "This column is needed."})
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	var out []*Resource
	for row := 2; ; row++ {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, RowError{Row: row, Key: "err.csv_unreadable_row", Detail: "This row cannot be read: check its quotes."})
			continue
		}
		if row-1 > MaxImportRows {
			return nil, []RowError{{Row: row, Key: "err.csv_too_long", Detail: fmt.Sprintf("A file may hold at most %d entries.", MaxImportRows)}}
		}
		get := func(name string) string {
			if i, ok := index[name]; ok && i < len(record) {
				return unguard(strings.TrimSpace(record[i]))
			}
			return ""
		}
		if strings.Join(record, "") == "" {
			continue // a blank line
		}
		res, rowProblems := resourceFromRow(get, validCause)
		for _, p := range rowProblems {
			p.Row = row
			problems = append(problems, p)
		}
		out = append(out, res)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if len(out) == 0 {
		return nil, []RowError{{Row: 2, Key: "err.csv_empty", Detail: "The file holds no entry."}}
	}
	return out, nil
}

// list splits a CSV cell of several values.
func list(cell string) []string {
	var out []string
	for _, v := range strings.Split(cell, ";") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func resourceFromRow(get func(string) string, validCause func(string) bool) (*Resource, []RowError) {
	r := &Resource{Kind: get("kind"), Title: get("title"), Provider: get("provider"), Description: get("description"),
		Currency: get("currency"), URL: get("url"), Countries: list(get("countries")), OrgTypes: list(get("org_types")),
		Causes: list(get("causes")), Sizes: list(get("sizes")), Languages: list(get("languages")), Tags: list(get("tags"))}
	var problems []RowError
	for _, c := range []struct {
		name string
		to   *int64
	}{{"amount_min", &r.AmountMin}, {"amount_max", &r.AmountMax}} {
		if v := get(c.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				problems = append(problems, RowError{Column: c.name, Key: "err.amount_number", Detail: "Write the amount in whole numbers, like 5000."})
			}
			*c.to = n
		}
	}
	if v := get("deadline"); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			problems = append(problems, RowError{Column: "deadline", Key: "err.date_invalid", Detail: "Enter a date like 2026-12-31."})
		} else {
			end := d.Add(24*time.Hour - time.Second)
			r.Deadline = &end
		}
	}
	var e *Error
	if err := r.Validate(validCause); errors.As(err, &e) {
		columns := make([]string, 0, len(e.Fields))
		for column := range e.Fields {
			columns = append(columns, column)
		}
		slices.Sort(columns)
		for _, column := range columns {
			problems = append(problems, RowError{Column: column, Key: e.Fields[column]})
		}
	}
	return r, problems
}

// WriteResourceCSV writes entries in the columns of ResourceColumns.
func WriteResourceCSV(w io.Writer, list []*Resource) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ResourceColumns); err != nil {
		return err
	}
	amount := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	for _, r := range list {
		deadline := ""
		if r.Deadline != nil {
			deadline = r.Deadline.Format(time.DateOnly)
		}
		if err := cw.Write([]string{r.Kind, guard(r.Title), guard(r.Provider), guard(r.Description), amount(r.AmountMin), amount(r.AmountMax),
			r.Currency, deadline, strings.Join(r.Countries, ";"), strings.Join(r.OrgTypes, ";"), strings.Join(r.Causes, ";"),
			strings.Join(r.Sizes, ";"), strings.Join(r.Languages, ";"), r.URL, guard(strings.Join(r.Tags, ";"))}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// guard keeps a spreadsheet from reading a text cell as a formula: a cell that starts like one gets
// an apostrophe in front, which unguard takes away again on import.
func guard(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func unguard(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(cell[1])) {
		return cell[1:]
	}
	return cell
}
