package textdiff

import (
	"fmt"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		old, new string
		want     string // the changes, [-deleted-] and {+added+}
	}{
		{"Call the families one by one.", "Call every family one by one.", "Call [-the families-]{+every family+} one by one."},
		{"Same text.", "Same text.", "Same text."},
		{"", "Nouveau texte", "{+Nouveau texte+}"},
		{"Texte effacé", "", "[-Texte effacé-]"},
		{"Appeler les familles.", "Appeler les familles, vite.", "Appeler les familles{+, vite+}."},
		{"قائمة العائلات.", "قائمة كل العائلات.", "قائمة {+كل +}العائلات."},
		{"préparer\nla liste", "préparer\nune liste", "préparer\n[-la-]{+une+} liste"},
	} {
		var b strings.Builder
		for _, c := range Words(tc.old, tc.new) {
			switch c.Kind {
			case Deleted:
				b.WriteString("[-" + c.Text + "-]")
			case Added:
				b.WriteString("{+" + c.Text + "+}")
			default:
				b.WriteString(c.Text)
			}
		}
		if b.String() != tc.want {
			t.Errorf("%q → %q: %q, want %q", tc.old, tc.new, b.String(), tc.want)
		}
	}
}

// TestWordsKeepsBothTexts: the old text is the changes without the added parts, the new one
// without the deleted parts, whatever the text.
func TestWordsKeepsBothTexts(t *testing.T) {
	for _, pair := range [][2]string{
		{"a b c d e f", "a c e f g"},
		{"😀 emoji 😀 and \u0301 marks", "emoji 😀 et marques"},
		{strings.Repeat("mot ", 500), strings.Repeat("mot autre ", 300)},
	} {
		var old, new strings.Builder
		for _, c := range Words(pair[0], pair[1]) {
			if c.Kind != Added {
				old.WriteString(c.Text)
			}
			if c.Kind != Deleted {
				new.WriteString(c.Text)
			}
		}
		if old.String() != pair[0] || new.String() != pair[1] {
			t.Errorf("%q → %q: got back %q and %q", pair[0], pair[1], old.String(), new.String())
		}
	}
}

// BenchmarkWords compares two versions of a long page (about 3,000 words, 20,000 characters) that
// differ in a sentence every few paragraphs: what the compare page computes for each page.
//
//	go test -run '^$' -bench Words ./textdiff
func BenchmarkWords(b *testing.B) {
	var old, new strings.Builder
	for i := range 300 {
		line := "Call the families on the list one by one and note who did not answer. "
		old.WriteString(line)
		if i%7 == 0 {
			line = "Go and see the families who did not answer, two people together. "
		}
		new.WriteString(line)
	}
	b.SetBytes(int64(old.Len() + new.Len()))
	for b.Loop() {
		if !Changed(Words(old.String(), new.String())) {
			b.Fatal("no change found")
		}
	}
}

// BenchmarkWordsUnrelated compares two long pages with nothing in common: the worst case, which
// the timeout bounds.
func BenchmarkWordsUnrelated(b *testing.B) {
	var old, new strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&old, "alpha%d ", i)
		fmt.Fprintf(&new, "beta%d ", i)
	}
	for b.Loop() {
		Words(old.String(), new.String())
	}
}
