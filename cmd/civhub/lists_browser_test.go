package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// listFacts are what TestListsOnAPhone measures on a list page, in CSS pixels from the top.
type listFacts struct {
	Header      float64 `json:"header"`      // the bottom of the site header
	FirstResult float64 `json:"firstResult"` // the top of the first result; -1 when there is none
	Screen      float64 `json:"screen"`      // the height of the screen
	Switch      int     `json:"switch"`      // language buttons and the current language, visible
	Skip        bool    `json:"skip"`        // the skip link is there and leads to main
	Fields      int     `json:"fields"`      // search fields visible before any folding is opened
}

const listFactsScript = `(() => {
	const first = document.querySelector('main ul.cards.list > li');
	// checkVisibility also sees what a closed <details> hides.
	const visible = el => el.checkVisibility({visibilityProperty: true});
	const skip = document.querySelector('a.skip');
	return {
		header: document.querySelector('header.site').getBoundingClientRect().bottom,
		firstResult: first ? first.getBoundingClientRect().top : -1,
		screen: window.innerHeight,
		switch: [...document.querySelectorAll('.langs button, .langs strong')].filter(visible).length,
		skip: !!skip && skip.getAttribute('href') === '#main',
		fields: [...document.querySelectorAll('form[role=search] select, form[role=search] input')].filter(visible).length,
	};
})()`

// TestListsOnAPhone opens /tasks and /resources on a 390×844 phone in English and Arabic and
// measures that the first result starts on the first screen, under a header that keeps the skip
// link and the language switch; folded filters open by themselves when one of them is in use.
func TestListsOnAPhone(t *testing.T) {
	b := browsertest.New(t)
	m, _ := startMain(t, sqldb.SQLite)
	base := "http://" + m.Addr()
	ctx := b.NewTab(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/about")); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"en", "ar"} {
		if cur, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); cur != code {
			if err := chromedp.Do(ctx, chromedp.Click(`button[name="lang"][value="`+code+`"]`), chromedp.WaitReady(`html[lang="`+code+`"]`)); err != nil {
				t.Fatalf("switch to %s: %v", code, err)
			}
		}
		for _, path := range []string{"/tasks", "/resources"} {
			t.Run(code+path, func(t *testing.T) {
				if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
					t.Fatal(err)
				}
				f, err := chromedp.Run(ctx, chromedp.Evaluate[listFacts](listFactsScript))
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s %s: header ends at %.0f px, first result at %.0f px of %.0f, %d search fields shown",
					code, path, f.Header, f.FirstResult, f.Screen, f.Fields)
				if f.FirstResult < 0 {
					t.Fatal("the list shows no result")
				}
				// The whole heading of the first result must be readable without scrolling.
				if f.FirstResult+60 > f.Screen {
					t.Errorf("the first result starts at %.0f px: below the first screen (%.0f px)", f.FirstResult, f.Screen)
				}
				if f.Header > 160 {
					t.Errorf("the header is %.0f px tall on a phone, want at most 160", f.Header)
				}
				if f.Switch != 4 || !f.Skip {
					t.Errorf("the header lost the language switch (%d of 4 shown) or the skip link (%v)", f.Switch, f.Skip)
				}
				if f.Fields < 2 || f.Fields > 5 {
					t.Errorf("%d search fields shown before unfolding, want the search box and two or three filters", f.Fields)
				}
				checkPage(t, ctx, code)
				screenshot(t, b, ctx, fmt.Sprintf("list-%s%s.png", code, filepath.Base(path)))
			})
		}
	}
	// A filter that is folded away opens its folding when it is in use, so people see what filters the list.
	for path, field := range map[string]string{"/tasks?language=es": "#f-language", "/resources?closing=30": "#f-closing"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatal(err)
		}
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const el = document.querySelector('`+field+`'); return !!el && el.checkVisibility() })()`))
		if err != nil {
			t.Fatal(err)
		}
		if !shown {
			t.Errorf("%s: the filter in use (%s) stays folded away", path, field)
		}
	}
}

// TestEndOfTheLoopOnAPhone opens, on a 390×844 phone in English and Arabic, a full task as a
// visitor (it reads as full and asks to sign in to be told when a place opens) and, as Jean, his
// approved work on /me and on its page (it reads as done), and checks each page with axe.
func TestEndOfTheLoopOnAPhone(t *testing.T) {
	b := browsertest.New(t)
	m, _ := startMain(t, sqldb.SQLite)
	base := "http://" + m.Addr()
	ctx, bg := b.NewTab(t), t.Context()
	// Fill the last places of a claimable demo task with the demo volunteers.
	page, err := m.Services.Needs.SearchTasks(bg, civhub.TaskFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var full *civhub.Task
	for _, task := range page.Tasks {
		if task.JoinMode == civhub.JoinClaim && task.SlotsLeft() <= 2 && len(task.Courses) == 0 {
			full = task
			break
		}
	}
	if full == nil {
		t.Fatal("no demo task with one or two places to fill")
	}
	for _, email := range []string{"lena@", "camila@"} {
		people, err := m.Services.People.FindPeople(bg, civhub.PersonFilter{Query: email})
		if err != nil || len(people) != 1 {
			t.Fatalf("no demo volunteer %s: %v", email, err)
		}
		if _, err := m.Services.Needs.Act(bg, civhub.ActRequest{Action: civhub.ActClaim, TaskID: full.ID, By: people[0].ID}); err != nil &&
			civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatal(err)
		}
	}
	if got, err := m.Services.Needs.FindTask(bg, full.ID); err != nil || !got.Full() {
		t.Fatalf("the demo task did not fill up: %v", err)
	}
	switchTo := func(code string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/about")); err != nil {
			t.Fatal(err)
		}
		if cur, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); cur != code {
			if err := chromedp.Do(ctx, chromedp.Click(`button[name="lang"][value="`+code+`"]`), chromedp.WaitReady(`html[lang="`+code+`"]`)); err != nil {
				t.Fatalf("switch to %s: %v", code, err)
			}
		}
	}
	count := func(selector string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('`+selector+`').length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	fullPath := fmt.Sprintf("/tasks/%d", full.ID)
	for _, code := range []string{"en", "ar"} {
		switchTo(code)
		t.Run(code+"/full", func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+fullPath)); err != nil {
				t.Fatal(err)
			}
			if count(`main .badge.warn`) == 0 || count(`main section.full a[href="/signin?next=`+fullPath+`"]`) != 1 {
				t.Error("the full task does not read as full, or does not ask to sign in to be told")
			}
			checkPage(t, ctx, code)
			screenshot(t, b, ctx, "full-"+code+".png")
		})
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/signin"), chromedp.SendKeys(`#f-email`, "jean@demo.civhub.test"),
		chromedp.SendKeys(`#f-password`, "demo-password"), chromedp.Click(`form[action="/signin"] button`),
		chromedp.WaitReady(`.sessions`)); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"en", "ar"} {
		switchTo(code)
		t.Run(code+"/done", func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/me")); err != nil {
				t.Fatal(err)
			}
			if count(`ul.done li`) == 0 {
				t.Fatal("Jean's /me lists no work as done")
			}
			checkPage(t, ctx, code)
			screenshot(t, b, ctx, "me-done-"+code+".png")
			if err := chromedp.Do(ctx, chromedp.Click(`ul.done li a`), chromedp.WaitReady(`p.done`)); err != nil {
				t.Fatalf("the done work's page: %v", err)
			}
			checkPage(t, ctx, code)
			screenshot(t, b, ctx, "task-done-"+code+".png")
		})
	}
}
