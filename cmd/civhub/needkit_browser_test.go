package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub/i18n"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestNeedFromTemplateWalk is Amina posting her cooperative's first need on a phone, in Arabic:
// she picks "translate our leaflet" among the examples, finds the need and its tasks filled in,
// leaves out the proofreading, changes the translation's hours and publishes; the need page shows
// the one task and says volunteers will see it once the cooperative is verified. Adding another
// task starts with its kind and offers the skills that fit. Every page is checked with axe-core.
func TestNeedFromTemplateWalk(t *testing.T) {
	m, _ := startMain(t, sqldb.SQLite)
	base, shots := "http://"+m.Addr(), screenshotDir(t)
	catalog, err := i18n.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	ar := catalog.Locale("ar")
	b := browsertest.New(t)
	amina := &person{t: t, b: b, ctx: b.NewTab(t), base: base, shots: shots, name: "amina", lang: "ar"}
	if err := chromedp.Do(amina.ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	amina.do("lang", chromedp.Navigate(base+"/about"), chromedp.Click(`button[name="lang"][value="ar"]`), chromedp.WaitReady(`html[lang="ar"]`))
	amina.signIn("amina@demo.civhub.test", "demo-password")

	// A new organization, not verified yet: its need waits for volunteers until a moderator verifies it.
	amina.do("org-start", chromedp.Navigate(base+"/start/organization"), chromedp.WaitReady(`form[action="/start/organization"]`))
	amina.do("need-start",
		chromedp.SendKeys(`#f-name`, "تعاونية نساء إداوكنضيف"),
		chromedp.SetValue(`#f-type`, "cooperative"),
		chromedp.SetValue(`#f-country`, "MA"),
		chromedp.Click(`form[action="/start/organization"] button`),
		chromedp.WaitReady(`ul.templates`))
	amina.do("need-template",
		chromedp.Click(`ul.templates a[href$="template=translate"]`),
		chromedp.WaitReady(`[name="task2.keep"]`))
	title, err := chromedp.Run(amina.ctx, chromedp.Value(`#f-title`))
	if err != nil || title != ar.T("need.template.translate.title") {
		t.Fatalf("the need's title reads %q (%v), want the example's in Arabic", title, err)
	}
	amina.do("need-change-task",
		chromedp.Click(`[name="task2.keep"]`),
		chromedp.Click(`ol.drafts li:first-child summary`),
		chromedp.SetValue(`[name="task1.estimated_hours"]`, "4"))
	amina.do("need-published",
		chromedp.Click(`button[name="status"][value="open"]`),
		chromedp.WaitReady(`section[aria-labelledby="waiting-h"]`))
	if got := amina.text(`p.flash`); got != ar.T("need.kit.waiting") {
		t.Errorf("the notice reads %q, want that volunteers will see the need once the cooperative is verified", got)
	}
	cards := amina.text(`ul.cards`)
	if !strings.Contains(cards, ar.T("need.template.translate.first.title")) || strings.Contains(cards, ar.T("need.template.translate.second.title")) {
		t.Errorf("the need's tasks read %q, want the translation alone", cards)
	}
	needURL, err := chromedp.Run(amina.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}

	amina.do("task-kind", chromedp.Navigate(needURL+"/tasks/new"), chromedp.WaitReady(`ul.kinds`))
	amina.do("task-form",
		chromedp.Click(`ul.kinds a[href$="type=social_media"]`),
		chromedp.WaitReady(`input[name="skills"][value="social_media"]`))
	// The skills of the kind are in view; the rest wait behind one tap.
	visible, err := chromedp.Run(amina.ctx, chromedp.Evaluate[[]bool](`[
		document.querySelector('input[name="skills"][value="social_media"]').checkVisibility(),
		document.querySelector('input[name="skills"][value="gis"]').checkVisibility(),
		document.querySelector('#f-claim_hours').checkVisibility()]`))
	if err != nil || len(visible) != 3 || !visible[0] || visible[1] || visible[2] {
		t.Fatalf("visible (fitting skill, other skill, claim time) = %v (%v), want only the fitting skill", visible, err)
	}
	amina.do("task-more-skills", chromedp.Click(`details:has(input[value="gis"]) summary`), chromedp.Click(`input[name="skills"][value="gis"]`))
}
