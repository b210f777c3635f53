package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civhub/mail/smtptest"
	"civhub/sqldb"
)

// TestEventWaitlistWalk is the first story of events, in real browsers on both databases and in
// four languages: Sam organizes a TechCamp with two places; Jean and Diego register; Amina, the
// third, joins the waitlist; Jean cancels; Amina is offered the place, told by mail at once, and
// confirms it; Sam checks her in by her code. Then the camp copies itself: Sam starts its
// checklist from the standard one, and Diego makes a camp in Santiago from its kit, which shows
// where it grew from and brings the checklist with nothing done.
func TestEventWaitlistWalk(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) { eventWaitlistWalk(t, d) })
	}
}

func eventWaitlistWalk(t *testing.T, d sqldb.Dialect) {
	smtp := smtptest.Start(t)
	c := newCast(t, d, "event-", func(cfg *Config) { cfg.SMTPURL = smtp.URL() })
	base, id, as := c.base, c.id, c.as
	status := func(email string) string {
		t.Helper()
		var s string
		if err := c.m.DB.Writer().QueryRow(`SELECT r.status FROM registrations r JOIN people p ON p.id = r.person_id
			JOIN events e ON e.id = r.event_id WHERE e.slug = 'techcamp-nairobi-2027' AND p.email = $1`, email).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	starts := time.Now().AddDate(0, 2, 0)
	sam := as("sam", "sam@demo.civhub.test", "en")
	sam.do("new",
		chromedp.Navigate(base+"/events"),
		chromedp.Click(`a[href="/events/new"]`),
		chromedp.WaitReady(`#f-starts`),
		chromedp.SendKeys(`#f-title`, "TechCamp Nairobi 2027"),
		chromedp.SetValue(`#f-kind`, "techcamp"),
		chromedp.SetValue(`#f-mode`, "in_person"),
		chromedp.SetValue(`#f-language`, "en"),
		chromedp.SetValue(`#f-time_zone`, "Africa/Nairobi"),
		chromedp.SetValue(`#f-starts`, starts.Format("2006-01-02")+"T09:00"),
		chromedp.SetValue(`#f-ends`, starts.AddDate(0, 0, 1).Format("2006-01-02")+"T17:00"),
		chromedp.SetValue(`#f-country`, "KE"),
		chromedp.SendKeys(`#f-city`, "Nairobi"),
		chromedp.SendKeys(`#f-venue`, "iHub, 4th floor, Bishop Magua Centre"),
		chromedp.SetValue(`#f-capacity`, "2"),
		chromedp.SendKeys(`#f-summary`, "Local organizations bring their needs; trainers and volunteers build answers with them."),
		chromedp.Click(`input[name="publish"]`),
		chromedp.Click(`form[action="/events/new"] button`),
		chromedp.WaitReady(`#mine-h`))
	eventURL := base + "/events/techcamp-nairobi-2027"
	if got := id(`SELECT COUNT(*) FROM events WHERE slug = 'techcamp-nairobi-2027' AND status = 'published' AND capacity = 2`); got != 1 {
		t.Fatal("the event was not published with two places")
	}
	sam.do("question",
		chromedp.Navigate(eventURL+"/questions"),
		chromedp.SendKeys(`#f-prompt`, "Lunch: with or without meat?"),
		chromedp.SetValue(`#f-kind`, "choice"),
		chromedp.SendKeys(`#f-choices`, "With meat\nVegetarian"),
		chromedp.Click(`input[name="required"]`),
		chromedp.Click(`form[action$="/questions"] button`),
		chromedp.WaitReady(`form[action$="/delete"]`))
	question := id(`SELECT q.id FROM event_questions q JOIN events e ON e.id = q.event_id WHERE e.slug = 'techcamp-nairobi-2027'`)
	lunch := fmt.Sprintf(`select[name="q%d"]`, question)

	for _, who := range []struct{ name, email, lang string }{{"jean", "jean@demo.civhub.test", "fr"}, {"diego", "diego@demo.civhub.test", "es"}} {
		p := as(who.name, who.email, who.lang)
		p.do("register", chromedp.Navigate(eventURL), chromedp.SetValue(lunch, "Vegetarian"), chromedp.Click(`form[action$="/register"] button`),
			chromedp.WaitReady(`strong.code`))
	}
	amina := as("amina", "amina@demo.civhub.test", "ar")
	amina.do("venue-hidden", chromedp.Navigate(eventURL), chromedp.WaitReady(`form[action$="/register"]`))
	if s := amina.text("dl.facts"); strings.Contains(s, "iHub") {
		t.Fatalf("the venue shows before registering: %q", s)
	}
	// Without the required answer, the page says what is missing and registers nobody.
	amina.do("unanswered", chromedp.Click(`form[action$="/register"] button`), chromedp.WaitReady(fmt.Sprintf(`#f-q%d-error`, question)))
	amina.do("waitlist", chromedp.SetValue(lunch, "With meat"), chromedp.Click(`form[action$="/register"] button`),
		chromedp.WaitReady(`form[action$="/cancel"]`))
	if s := status("amina@demo.civhub.test"); s != "waitlisted" {
		t.Fatalf("Amina: %s", s)
	}
	if n := id(`SELECT COUNT(*) FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.slug = 'techcamp-nairobi-2027'
		AND r.answers LIKE '%Vegetarian%'`); n != 2 {
		t.Fatalf("registrations answering Vegetarian: %d", n)
	}

	jean := as("jean", "jean@demo.civhub.test", "fr")
	jean.do("cancel", chromedp.Navigate(eventURL), chromedp.Click(`form[action$="/cancel"] button`), chromedp.WaitReady(`form[action$="/register"]`))
	if s := status("amina@demo.civhub.test"); s != "offered" {
		t.Fatalf("Amina after Jean cancelled: %s", s)
	}
	offer := smtp.WaitFor(t, "amina@demo.civhub.test", "TechCamp Nairobi 2027", 30*time.Second)
	if !strings.Contains(offer.Text, eventURL) {
		t.Fatalf("the mail of the offer:\n%s", offer.Text)
	}

	amina = as("amina", "amina@demo.civhub.test", "ar")
	amina.do("confirm", chromedp.Navigate(eventURL), chromedp.Click(`form[action$="/confirm"] button`), chromedp.WaitReady(`strong.code`))
	code := amina.text("strong.code")
	if s := amina.text("dl.facts"); !strings.Contains(s, "iHub") {
		t.Fatalf("the venue is not shown to a registered person: %q", s)
	}

	sam = as("sam", "sam@demo.civhub.test", "en")
	sam.do("checkin",
		chromedp.Navigate(eventURL+"/people"),
		chromedp.SendKeys(`#f-code`, strings.ToLower(code[:3])+"-"+code[3:]),
		chromedp.Click(`form[action$="/checkin"] button`),
		chromedp.WaitReady(`p.done[role="status"]`))
	if s := status("amina@demo.civhub.test"); s != "attended" {
		t.Fatalf("Amina after check-in: %s", s)
	}
	if n := id(fmt.Sprintf(`SELECT seats_taken FROM events WHERE slug = '%s'`, "techcamp-nairobi-2027")); n != 2 {
		t.Fatalf("places taken: %d", n)
	}

	sam.do("checklist",
		chromedp.Navigate(eventURL+"/checklist"),
		chromedp.Click(`form[action$="/checklist/standard"] button`),
		chromedp.WaitReady(`progress`),
		chromedp.Click(`ol.checklist li:first-child form button`),
		chromedp.WaitReady(`ol.checklist li:first-child p.done`))
	if n := id(`SELECT COUNT(*) FROM event_checklist c JOIN events e ON e.id = c.event_id WHERE e.slug = 'techcamp-nairobi-2027' AND c.done_at IS NOT NULL`); n != 1 {
		t.Fatalf("steps done: %d", n)
	}

	diego := as("diego", "diego@demo.civhub.test", "es")
	next := time.Now().AddDate(0, 5, 0)
	diego.do("kit",
		chromedp.Navigate(eventURL),
		chromedp.Click(`a[href="/events/techcamp-nairobi-2027/kit"]`),
		chromedp.WaitReady(`#f-title`),
		chromedp.SendKeys(`#f-title`, "TechCamp Santiago 2027"),
		chromedp.SendKeys(`#f-city`, "Santiago"),
		chromedp.SetValue(`#f-country`, "CL"),
		chromedp.SetValue(`#f-time_zone`, "America/Santiago"),
		chromedp.SetValue(`#f-starts`, next.Format("2006-01-02")+"T10:00"),
		chromedp.Click(`form[action$="/kit"] button`),
		chromedp.WaitReady(`input[name="publish"]`),
		chromedp.Click(`input[name="publish"]`),
		chromedp.Click(`form[action$="/edit"] button`),
		chromedp.WaitReady(`#mine-h`))
	if s := diego.text("main"); !strings.Contains(s, "TechCamp Nairobi 2027") {
		t.Fatalf("the new camp does not say where it grew from: %q", s)
	}
	if n := id(`SELECT COUNT(*) FROM events n JOIN events k ON k.id = n.kit_of WHERE n.slug = 'techcamp-santiago-2027'
		AND k.slug = 'techcamp-nairobi-2027' AND n.status = 'published' AND n.country = 'CL'`); n != 1 {
		t.Fatal("the camp made from the kit is not stored with its lineage")
	}
	diego.do("new-checklist", chromedp.Navigate(base+"/events/techcamp-santiago-2027/checklist"), chromedp.WaitReady(`progress`))
	if n := diego.count(`ol.checklist > li`); n != 11 {
		t.Fatalf("the new camp's checklist has %d steps, want the 11 of the kit", n)
	}
	if n := diego.count(`ol.checklist p.done`); n != 0 {
		t.Fatalf("the new camp's checklist has %d steps done, want none", n)
	}
	diego.do("parent", chromedp.Navigate(eventURL), chromedp.WaitReady(`a[href="/events/techcamp-santiago-2027"]`))
}
