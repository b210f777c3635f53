package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub/i18n"
	"civhub/mail/smtptest"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestNewOrganizationFirstHour walks a new organization's first hour in Arabic on a 390×844 phone
// screen, with real mail, on both databases. Hafsa signs up for her cooperative, confirms from the
// mail and is signed in on the organization's start; she makes one mistake, creates the
// cooperative, picks "translate our leaflet" among the examples, leaves out the proofreading,
// changes the translation's hours and languages, and publishes. The need says that volunteers will
// see it once the cooperative is verified, and she sends what the moderators ask for. Kofi, a
// moderator, verifies the cooperative. On her task Hafsa finds Salma, who translates from French
// into Arabic, among the suggested volunteers and invites her; Salma opens the invitation and
// applies. Hafsa's own page lists the application with the date she promised to answer by, and
// she accepts it. Every page is checked with axe-core; the test counts Hafsa's page loads and
// button presses.
func TestNewOrganizationFirstHour(t *testing.T) {
	catalog, err := i18n.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	ar := catalog.Locale("ar")
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			smtp := smtptest.Start(t)
			m, _ := startMain(t, d, func(c *Config) { c.SMTPURL = smtp.URL() })
			base := "http://" + m.Addr()
			hafsa := (&person{t: t, b: browsertest.New(t), base: base, name: "hafsa-" + string(d), lang: "ar"}).onPhone()
			step := hafsa.step
			hafsa.signUp(smtp, "organization", "حفصة", "hafsa@example.org", "argan-de-tafraout-7", ar.T("mail.verify_email.subject"), "/start/organization")
			if s := hafsa.text(".flash"); s == "" {
				t.Errorf("no notice that her address is confirmed and she is signed in")
			}

			// The cooperative, with a mistake first: the form keeps what she chose and says what is missing.
			checked, err := chromedp.Run(hafsa.ctx, chromedp.Evaluate[bool](`document.querySelector('input[name="languages"][value="ar"]').checked`))
			if err != nil || !checked {
				t.Fatalf("Arabic, the language of the page, is not preset (%v)", err)
			}
			step("org-mistake", 1, 1,
				chromedp.SetValue(`#f-type`, "cooperative"),
				chromedp.Click(`form[action="/start/organization"] button`),
				chromedp.WaitReady(`#f-name-error`))
			if v, _ := chromedp.Run(hafsa.ctx, chromedp.Value(`#f-type`)); v != "cooperative" {
				t.Errorf("the form lost the type she chose: %q", v)
			}
			step("need-start", 1, 1,
				chromedp.SendKeys(`#f-name`, "تعاونية نساء تافراوت"),
				chromedp.SetValue(`#f-country`, "MA"),
				chromedp.Click(`input[name="languages"][value="fr"]`),
				chromedp.SetValue(`#f-time_zone`, "Africa/Casablanca"),
				chromedp.Click(`form[action="/start/organization"] button`),
				chromedp.WaitReady(`ul.templates`))

			// The first need, from an example.
			step("need-template", 1, 0,
				chromedp.Click(`ul.templates a[href$="template=translate"]`),
				chromedp.WaitReady(`[name="task2.keep"]`))
			title, err := chromedp.Run(hafsa.ctx, chromedp.Value(`#f-title`))
			if err != nil || title != ar.T("need.template.translate.title") {
				t.Fatalf("the need's title reads %q (%v), want the example's in Arabic", title, err)
			}
			hafsa.do("need-change-task",
				chromedp.Click(`[name="task2.keep"]`),
				chromedp.Click(`ol.drafts li:first-child summary`),
				chromedp.SetValue(`[name="task1.estimated_hours"]`, "4"),
				chromedp.SetValue(`[name="task1.source_language"]`, "fr"),
				chromedp.SetValue(`[name="task1.target_language"]`, "ar"))
			step("need-published", 1, 1,
				chromedp.Click(`button[name="status"][value="open"]`),
				chromedp.WaitReady(`section[aria-labelledby="waiting-h"]`))
			if got := hafsa.text(`p.flash`); got != ar.T("need.kit.waiting") {
				t.Errorf("the notice reads %q, want that volunteers will see the need once the cooperative is verified", got)
			}
			cards := hafsa.text(`ul.cards`)
			taskTitle := ar.T("need.template.translate.first.title")
			if !strings.Contains(cards, taskTitle) || strings.Contains(cards, ar.T("need.template.translate.second.title")) {
				t.Errorf("the need's tasks read %q, want the translation alone", cards)
			}
			needURL, err := chromedp.Run(hafsa.ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			// Another task starts with its kind and offers the skills that fit; the rest wait behind one tap.
			hafsa.do("task-kind", chromedp.Navigate(needURL+"/tasks/new"), chromedp.WaitReady(`ul.kinds`))
			hafsa.do("task-form",
				chromedp.Click(`ul.kinds a[href$="type=social_media"]`),
				chromedp.WaitReady(`input[name="skills"][value="social_media"]`))
			visible, err := chromedp.Run(hafsa.ctx, chromedp.Evaluate[[]bool](`[
				document.querySelector('input[name="skills"][value="social_media"]').checkVisibility(),
				document.querySelector('input[name="skills"][value="gis"]').checkVisibility(),
				document.querySelector('#f-claim_hours').checkVisibility()]`))
			if err != nil || len(visible) != 3 || !visible[0] || visible[1] || visible[2] {
				t.Fatalf("visible (fitting skill, other skill, claim time) = %v (%v), want only the fitting skill", visible, err)
			}

			// What the moderators need, sent from the need's notice.
			hafsa.do("need-again", chromedp.Navigate(needURL), chromedp.WaitReady(`section[aria-labelledby="waiting-h"]`))
			step("verification", 1, 0,
				chromedp.Click(`section[aria-labelledby="waiting-h"] a[href$="/verification"]`),
				chromedp.WaitReady(`#f-evidence`))
			step("verification-sent", 1, 1,
				chromedp.SendKeys(`#f-evidence`, "تعاونية مسجلة لدى مكتب تنمية التعاون، رقم 4821"),
				chromedp.Click(`form[action$="/verification"] button`),
				chromedp.WaitNotPresent(`#f-evidence`))

			kofi := (&person{t: t, b: browsertest.New(t), base: base, name: "kofi-" + string(d), lang: "en"}).onPhone()
			kofi.signIn("kofi@demo.civhub.test", "demo-password")
			kofi.do("queue", chromedp.Navigate(base+"/admin/verification"), chromedp.WaitReady(`main h1`))
			id, err := chromedp.Run(kofi.ctx, chromedp.Evaluate[string](`(() => {
				for (const a of document.querySelectorAll('article.card')) {
					if (a.querySelector('h2').textContent.includes('تافراوت')) return a.querySelector('form').getAttribute('action');
				}
				return '';
			})()`))
			if err != nil || id == "" {
				t.Fatalf("the cooperative is not in the moderators' queue (%v): %q", err, kofi.text("main"))
			}
			kofi.do("verified", chromedp.Click(`form[action="`+id+`"] button[value="approve"]`), chromedp.WaitReady(`.flash`))

			// Her task, now in front of volunteers: Salma is among the suggested.
			step("need-verified", 1, 0, chromedp.Navigate(needURL), chromedp.WaitReady(`ul.cards`))
			if n, _ := chromedp.Run(hafsa.ctx, chromedp.Evaluate[int](`document.querySelectorAll('section[aria-labelledby="waiting-h"]').length`)); n != 0 {
				t.Errorf("the need still says it waits for verification")
			}
			step("task", 1, 0, chromedp.Click(`ul.cards h2 a`), chromedp.WaitReady(`main h1`))
			taskURL, err := chromedp.Run(hafsa.ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			invite, err := chromedp.Run(hafsa.ctx, chromedp.Evaluate[int](`(() => {
				const items = [...document.querySelectorAll('ul.suggestions > li')];
				return items.findIndex(li => li.querySelector('h3').textContent.includes('Salma'));
			})()`))
			if err != nil || invite < 0 {
				t.Fatalf("Salma is not among the suggested volunteers (%v): %q", err, hafsa.text("main"))
			}
			step("invited", 1, 1,
				chromedp.Click(`ul.suggestions > li:nth-child(`+strconv.Itoa(invite+1)+`) form button`),
				chromedp.WaitReady(`.flash`))

			salma := (&person{t: t, b: browsertest.New(t), base: base, name: "salma-" + string(d), lang: "ar"}).onPhone()
			salma.signIn("salma@demo.civhub.test", "demo-password")
			salma.do("inbox", chromedp.Navigate(base+"/me/notifications"), chromedp.WaitReady(`.notes`))
			salma.do("invitation", chromedp.Click(`.notes li:first-child a`), chromedp.WaitReady(`form[action$="/join"] textarea`))
			if got, _ := chromedp.Run(salma.ctx, chromedp.Location()); got != taskURL {
				t.Fatalf("the invitation leads to %s, want the task %s", got, taskURL)
			}
			salma.do("applied",
				chromedp.SendKeys(`form[action$="/join"] textarea`, "أترجم من الفرنسية إلى العربية منذ عشر سنوات، ويمكنني البدء هذا الأسبوع."),
				chromedp.Click(`form[action$="/join"] button`),
				chromedp.WaitNotPresent(`form[action$="/join"] textarea`))

			// Her own page: the application waits, with the date she promised to answer by.
			step("me", 1, 0, chromedp.Click(`a[href="/me"]`), chromedp.WaitReady(`ul.waiting`))
			waiting := hafsa.text(`ul.waiting`)
			if !strings.Contains(waiting, taskTitle) || !strings.Contains(waiting, "Salma") {
				t.Fatalf("her page does not list Salma's application: %q", waiting)
			}
			if by := hafsa.text(`ul.waiting li strong`); by == "" {
				t.Errorf("the application has no date to answer by: %q", waiting)
			}
			step("application", 1, 0, chromedp.Click(`ul.waiting li a`), chromedp.WaitReady(`form[action$="/accept"]`))
			step("accepted", 1, 1,
				chromedp.Click(`details:has(form[action$="/accept"]) summary`),
				chromedp.Click(`form[action$="/accept"] button`),
				chromedp.WaitNotPresent(`form[action$="/accept"]`))
			if s := hafsa.text(".flash"); s == "" {
				t.Errorf("no notice after accepting")
			}
			salma.do("accepted", chromedp.Navigate(taskURL), chromedp.WaitReady(`main h1`))
			if s := salma.text("main"); !strings.Contains(s, ar.T("assignment.accepted")) {
				t.Errorf("Salma's task page does not say she was accepted: %q", s)
			}
			t.Logf("%s: a new organization accepted its first volunteer after %d of its page loads and %d button presses", d, hafsa.loads, hafsa.presses)
		})
	}
}
