package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civhub/mail/smtptest"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestCoreLoopWalk is the core loop end to end in two real browsers with real mail: Diego, for
// Valparaíso Preparado, posts a need with two tasks in Spanish; Priya sees one recommended with
// its reasons, claims it and hands in her work; Diego returns it with feedback, which reaches her by
// mail at once and in place; she hands it in again; Diego approves it; she logs hours and he
// confirms them; both pages and her certificate show it, and her daily digest arrives over SMTP.
func TestCoreLoopWalk(t *testing.T) {
	smtp := smtptest.Start(t)
	m, _ := startMain(t, sqldb.SQLite, func(c *Config) { c.SMTPURL = smtp.URL() })
	base := "http://" + m.Addr()
	diego := &person{t: t, b: browsertest.New(t), base: base, name: "diego", lang: "es"}
	priya := &person{t: t, b: browsertest.New(t), base: base, name: "priya", lang: "en"}
	// Each step waits for what only the next page shows, since a page may show a notice (.flash)
	// before the step as well as after it.
	for _, p := range []*person{diego, priya} {
		p.ctx = p.b.NewTab(t)
		if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(390, 844)); err != nil {
			t.Fatal(err)
		}
	}

	diego.do("lang", chromedp.Navigate(base+"/"), chromedp.Click(`button[name="lang"][value="es"]`), chromedp.WaitReady(`html[lang="es"]`))
	diego.signIn("diego@demo.civhub.test", "demo-password")
	diego.do("need",
		chromedp.Navigate(base+"/orgs/valparaiso-preparado/needs/new?template=blank"),
		chromedp.SendKeys(`#f-title`, "Registro de voluntarios para incendios forestales"),
		chromedp.SendKeys(`#f-description`, "Cada verano coordinamos brigadas vecinales; hoy todo está en cuadernos."),
		chromedp.Click(`form[action$="/needs/new"] button[name="status"][value="open"]`),
		chromedp.WaitReady(`a[href$="/tasks/new"]`))
	needURL, err := chromedp.Run(diego.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	addTask := func(step, title, typ, skill string, langs ...string) {
		steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(needURL + "/tasks/new?type=" + typ)}
		for _, l := range langs {
			// Ticked by attribute, so that the step holds wherever the form places the field.
			steps = append(steps, chromedp.SetAttributeValue(`input[name="languages"][value="`+l+`"]`, "checked", ""))
		}
		diego.do(step, append(steps,
			chromedp.SendKeys(`#f-title`, title),
			chromedp.SendKeys(`#f-description`, "Una base de datos que funcione con mala conexión."),
			chromedp.Click(`input[name="skills"][value="`+skill+`"]`),
			chromedp.SetValue(`#f-estimated_hours`, "3"),
			chromedp.SetValue(`#f-volunteers_wanted`, "1"),
			chromedp.SetValue(`#f-join_mode`, "claim"),
			chromedp.Click(`form[action$="/tasks/new"] button`),
			chromedp.WaitReady(`.flash`))...)
	}
	// Valparaíso Preparado works in Spanish; the database may be designed in English, so the task
	// says so, and Priya, who has no Spanish, is suggested it.
	addTask("task-1", "Diseñar la base de datos de brigadistas", "database_design", "database_design", "es", "en")
	addTask("task-2", "Fotografiar los cuadernos de registro", "data_entry", "data_entry")

	// Priya's dashboard recommends the database task, and says why.
	priya.signIn("priya@demo.civhub.test", "demo-password")
	priya.do("dashboard", chromedp.Navigate(base+"/me"), chromedp.WaitReady(`.cards`))
	cards := priya.text(".cards")
	if !strings.Contains(cards, "Diseñar la base de datos de brigadistas") || !strings.Contains(cards, "Your skills: Database design") {
		t.Fatalf("Priya's recommendations: %q", cards)
	}
	var taskURL string
	for _, l := range mustLinks(t, priya.ctx, `.cards h3 a`) {
		if strings.Contains(l.text, "brigadistas") {
			taskURL = l.href
		}
	}
	if taskURL == "" {
		t.Fatal("no link to the recommended task")
	}
	priya.do("claim",
		chromedp.Navigate(base+taskURL),
		chromedp.Click(`form[action$="/join"] button`),
		chromedp.WaitReady(`form[action$="/submit"]`))
	priya.do("submit",
		chromedp.SendKeys(`form[action$="/submit"] textarea`, "Esquema en https://example.org/esquema.sql: brigadistas, turnos, zonas."),
		chromedp.Click(`form[action$="/submit"] button`),
		chromedp.WaitNotPresent(`form[action$="/submit"]`))

	diego.do("return",
		chromedp.Navigate(base+taskURL),
		chromedp.SendKeys(`form[action$="/return"] input[name="message"]`, "Falta la tabla de equipos (radios, mochilas)."),
		chromedp.Click(`form[action$="/return"] button`),
		chromedp.WaitNotPresent(`form[action$="/return"]`))
	returned := smtp.WaitFor(t, "priya@demo.civhub.test", "returned your work", 30*time.Second)
	if !strings.Contains(returned.Text, base+taskURL) || returned.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("the mail about returned work:\n%s", returned.Text)
	}
	priya.do("feedback", chromedp.Navigate(base+taskURL), chromedp.WaitReady(`form[action$="/submit"]`))
	if s := priya.text("main"); !strings.Contains(s, "Falta la tabla de equipos") {
		t.Fatal("Priya does not see the feedback on the task")
	}
	priya.do("resubmit",
		chromedp.SendKeys(`form[action$="/submit"] textarea`, "Añadí la tabla de equipos: https://example.org/esquema-v2.sql"),
		chromedp.Click(`form[action$="/submit"] button`),
		chromedp.WaitNotPresent(`form[action$="/submit"]`))

	diego.do("approve",
		chromedp.Navigate(base+taskURL),
		chromedp.Click(`form[action$="/approve"] button`),
		chromedp.WaitNotPresent(`form[action$="/approve"]`))
	priya.do("hours",
		chromedp.Navigate(base+taskURL),
		chromedp.SendKeys(`#f-hours`, "2.5"),
		chromedp.SendKeys(`#f-note`, "Esquema y revisión."),
		chromedp.Click(`form[action$="/hours"] button`),
		chromedp.WaitReady(`ul.sessions li`))
	diego.do("confirm",
		chromedp.Navigate(base+taskURL),
		chromedp.Click(`form[action$="/confirm"] button`),
		chromedp.WaitNotPresent(`form[action$="/confirm"]`))
	if s := diego.text("main"); !strings.Contains(s, "Priya Raman · 2 h 30 min") || !strings.Contains(s, "confirmadas") {
		t.Fatalf("Diego's task page after confirming: %q", s)
	}

	priya.do("dashboard-after", chromedp.Navigate(base+"/me"))
	if s := priya.text("main"); !strings.Contains(s, "Diseñar la base de datos de brigadistas") {
		t.Fatalf("Priya's dashboard does not list the task: %q", s)
	}
	priya.do("certificate", chromedp.Navigate(base+"/me/certificate"))
	if s := priya.text(".certificate"); !strings.Contains(s, "Diseñar la base de datos de brigadistas") || !strings.Contains(s, "confirmed 2.5 hours") {
		t.Fatalf("the certificate: %q", s)
	}

	// Her daily digest: what did not ask for action (the approval, the confirmed hours) waited for
	// it. Digests leave at 08:00 in her time zone; the test makes hers due now instead of waiting.
	ctx := context.Background()
	if _, err := m.DB.Writer().ExecContext(ctx, `UPDATE notifications SET digest_at = $1 WHERE digest_at IS NOT NULL AND person_id =
		(SELECT id FROM people WHERE email = 'priya@demo.civhub.test')`, time.Now().UTC().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n, err := m.Services.Notes.SendDigests(ctx); err != nil || n < 1 {
		t.Fatalf("digests sent: %d, %v", n, err)
	}
	digest := smtp.WaitFor(t, "priya@demo.civhub.test", "updates on civhub", 30*time.Second)
	for _, want := range []string{"approved your work on “Diseñar la base de datos de brigadistas”", "confirmed your hours on “Diseñar la base de datos de brigadistas”"} {
		if !strings.Contains(digest.Text, want) {
			t.Errorf("the digest lacks %q:\n%s", want, digest.Text)
		}
	}
	if !strings.HasPrefix(digest.Header.Get("List-Unsubscribe"), "<"+base+"/unsubscribe?") {
		t.Errorf("the digest's List-Unsubscribe: %q", digest.Header.Get("List-Unsubscribe"))
	}
}

type link struct{ href, text string }

// mustLinks returns the links matching selector on the tab's page.
func mustLinks(t *testing.T, ctx context.Context, selector string) []link {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[][2]string](fmt.Sprintf(
		`Array.from(document.querySelectorAll(%q)).map(a => [a.getAttribute('href'), a.textContent])`, selector)))
	if err != nil {
		t.Fatal(err)
	}
	var out []link
	for _, g := range got {
		out = append(out, link{href: g[0], text: g[1]})
	}
	return out
}
