package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestDemoFirstLook opens the demo as its newcomers would, on a 390×844 phone screen: Camila in
// Spanish and Salma in Arabic find at least three tasks for them on /me, each with its reasons;
// Amina, in Arabic, finds Jean's application waiting for her answer with the date she is expected
// to answer by, and Salma suggested for her French-to-Arabic task. Every page passes axe-core.
func TestDemoFirstLook(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			b := browsertest.New(t)
			m, _ := startMain(t, d)
			base := "http://" + m.Addr()
			ctx := b.NewTab(t)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
				t.Fatal(err)
			}
			as := func(name, lang string) *person {
				p := &person{t: t, b: b, ctx: ctx, base: base, name: "demo-" + string(d) + "-" + name, lang: lang}
				if err := chromedp.Do(ctx, chromedp.Navigate(base+"/about")); err != nil {
					t.Fatal(err)
				}
				if cur, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); cur != lang {
					p.do("lang", chromedp.Click(`button[name="lang"][value="`+lang+`"]`), chromedp.WaitReady(`html[lang="`+lang+`"]`))
				}
				p.signIn(name+"@demo.civhub.test", "demo-password")
				return p
			}
			forYou := func(p *person) {
				t.Helper()
				p.do("me", chromedp.Navigate(base+"/me"), chromedp.WaitReady(`main h1`))
				cards, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[...document.querySelectorAll("ul.cards.list > li.card")].map(c => c.querySelectorAll("ul > li").length)`))
				if err != nil {
					t.Fatal(err)
				}
				if len(cards) < 3 {
					t.Errorf("%s sees %d tasks for them, want at least 3: %q", p.name, len(cards), p.text("main"))
				}
				for i, reasons := range cards {
					if reasons == 0 {
						t.Errorf("%s: task %d for them says no reason", p.name, i+1)
					}
				}
				p.signOut()
			}
			forYou(as("camila", "es"))
			forYou(as("salma", "ar"))

			amina := as("amina", "ar")
			amina.do("me", chromedp.Navigate(base+"/me"), chromedp.WaitReady(`main h1`))
			if waiting := amina.text(".waiting"); !strings.Contains(waiting, "Jean Moreau") || !strings.Contains(waiting, "Traduire la brochure en anglais") {
				t.Errorf("Amina's to-do list: %q, want Jean's application", waiting)
			}
			if by := amina.text(".waiting strong"); by == "" {
				t.Error("Jean's application shows no date to answer by")
			}
			toArabic := translationInto(t, m, "cooperative-tamount", "ar")
			amina.do("task", chromedp.Navigate(base+"/tasks/"+strconv.FormatInt(toArabic.ID, 10)), chromedp.WaitReady(`main h1`))
			if s := amina.text("ul.suggestions"); !strings.Contains(s, "Salma Idrissi") {
				t.Errorf("suggested for the French-to-Arabic task: %q, want Salma", s)
			}
		})
	}
}

// translationInto returns the organization's translation task into lang.
func translationInto(t *testing.T, m *Main, slug, lang string) *civhub.Task {
	t.Helper()
	org, err := m.Services.Organizations.FindOrganizationBySlug(t.Context(), slug)
	if err != nil {
		t.Fatal(err)
	}
	needs, err := m.Services.Needs.OrganizationNeeds(t.Context(), org.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range needs {
		tasks, err := m.Services.Needs.NeedTasks(t.Context(), n.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range tasks {
			if task.TargetLanguage == lang {
				return task
			}
		}
	}
	t.Fatalf("%s has no translation into %s", slug, lang)
	return nil
}
