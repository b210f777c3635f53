package sqldb

import (
	"encoding/json"
	"slices"
	"testing"
)

// FuzzPlainList checks the quick reader of list columns against encoding/json: whatever it
// accepts, encoding/json reads the same; what it declines is left to encoding/json. The seeds run
// with every go test; go test -fuzz FuzzPlainList ./sqldb searches further.
func FuzzPlainList(f *testing.F) {
	for _, seed := range []string{``, `[]`, `["a"]`, `["a", "b"]`, `[ "fr" ,"ar" ]`, `["say \"hi\""]`, `["a",]`, `["a" "b"]`,
		`["a`, `[1]`, `["\u00e9t\u00e9"]`, `["été"]`, "[\"a\tb\"]", `{"a":1}`, `["a"]x`, `[,"a"]`, `null`, `["", ""]`, "[\"\xff\"]"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := plainList([]byte(s))
		if !ok {
			return
		}
		if s == "" {
			if len(got) != 0 {
				t.Fatalf("empty value read as %q", got)
			}
			return
		}
		var want []string
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("%q: read as %q, but it is not a JSON list of strings: %v", s, got, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: read as %q, encoding/json reads %q", s, got, want)
		}
	})
}
