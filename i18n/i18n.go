// Package i18n translates civhub's interface into English, Spanish, French and Arabic. Messages live
// in one TOML file per locale under locales/; a test fails when a locale misses a message or a message
// is not used. Dates, numbers and plurals follow each locale's rules.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"civhub"
)

//go:embed locales/*.toml
var localeFiles embed.FS

// Catalog holds every locale's messages and picks a locale for each request.
type Catalog struct {
	bundle  *goi18n.Bundle
	matcher language.Matcher
	locales map[string]*Locale
	ordered []*Locale
}

// NewCatalog loads the embedded message files.
func NewCatalog() (*Catalog, error) {
	c := &Catalog{bundle: goi18n.NewBundle(language.English), locales: map[string]*Locale{}}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	var tags []language.Tag
	for _, code := range civhub.Locales {
		if _, err := c.bundle.LoadMessageFileFS(localeFiles, "locales/"+code+".toml"); err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		tag := language.MustParse(code)
		plain, err := plainMessages(code)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		l := &Locale{
			plain:     plain,
			Code:      code,
			Tag:       tag,
			Dir:       direction(tag),
			localizer: goi18n.NewLocalizer(c.bundle, code),
			printer:   message.NewPrinter(tag),
			names:     newNames(tag),
			months:    monthNames[code],
		}
		l.Name = l.T("lang.native_name")
		c.locales[code] = l
		c.ordered = append(c.ordered, l)
		tags = append(tags, tag)
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// Locales returns every locale in switcher order.
func (c *Catalog) Locales() []*Locale { return c.ordered }

// Locale returns the locale with the given code, or nil.
func (c *Catalog) Locale(code string) *Locale { return c.locales[code] }

// Negotiate picks the locale for a request: the person's explicit choice when it names a locale,
// otherwise the best match for their Accept-Language header, otherwise English.
func (c *Catalog) Negotiate(choice, acceptLanguage string) *Locale {
	if l, ok := c.locales[choice]; ok {
		return l
	}
	tags, _, _ := language.ParseAcceptLanguage(acceptLanguage)
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return c.ordered[0]
	}
	return c.ordered[i]
}

func parseLocaleFile(code string) ([]*goi18n.Message, error) {
	buf, err := fs.ReadFile(localeFiles, "locales/"+code+".toml")
	if err != nil {
		return nil, err
	}
	mf, err := goi18n.ParseMessageFileBytes(buf, code+".toml", map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		return nil, err
	}
	return mf.Messages, nil
}

// MessageIDs returns the message IDs defined in the file of locale code, for the catalog tests.
func MessageIDs(code string) ([]string, error) {
	msgs, err := parseLocaleFile(code)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	return ids, nil
}

// plainMessages returns the messages of locale code that have neither plural forms nor fields to
// fill, so that T can return them without running a template: most of a page's text is such.
func plainMessages(code string) (map[string]string, error) {
	msgs, err := parseLocaleFile(code)
	if err != nil {
		return nil, err
	}
	plain := map[string]string{}
	for _, m := range msgs {
		if m.Zero == "" && m.One == "" && m.Two == "" && m.Few == "" && m.Many == "" && !strings.Contains(m.Other, "{{") {
			plain[m.ID] = m.Other
		}
	}
	return plain, nil
}

func direction(tag language.Tag) string {
	if base, _ := tag.Base(); base.String() == "ar" {
		return "rtl"
	}
	return "ltr"
}

// Locale is one interface language, ready to translate.
type Locale struct {
	Code string       // the BCP 47 code, as used in lang attributes and the language cookie
	Name string       // the language's name in itself, for the switcher
	Dir  string       // "ltr" or "rtl"
	Tag  language.Tag // the parsed code

	plain     map[string]string // messages that need no template, by ID
	localizer *goi18n.Localizer
	printer   *message.Printer
	names     *names
	months    [12]string
	zone      string // the IANA zone moments are shown in; "" for UTC
}

// T translates the message id. An optional map fills the message's {{.Name}} fields. A missing
// message yields its id, which the catalog tests forbid.
func (l *Locale) T(id string, data ...map[string]any) string {
	if s, ok := l.plain[id]; ok {
		return s
	}
	lc := &goi18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		lc.TemplateData = data[0]
	}
	s, err := l.localizer.Localize(lc)
	if err != nil {
		return id
	}
	return s
}

