package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub/mail/smtptest"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestNewVolunteerFirstHour walks a new volunteer's first hour in Spanish on a 390×844 phone screen,
// with real mail, on both databases: she signs up saying she wants to volunteer, opens the link in
// the mail, confirms with one press and is signed in on her start, gives the essentials, sees her
// first matches with their reasons, and takes a task. Every page is checked with axe-core; the test
// counts the pages loaded and the buttons pressed.
func TestNewVolunteerFirstHour(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			smtp := smtptest.Start(t)
			m, _ := startMain(t, d, func(c *Config) { c.SMTPURL = smtp.URL() })
			base := "http://" + m.Addr()
			camila := (&person{t: t, b: browsertest.New(t), base: base, name: "camila-" + string(d), lang: "es"}).onPhone()
			step := camila.step
			camila.signUp(smtp, "volunteer", "Camila R.", "camila.r@example.org", "cerros-de-valparaiso-9", "Confirma tu correo", "/start/volunteer")
			if s := camila.text(".flash"); !strings.Contains(s, "confirmado") {
				t.Fatalf("the start's notice: %q, want her address confirmed and her signed in", s)
			}

			step("essentials", 1, 1,
				chromedp.Click(`input[name="skills"][value="social_media"]`),
				chromedp.Click(`input[name="skills"][value="translation"]`),
				chromedp.SendKeys(`#f-hours_per_week`, "3"),
				chromedp.SetValue(`#f-time_zone`, "America/Santiago"),
				chromedp.Click(`form[action="/start/volunteer"] button`),
				chromedp.WaitReady(`.next-steps`))
			matches := mustLinks(t, camila.ctx, `.matches h2 a`)
			if len(matches) == 0 {
				t.Fatalf("no first matches: %q", camila.text("main"))
			}
			if s := camila.text(".matches"); !strings.Contains(s, "Redes sociales") {
				t.Errorf("the matches do not say why: %q", s)
			}

			// She opens her matches in turn until one she can take at once (the others ask her to apply).
			claimed := ""
			for i, l := range matches {
				step("task-"+string(rune('1'+i)), 1, 0, chromedp.Navigate(base+l.href), chromedp.WaitReady(`main h1`))
				ok, err := chromedp.Run(camila.ctx, chromedp.Evaluate[bool](`!!document.querySelector('form[action$="/join"] button') && !document.querySelector('form[action$="/join"] textarea')`))
				if err != nil {
					t.Fatal(err)
				}
				if ok {
					claimed = l.text
					break
				}
			}
			if claimed == "" {
				t.Fatalf("none of her %d matches can be taken at once", len(matches))
			}
			step("claimed", 1, 1,
				chromedp.Click(`form[action$="/join"] button`),
				chromedp.WaitReady(`form[action$="/submit"]`))
			step("me", 1, 0, chromedp.Navigate(base+"/me"), chromedp.WaitReady(`main h1`))
			if s := camila.text("main"); !strings.Contains(s, strings.TrimSpace(claimed)) {
				t.Errorf("her page does not list the task she took: %q", s)
			}
			t.Logf("%s: a new volunteer took her first task after %d page loads and %d button presses (the last page load only checks her page)",
				d, camila.loads, camila.presses)
		})
	}
}
