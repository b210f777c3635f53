package sqldb

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// list is a column that holds a list of strings: a JSON array, stored as JSONB on PostgreSQL and
// as text on SQLite. Each entry is kept whole, whatever it holds, so a list reads back exactly as
// it was written; nothing is joined with a separator that an entry could contain.
type list []string

// Value writes the list as a JSON array; an empty or nil list is "[]", never NULL.
func (l list) Value() (driver.Value, error) {
	if len(l) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal([]string(l))
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan reads a JSON array of strings, never giving nil. An empty value is an empty list: SQLite cannot change a
// column's default in place, so a row written without the column holds ”.
func (l *list) Scan(src any) error {
	b, err := textBytes("list", src)
	if err != nil || src == nil {
		*l = list{}
		return err
	}
	if items, ok := plainList(b); ok {
		*l = items
		return nil
	}
	items := []string{}
	if err := json.Unmarshal(b, &items); err != nil {
		return fmt.Errorf("list: %w", err)
	}
	*l = items
	return nil
}

// plainList reads the common case quickly: an empty value, or a JSON array of strings without a
// backslash, where every quote opens or closes an entry (a directory page reads thousands of
// lists). It reports false for anything else, which encoding/json then reads or refuses.
func plainList(b []byte) ([]string, bool) {
	if len(b) == 0 {
		return []string{}, true
	}
	if bytes.IndexByte(b, '\\') >= 0 {
		return nil, false
	}
	b = trimJSONSpace(b)
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return nil, false
	}
	b = trimJSONSpace(b[1 : len(b)-1])
	items := make([]string, 0, bytes.Count(b, []byte{'"'})/2)
	for len(b) > 0 {
		if b[0] != '"' {
			return nil, false
		}
		end := bytes.IndexByte(b[1:], '"')
		if end < 0 {
			return nil, false
		}
		item := b[1 : 1+end]
		if !utf8.Valid(item) || bytes.ContainsFunc(item, func(r rune) bool { return r < 0x20 }) {
			return nil, false
		}
		items = append(items, string(item))
		b = trimJSONSpace(b[2+end:])
		if len(b) > 0 {
			if b[0] != ',' {
				return nil, false
			}
			b = trimJSONSpace(b[1:])
			if len(b) == 0 {
				return nil, false // a trailing comma
			}
		}
	}
	return items, true
}

// trimJSONSpace drops the white space JSON allows around values: space, tab, line feed, return.
func trimJSONSpace(b []byte) []byte {
	return bytes.Trim(b, " \t\n\r")
}

// textBytes is the text a column of JSON holds, read as bytes whichever way the driver gives
// it; nil for NULL. what names the column's kind in the error for anything else.
func textBytes(what string, src any) ([]byte, error) {
	switch v := src.(type) {
	case nil:
		return nil, nil
	case string:
		return []byte(v), nil
	case []byte:
		return v, nil
	}
	return nil, fmt.Errorf("%s: cannot read %T", what, src)
}
