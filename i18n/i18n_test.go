package i18n_test

import (
	"strings"
	"testing"
	"time"

	"civhub/i18n"
)

func newCatalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNegotiate(t *testing.T) {
	c := newCatalog(t)
	for _, tc := range []struct {
		name, choice, accept, want string
	}{
		{"ChoiceWins", "fr", "ar,en;q=0.5", "fr"},
		{"AcceptLanguage", "", "es-CL,es;q=0.9,en;q=0.8", "es"},
		{"RegionalArabic", "", "ar-MA", "ar"},
		{"QualityOrder", "", "de;q=1, fr;q=0.8, en;q=0.5", "fr"},
		{"UnknownChoiceFallsBack", "xx", "ar", "ar"},
		{"NothingMatches", "", "de, ja", "en"},
		{"EmptyHeader", "", "", "en"},
		{"Garbage", "", ";;;q=,,", "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Negotiate(tc.choice, tc.accept).Code; got != tc.want {
				t.Fatalf("Negotiate(%q, %q) = %q, want %q", tc.choice, tc.accept, got, tc.want)
			}
		})
	}
}

func TestDatesAndNumbers(t *testing.T) {
	c := newCatalog(t)
	day := time.Date(2026, time.November, 26, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		code, date, monthYear, number, dateTime string
	}{
		{"en", "November 26, 2026", "November 2026", "1,234,567", "November 26, 2026, 09:05 UTC"},
		{"es", "26 de noviembre de 2026", "noviembre de 2026", "1.234.567", "26 de noviembre de 2026, 09:05 UTC"},
		{"fr", "26 novembre 2026", "novembre 2026", "1\u00a0234\u00a0567", "26 novembre 2026, 09:05 UTC"},
		{"ar", "٢٦ نوفمبر ٢٠٢٦", "نوفمبر ٢٠٢٦", "١٬٢٣٤٬٥٦٧", "٢٦ نوفمبر ٢٠٢٦، ٠٩:٠٥ UTC"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			l := c.Locale(tc.code)
			if got := l.Date(day); got != tc.date {
				t.Errorf("Date = %q, want %q", got, tc.date)
			}
			if got := l.MonthYear(day); got != tc.monthYear {
				t.Errorf("MonthYear = %q, want %q", got, tc.monthYear)
			}
			// 06:05 in Valparaíso in November is 09:05 UTC.
			if got := l.DateTime(time.Date(2026, time.November, 26, 6, 5, 0, 0, time.FixedZone("CLST", -3*3600))); got != tc.dateTime {
				t.Errorf("DateTime = %q, want %q", got, tc.dateTime)
			}
			if got := l.Number(1234567); got != tc.number {
				t.Errorf("Number = %q, want %q", got, tc.number)
			}
		})
	}
}

// TestDateTimeInZone shows a moment in the viewer's zone, named, and in UTC for an unknown zone.
func TestDateTimeInZone(t *testing.T) {
	c := newCatalog(t)
	at := time.Date(2026, time.November, 26, 9, 5, 0, 0, time.UTC) // 06:05 in Santiago, UTC-3 in November
	for _, tc := range []struct {
		code, zone, want string
	}{
		{"en", "America/Santiago", "November 26, 2026, 06:05 (America/Santiago)"},
		{"es", "America/Santiago", "26 de noviembre de 2026, 06:05 (America/Santiago)"},
		{"ar", "America/Santiago", "٢٦ نوفمبر ٢٠٢٦، ٠٦:٠٥ (\u2068America/Santiago\u2069)"},
		{"fr", "Asia/Kolkata", "26 novembre 2026, 14:35 (Asia/Kolkata)"},
		{"en", "", "November 26, 2026, 09:05 UTC"},
		{"en", "Mars/Olympus", "November 26, 2026, 09:05 UTC"},
	} {
		t.Run(tc.code+"/"+tc.zone, func(t *testing.T) {
			l := c.Locale(tc.code).In(tc.zone)
			if got := l.DateTime(at); got != tc.want {
				t.Errorf("DateTime = %q, want %q", got, tc.want)
			}
			if got := c.Locale(tc.code).DateTime(at); !strings.HasSuffix(got, "UTC") {
				t.Errorf("In changed the shared locale: %q", got)
			}
		})
	}
}

func TestDirection(t *testing.T) {
	c := newCatalog(t)
	for _, l := range c.Locales() {
		want := "ltr"
		if l.Code == "ar" {
			want = "rtl"
		}
		if l.Dir != want {
			t.Errorf("%s: Dir = %q, want %q", l.Code, l.Dir, want)
		}
		if l.Name == "" || l.Name == "lang.native_name" {
			t.Errorf("%s: no native name", l.Code)
		}
	}
}

func TestTranslateWithData(t *testing.T) {
	l := newCatalog(t).Locale("fr")
	if got := l.T("footer.version", map[string]any{"Version": "1.2"}); got != "Version 1.2" {
		t.Fatalf("T = %q", got)
	}
	if got := l.T("no.such.message"); got != "no.such.message" {
		t.Fatalf("a missing message gave %q, want its ID", got)
	}
}

func TestHours(t *testing.T) {
	c := newCatalog(t)
	for _, tc := range []struct {
		code    string
		minutes int
		want    string
	}{{"en", 150, "2.5"}, {"en", 120, "2"}, {"fr", 150, "2,5"}, {"es", 90, "1,5"}, {"ar", 150, "٢٫٥"}, {"en", 20, "0.3"}} {
		if got := c.Locale(tc.code).Hours(tc.minutes); got != tc.want {
			t.Errorf("%s: Hours(%d) = %q, want %q", tc.code, tc.minutes, got, tc.want)
		}
	}
}

func TestList(t *testing.T) {
	c := newCatalog(t)
	for code, want := range map[string]string{"en": "Chile, Morocco", "ar": "Chile، Morocco"} {
		if got := c.Locale(code).List([]string{"Chile", "Morocco"}); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
}
