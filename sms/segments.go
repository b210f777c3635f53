// Package sms sends and receives text messages through gateways, and counts what a message costs:
// its encoding and the number of segments a phone network bills for it.
package sms

import (
	"strings"
	"unicode/utf16"
)

// Encodings a message is sent in.
const (
	GSM7 = "gsm7" // the GSM 03.38 default alphabet: 160 characters in one segment
	UCS2 = "ucs2" // anything else, Arabic among it: 70 UTF-16 units in one segment
)

// gsmBasic is the GSM 03.38 default alphabet: each costs one septet. (The escape to the extension
// table, 0x1B, is left out: a message cannot carry it on its own.)
const gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

// gsmExtension holds the characters of the extension table: each costs two septets, an escape and
// itself, and the two are never split between segments.
const gsmExtension = "\f^{}\\[~]|€"

var septets = func() map[rune]int {
	m := map[rune]int{}
	for _, r := range gsmBasic {
		m[r] = 1
	}
	for _, r := range gsmExtension {
		m[r] = 2
	}
	return m
}()

// Segment sizes: one segment alone, or each part of a longer message, which gives some room to
// the header that joins the parts again.
const (
	gsmSingle  = 160
	gsmPart    = 153
	ucs2Single = 70
	ucs2Part   = 67
)

// Count is what a message costs.
type Count struct {
	Encoding string
	Units    int // septets for GSM-7, UTF-16 code units for UCS-2
	Segments int
}

// Segments says how text is encoded and into how many segments it is split. One character outside
// the GSM alphabet makes the whole message UCS-2; an emoji takes two UTF-16 units, and neither an
// escape pair nor a surrogate pair is split between two parts.
func Segments(text string) Count {
	if text == "" {
		return Count{Encoding: GSM7}
	}
	var sizes []int // the cost of each character, in units
	gsm := true
	for _, r := range text {
		n, ok := septets[r]
		if !ok {
			gsm = false
			break
		}
		sizes = append(sizes, n)
	}
	c := Count{Encoding: GSM7}
	single, part := gsmSingle, gsmPart
	if !gsm {
		c.Encoding, single, part = UCS2, ucs2Single, ucs2Part
		sizes = sizes[:0]
		for _, r := range text {
			sizes = append(sizes, utf16.RuneLen(r))
		}
	}
	for _, n := range sizes {
		c.Units += n
	}
	if c.Units <= single {
		c.Segments = 1
		return c
	}
	used := 0
	c.Segments = 1
	for _, n := range sizes {
		if used+n > part {
			c.Segments++
			used = 0
		}
		used += n
	}
	return c
}

// plainer maps the typographic characters civhub's messages use to the plain ones of the GSM
// alphabet, and the accented letters the alphabet lacks to their letter without the accent
// (á, ó, ê, ç…: it has é, è, à, ñ and a few others): a French or Spanish message keeps its words
// and fits GSM-7 (160 characters a segment) rather than UCS-2 (70), at a third of the cost.
var plainer = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`,
	"«", `"`, "»", `"`, "\u2026", "...", "\u2013", "-", "\u2014", "-",
	"á", "a", "í", "i", "ó", "o", "ú", "u", "Á", "A", "Í", "I", "Ó", "O", "Ú", "U",
	"â", "a", "ê", "e", "î", "i", "ô", "o", "û", "u", "Â", "A", "Ê", "E", "Î", "I", "Ô", "O", "Û", "U",
	"ë", "e", "ï", "i", "ÿ", "y", "Ë", "E", "Ï", "I", "À", "A", "È", "E", "Ù", "U", "ç", "c", "œ", "oe", "Œ", "OE")

// Plain returns text with typographic spaces, quotes, dashes and ellipses made plain, for a text
// message. Where any other character is outside the GSM alphabet (Arabic), the message is UCS-2
// anyway, and text is returned as it was.
func Plain(text string) string {
	p := plainer.Replace(text)
	if Segments(p).Encoding != GSM7 {
		return text
	}
	return p
}

// MaxInbound is the longest text civhub keeps of a message that arrives: ten segments.
const MaxInbound = 1600

// Clean makes a message that arrived fit to store and show: valid UTF-8, no control characters
// but line breaks, at most MaxInbound characters.
func Clean(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	var b strings.Builder
	n := 0
	for _, r := range text {
		if n == MaxInbound {
			break
		}
		if r == '\n' || r == '\t' {
			r = ' '
		} else if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// Cut is one way of shortening a message to fit one segment: the titles it names are cut to
// Runes characters, and a list it gives keeps its first Items.
type Cut struct{ Runes, Items int }

// Cuts are the ways Fit tries, the least first.
var Cuts = []Cut{{60, 3}, {40, 3}, {28, 3}, {20, 3}, {12, 3}, {12, 2}, {12, 1}}

// Fit words a message with each of Cuts in turn and returns the first wording that takes as few
// segments, once made plain (as it is sent), as the shortest wording does: one where the words
// allow it. Titles are not cut where cutting them saves nothing.
func Fit(word func(Cut) string) string {
	least := Segments(Plain(word(Cuts[len(Cuts)-1]))).Segments
	for _, c := range Cuts {
		if s := word(c); Segments(Plain(s)).Segments <= least {
			return s
		}
	}
	return word(Cuts[len(Cuts)-1])
}
