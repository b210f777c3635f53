// Package textdiff compares prose word by word: what a reader of two versions of a page wants to
// see is which words changed, not which characters or lines. The text is cut into words, runs of
// spaces and single marks; each distinct piece is given a rune of its own, the two rune strings are
// compared with github.com/sergi/go-diff's Myers diff (as its line mode does with lines), and the
// result is turned back into text.
package textdiff

import (
	"strings"
	"time"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Kinds of change.
const (
	Same    = 0
	Deleted = -1
	Added   = 1
)

// Change is a piece of text the two versions share, or one of them only.
type Change struct {
	Kind int // Same, Deleted (in the old text only) or Added (in the new text only)
	Text string
}

// firstRune is the rune of the first distinct piece: past the surrogates, so that every piece's
// rune survives a trip through a Go string.
const firstRune = 0x10000

// Words compares old and new text word by word.
func Words(old, new string) []Change {
	pieces := map[string]rune{}
	var texts []string
	encode := func(s string) []rune {
		var out []rune
		for _, p := range split(s) {
			r, ok := pieces[p]
			if !ok {
				r = rune(firstRune + len(texts))
				pieces[p] = r
				texts = append(texts, p)
			}
			out = append(out, r)
		}
		return out
	}
	a, b := encode(old), encode(new)
	dmp := diffmatchpatch.New()
	// An exact comparison costs time in proportion to the length times the number of changes: past
	// a second (two long pages with nothing in common) a rougher one is returned.
	dmp.DiffTimeout = time.Second
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(a, b, false))
	out := make([]Change, 0, len(diffs))
	for _, d := range diffs {
		var text strings.Builder
		for _, r := range d.Text {
			text.WriteString(texts[r-firstRune])
		}
		c := Change{Kind: Same, Text: text.String()}
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			c.Kind = Deleted
		case diffmatchpatch.DiffInsert:
			c.Kind = Added
		}
		if n := len(out); n > 0 && out[n-1].Kind == c.Kind {
			out[n-1].Text += c.Text
			continue
		}
		out = append(out, c)
	}
	return out
}

// split cuts s into words (letters, digits and the marks that join them), runs of spaces, and
// single other characters.
func split(s string) []string {
	var out []string
	start, kind := 0, 0
	for i, r := range s {
		k := classOf(r)
		if i > start && (k != kind || k == 3) {
			out = append(out, s[start:i])
			start = i
		}
		kind = k
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// classOf sorts a rune: 1 word, 2 space, 3 anything else (a piece of its own).
func classOf(r rune) int {
	switch {
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
		return 1
	case unicode.IsSpace(r):
		return 2
	}
	return 3
}

// Changed reports whether the comparison found any difference.
func Changed(changes []Change) bool {
	for _, c := range changes {
		if c.Kind != Same {
			return true
		}
	}
	return false
}
