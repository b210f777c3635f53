package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

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
	base, shots := "http://"+m.Addr(), screenshotDir(t)
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
				b.Screenshot(ctx, filepath.Join(shots, fmt.Sprintf("list-%s%s.png", code, filepath.Base(path))))
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
