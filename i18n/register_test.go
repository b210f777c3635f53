package i18n

import (
	"regexp"
	"strings"
	"testing"
)

// messageTexts returns every text of locale code, plural forms included, each under its message ID.
func messageTexts(t *testing.T, code string) map[string][]string {
	t.Helper()
	msgs, err := parseLocaleFile(code)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, m := range msgs {
		for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
			if s != "" {
				out[m.ID] = append(out[m.ID], s)
			}
		}
	}
	return out
}

// words returns a pattern that matches any of ws as a whole word. Go's \b knows only ASCII letters,
// so it would find no end to "Dé" and would split "Inténtelo".
func words(ws ...string) string {
	return `(?:^|[^\p{L}])(?:` + strings.Join(ws, "|") + `)(?:[^\p{L}]|$)`
}

// usted matches what only a text that addresses its reader as usted can say: the word itself (not
// "ustedes", which Latin American Spanish uses for "you" in the plural whatever the register), usted
// imperatives opening a sentence, and usted imperatives with a pronoun attached. "su" and "sus" are
// left out on purpose: "sus necesidades" of an organization or "su perfil" of a volunteer are
// correct in a text that says tú to its reader.
var usted = regexp.MustCompile(words("[Uu]sted",
	"Inicie", "Revise", "Ingrese", "Haga", "Introduzca", "Pulse", "Presione", "Escriba", "Elija", "Confirme",
	"Seleccione", "Siga", "Espere", "Vuelva", "Corrija", "Indique", "Diga", "Dé", "Marque", "Use", "Suba",
	"Quite", "Revoque", "Cambie", "Pruebe", "Consulte", "Explique", "Complete", "Añada", "Agregue", "Mire",
	"Vea", "Lea", "Anote", "Pida", "Envíe", "Guarde", "Describa", "Cuente", "Deje", "Fije", "Prepare",
	"Ofrezca", "Publique", "Facilite", "Reúna", "Muestre", "Acuerde", "Planifique", "Prefiera", "Pregunte",
	"Postule", "Responda", "Agradezca", "Instale", "Abra", "Intente", "Tenga", "Sepa",
	"(?i:inténtelo|cópielo|cópiela|quítelos|quítela|añádala|añádalo|invítela|invítelo|trátelos|descárguelos|"+
		"déjela|déjelo|déjelos|regístrese|inscríbase|asegúrese|compártala|publíquela|anótela|anótelo|"+
		"agradézcale|explíquele|cuéntenos|díganos|escríbanos)"))

// TestSpanishSaysTu fails on a Spanish message that addresses its reader as usted: civhub says tú
// to everyone, as Latin American civil-society platforms usually do, and a page or mail that mixes
// both reads as if two people wrote it.
func TestSpanishSaysTu(t *testing.T) {
	for id, texts := range messageTexts(t, "es") {
		for _, s := range texts {
			if m := usted.FindString(s); m != "" {
				t.Errorf("es.toml %s says usted (%q): %q", id, strings.TrimSpace(m), s)
			}
		}
	}
}

var (
	// notProse matches what French typography leaves alone: template actions, web addresses and
	// times such as 08:00.
	notProse = regexp.MustCompile(`\{\{.*?\}\}|https?://\S*|\d:\d`)
	// tightMark matches a colon, semicolon, question or exclamation mark, or a closing guillemet,
	// without a no-break space (U+00A0 or the narrow U+202F) before it, and an opening guillemet
	// without one after it.
	tightMark = regexp.MustCompile("(?:^|[^\u00a0\u202f])[:;?!»]|«(?:[^\u00a0\u202f]|$)")
)

// TestFrenchSpacesBeforeMarks fails on a French message that sets ":", ";", "?", "!" or a guillemet
// without the no-break space French typography puts there: glued to the word it looks wrong, and
// after an ordinary space a narrow screen can start a line with it.
func TestFrenchSpacesBeforeMarks(t *testing.T) {
	for id, texts := range messageTexts(t, "fr") {
		for _, s := range texts {
			if m := tightMark.FindString(notProse.ReplaceAllString(s, "x")); m != "" {
				t.Errorf("fr.toml %s: no no-break space at %q in %q", id, m, s)
			}
		}
	}
}

// TestRegisterMarkers checks the patterns above on sentences whose answer is known, so that a
// pattern broken by an edit cannot pass every locale file unnoticed.
func TestRegisterMarkers(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Inicie sesión para continuar.", true},
		{"Revise su correo.", true},
		{"No hay nada, o no es visible para usted.", true},
		{"Espere un poco e inténtelo de nuevo.", true},
		{"Dé al token un nombre.", true},
		{"Inicia sesión para continuar.", false},
		{"Cuéntale a la moderación quiénes son y quién puede dar referencias de ustedes.", false},
		{"Una persona que cerró su cuenta", false},
		{"Esta organización usa civhub.", false},
	} {
		if got := usted.MatchString(tc.text); got != tc.want {
			t.Errorf("usted on %q = %v, want %v", tc.text, got, tc.want)
		}
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Langue\u00a0:", false},
		{"Nouveau sur civhub\u202f?", false},
		{"«\u202fMapa\u202f»\u202f; le dernier", false},
		{"Langue :", true},
		{"Langue:", true},
		{"Nouveau sur civhub ?", true},
		{"sur « Mapa »", true},
		{"Merci!", true},
		{"à 08:00, sur https://civhub.example/?a=1 ou {{.Count}}", false},
	} {
		if got := tightMark.MatchString(notProse.ReplaceAllString(tc.text, "x")); got != tc.want {
			t.Errorf("tightMark on %q = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// tatweelJoin matches a tatweel (the joining stroke of "بـ" or "لـ") that touches a field or an
// Arabic letter.
var tatweelJoin = regexp.MustCompile(`\x{0640}(?:\{\{|\p{Arabic})`)

// TestArabicJoinsNoName fails on an Arabic message that hangs a one-letter preposition on a field
// with a tatweel: before a name written in Arabic the stroke stays in the word («بـالفرنسية»), and
// a name in Latin letters drags it across the line. Such messages say it in words instead
// («لغات التقديم: …», «لمنظمة …»).
func TestArabicJoinsNoName(t *testing.T) {
	for id, texts := range messageTexts(t, "ar") {
		for _, s := range texts {
			if tatweelJoin.MatchString(s) {
				t.Errorf("ar.toml %s joins a tatweel to what follows: %q", id, s)
			}
		}
	}
}
