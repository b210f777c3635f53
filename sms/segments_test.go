package sms_test

import (
	"strings"
	"testing"

	"civhub/sms"
)

func TestSegments(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       sms.Count
	}{
		{"empty", "", sms.Count{sms.GSM7, 0, 0}},
		{"160 plain", strings.Repeat("a", 160), sms.Count{sms.GSM7, 160, 1}},
		{"161 plain", strings.Repeat("a", 161), sms.Count{sms.GSM7, 161, 2}},
		{"306 plain: two full parts", strings.Repeat("a", 306), sms.Count{sms.GSM7, 306, 2}},
		{"307 plain", strings.Repeat("a", 307), sms.Count{sms.GSM7, 307, 3}},
		{"accents of the default alphabet", "Hé Ñuñoa: ¿donde? Ü à ù", sms.Count{sms.GSM7, 23, 1}},
		{"the euro costs two", strings.Repeat("a", 159) + "€", sms.Count{sms.GSM7, 161, 2}},
		// 152 plain then an escape pair: the pair does not fit in the first part's last septet.
		{"an escape pair is not split", strings.Repeat("a", 152) + "[" + strings.Repeat("a", 10), sms.Count{sms.GSM7, 164, 2}},
		{"an escape pair at a part's end moves whole", strings.Repeat("a", 152) + "{" + strings.Repeat("a", 152), sms.Count{sms.GSM7, 306, 3}},
		{"a Spanish accent outside the alphabet makes it UCS-2", "Atención: á", sms.Count{sms.UCS2, 11, 1}},
		{"Arabic, 70 letters", strings.Repeat("ب", 70), sms.Count{sms.UCS2, 70, 1}},
		{"Arabic, 71 letters", strings.Repeat("ب", 71), sms.Count{sms.UCS2, 71, 2}},
		{"an emoji takes two units", strings.Repeat("a", 69) + "🙂", sms.Count{sms.UCS2, 71, 2}},
		{"a surrogate pair is not split", strings.Repeat("a", 66) + "🙂" + strings.Repeat("a", 10), sms.Count{sms.UCS2, 78, 2}},
		{"a surrogate pair at a part's end moves whole", strings.Repeat("a", 66) + "🙂" + strings.Repeat("a", 66), sms.Count{sms.UCS2, 134, 3}},
	} {
		if got := sms.Segments(c.text); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func FuzzSegments(f *testing.F) {
	for _, s := range []string{"", "TAKE 12", "خذ 12", "€€€", "🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := sms.Segments(s)
		if s != "" && (c.Segments < 1 || c.Units < 1) || c.Segments > c.Units+1 {
			t.Fatalf("%q: %+v", s, c)
		}
	})
}

// TestPlain: French typography (spaces before colons, apostrophes, guillemets) and the accents
// GSM-7 lacks (ê, í, ó, ç) become plain GSM-7, so that an alert fits one segment; the accents it
// has (é, à, ñ) stay; a message that is UCS-2 anyway keeps its characters.
func TestPlain(t *testing.T) {
	fr := "civhub\u00a0: Séisme à Valparaíso. Vous êtes d\u2019astreinte\u00a0? « Oui »"
	for _, c := range []struct{ in, want, encoding string }{
		{"civhub\u00a0: Inondation à Arica. Pouvez-vous aider\u00a0? https://civhub.example.org/t/12 \u2019", "civhub : Inondation à Arica. Pouvez-vous aider ? https://civhub.example.org/t/12 '", sms.GSM7},
		{"EXERCICE\u00a0: «\u00a0test\u00a0» \u2026", `EXERCICE : " test " ...`, sms.GSM7},
		{fr, `civhub : Séisme à Valparaiso. Vous etes d'astreinte ? " Oui "`, sms.GSM7},
		{"civhub: tarea 12 es tuya: Traducción. Envía LISTO 12 cuando esté hecha. ¿Ayuda? Año", "civhub: tarea 12 es tuya: Traduccion. Envia LISTO 12 cuando esté hecha. ¿Ayuda? Año", sms.GSM7},
		{"civhub : ça marche, l’Œuvre", "civhub : ca marche, l'OEuvre", sms.GSM7},
		{"civhub: ê 🙂", "civhub: ê 🙂", sms.UCS2}, // an emoji: UCS-2 whatever is done, so nothing is changed
		{"civhub: زلزال. هل يمكنك المساعدة؟", "civhub: زلزال. هل يمكنك المساعدة؟", sms.UCS2},
	} {
		got := sms.Plain(c.in)
		if got != c.want || sms.Segments(got).Encoding != c.encoding {
			t.Errorf("Plain(%q) = %q (%s), want %q (%s)", c.in, got, sms.Segments(got).Encoding, c.want, c.encoding)
		}
	}
}
