package i18n

import (
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"civhub"
)

// Named is a code with its name in some language, for lists and menus.
type Named struct {
	Code, Name string
}

// countryCodes are the ISO 3166-1 alpha-2 codes of today's countries and territories.
var countryCodes = func() []string {
	var codes []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			c := string([]rune{a, b})
			if civhub.IsCountry(c) {
				codes = append(codes, c)
			}
		}
	}
	return codes
}()

// names holds a locale's names of countries and languages, sorted for menus.
type names struct {
	regions   display.Namer
	languages display.Namer
	countries []Named
}

func newNames(tag language.Tag) *names {
	n := &names{regions: display.Regions(tag), languages: display.Languages(tag)}
	for _, c := range countryCodes {
		n.countries = append(n.countries, Named{Code: c, Name: n.regions.Name(language.MustParseRegion(c))})
	}
	col := collate.New(tag)
	sort.SliceStable(n.countries, func(i, j int) bool { return col.CompareString(n.countries[i].Name, n.countries[j].Name) < 0 })
	return n
}

// Country returns the name of the country with code in the locale's language, or the code itself.
func (l *Locale) Country(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := l.names.regions.Name(r); name != "" {
		return name
	}
	return code
}

// Countries lists every country, named and sorted in the locale's language.
func (l *Locale) Countries() []Named { return l.names.countries }

// Language returns the name of the language with the BCP 47 code in the locale's language.
func (l *Locale) Language(code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	if name := l.names.languages.Name(t); name != "" {
		return name
	}
	return code
}

// LanguagePair names the two languages of a translation, from one into the other, in reading
// order: an arrow where the language is written left to right, words in Arabic, where an arrow
// between two names would point against the reading.
func (l *Locale) LanguagePair(from, to string) string {
	return l.T("task.language_pair", map[string]any{"From": l.Language(from), "To": l.Language(to)})
}