// N translates the plural message id for count, which fills {{.Count}} formatted per locale.
func (l *Locale) N(id string, count int) string {
	s, err := l.localizer.Localize(&goi18n.LocalizeConfig{
		MessageID:    id,
		PluralCount:  count,
		TemplateData: map[string]any{"Count": l.Number(int64(count))},
	})
	if err != nil {
		return id
	}
	return s
}

// List joins items with the language's list separator (the Arabic comma in Arabic).
func (l *Locale) List(items []string) string { return strings.Join(items, l.T("list.separator")) }

// Colon returns the colon that ends a label, written as the language writes it: French puts a
// no-break space before it, so that the colon never starts a line.
func (l *Locale) Colon() string { return l.T("list.colon") }

// Number formats n with the locale's digits and grouping.
func (l *Locale) Number(n int64) string { return l.printer.Sprint(n) }

// Hours formats minutes as hours with at most one decimal (2.5, 2,5, ٢٫٥), so that half an
// hour of work is not rounded away.
func (l *Locale) Hours(minutes int) string {
	return l.printer.Sprint(number.Decimal(float64(minutes)/60, number.MaxFractionDigits(1)))
}

// Date formats t as a day, month and year in the locale's usual order.
func (l *Locale) Date(t time.Time) string {
	day, month, year := l.Number(int64(t.Day())), l.months[t.Month()-1], l.year(t)
	switch l.Code {
	case "en":
		return month + " " + day + ", " + year
	case "es":
		return day + " de " + month + " de " + year
	default:
		return day + " " + month + " " + year
	}
}

// Day formats a date without a time of day, such as a deadline given as a date: civhub keeps those
// at midnight UTC, and they name the same day in every time zone, so the day is read in UTC and
// never moved into the viewer's zone.
func (l *Locale) Day(t time.Time) string { return l.Date(t.UTC()) }

// In returns a copy of l that shows moments in the IANA time zone zone; "" or an unknown zone keeps
// UTC. Pages are made with the viewer's copy, so that every template shows their local time.
func (l *Locale) In(zone string) *Locale {
	c := *l
	c.zone = ""
	if loc := civhub.Location(zone); loc != time.UTC {
		c.zone = zone
	}
	return &c
}

// Zone returns the IANA name of the time zone moments are shown in, or "" for UTC.
func (l *Locale) Zone() string { return l.zone }

// DateTime formats t as its date and its 24-hour time in l's time zone, which it names: a time
// without its zone misleads whoever reads it elsewhere.
func (l *Locale) DateTime(t time.Time) string {
	t = t.In(civhub.Location(l.zone))
	two := func(n int) string {
		if n < 10 {
			return l.Number(0) + l.Number(int64(n))
		}
		return l.Number(int64(n))
	}
	comma := ", "
	if l.Code == "ar" {
		comma = "، "
	}
	zone := "UTC"
	if l.zone != "" {
		// A zone name is Latin: isolated, it keeps its own order inside right-to-left text.
		zone = "(\u2068" + l.zone + "\u2069)"
		if l.Dir == "ltr" {
			zone = "(" + l.zone + ")"
		}
	}
	return l.Date(t) + comma + two(t.Hour()) + ":" + two(t.Minute()) + " " + zone
}

// MonthYear formats the month and year of t.
func (l *Locale) MonthYear(t time.Time) string {
	month, year := l.months[t.Month()-1], l.year(t)
	if l.Code == "es" {
		return month + " de " + year
	}
	return month + " " + year
}

// year formats t's year in the locale's digits, without grouping.
func (l *Locale) year(t time.Time) string {
	return l.printer.Sprint(number.Decimal(t.Year(), number.NoSeparator()))
}

// monthNames in each locale; English capitalizes them, Spanish and French do not.
var monthNames = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"ar": {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
}

// Isolate keeps a name people wrote, such as an organization's or a task's, whole inside a sentence
// of right-to-left text: between Unicode first-strong isolates (the plain-text form of <bdi>), a
// Latin name neither reorders the words around it nor carries off the sentence's punctuation.
// Left-to-right sentences are returned as they are.
func (l *Locale) Isolate(name string) string {
	if l.Dir != "rtl" || name == "" {
		return name
	}
	return "\u2068" + name + "\u2069"
}

// NoteText is the sentence for a notification of kind (note.KIND) about task, of organization org,
// caused by actor. Someone whose account is gone is named as such.
func (l *Locale) NoteText(kind, task, org, actor string) string {
	if actor == "" {
		actor = l.T("note.someone")
	}
	return l.T("note.text."+kind, map[string]any{"Task": l.Isolate(task), "Org": l.Isolate(org), "Actor": l.Isolate(actor)})
}
