package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// screenshot saves the page in the tab ctx as file under $CIVHUB_SCREENSHOTS, for people who want
// to look at the pages the browser tests walk. Without that variable nothing is captured: a
// full-page capture costs about as much as checking the page. A failed capture is reported, not a
// failure: the checks are what the test is for.
func screenshot(t *testing.T, b *browsertest.Browser, ctx context.Context, file string) {
	t.Helper()
	dir := os.Getenv("CIVHUB_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := b.Screenshot(ctx, filepath.Join(dir, file)); err != nil {
		t.Logf("screenshot %s: %v", file, err)
	}
}

// TestHomePageInEveryLanguage opens the home page, switches through the four languages with the
// switcher (a form, no JavaScript needed), and checks the home, about and not-found pages' language,
// direction, layout and accessibility with axe-core, on a desktop and on a narrow phone screen.
func TestHomePageInEveryLanguage(t *testing.T) {
	b := browsertest.New(t)
	m, _ := startMain(t, sqldb.SQLite)
	base := "http://" + m.Addr()
	for _, screen := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 800}, {"phone", 360, 740}} {
		t.Run(screen.name, func(t *testing.T) {
			ctx := b.NewTab(t)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(screen.width, screen.height), chromedp.Navigate(base+"/")); err != nil {
				t.Fatal(err)
			}
			for _, code := range civhub.Locales {
				t.Run(code, func(t *testing.T) {
					current, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
					if err != nil {
						t.Fatal(err)
					}
					if current != code { // tabs share the language cookie, so a tab may start in any language
						if err := chromedp.Do(ctx, chromedp.Click(`button[name="lang"][value="`+code+`"]`),
							chromedp.WaitReady(`html[lang="`+code+`"]`)); err != nil {
							t.Fatalf("switch to %s: %v", code, err)
						}
					}
					for _, page := range []string{"home", "about", "missing"} {
						if page != "home" {
							if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"+page)); err != nil {
								t.Fatal(err)
							}
						}
						checkPage(t, ctx, code)
						screenshot(t, b, ctx, page+"-"+code+"-"+screen.name+".png")
					}
					if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
						t.Fatal(err)
					}
				})
			}
		})
	}
}

// pageFacts are what checkPage reads from the rendered page.
type pageFacts struct {
	Lang       string  `json:"lang"`
	Direction  string  `json:"direction"`
	BrandLeft  float64 `json:"brandLeft"`
	BrandRight float64 `json:"brandRight"`
	MainLeft   float64 `json:"mainLeft"`
	MainRight  float64 `json:"mainRight"`
	Overflow   bool    `json:"overflow"`
	Stylesheet bool    `json:"stylesheet"`
}

const pageFactsScript = `(() => {
	const brand = document.querySelector('.brand').getBoundingClientRect();
	const main = document.querySelector('main'), box = main.getBoundingClientRect(), css = getComputedStyle(main);
	return {
		lang: document.documentElement.lang,
		direction: getComputedStyle(document.body).direction,
		brandLeft: brand.left,
		brandRight: brand.right,
		mainLeft: box.left + parseFloat(css.paddingLeft),
		mainRight: box.right - parseFloat(css.paddingRight),
		overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
		stylesheet: document.styleSheets.length > 0 && getComputedStyle(document.querySelector('header.site')).borderBottomStyle === 'solid',
	};
})()`

func checkPage(t *testing.T, ctx context.Context, code string) {
	t.Helper()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](pageFactsScript))
	if err != nil {
		t.Fatal(err)
	}
	wantDir := "ltr"
	if code == "ar" {
		wantDir = "rtl"
	}
	if f.Lang != code || f.Direction != wantDir {
		t.Errorf("lang %q direction %q, want %q %q", f.Lang, f.Direction, code, wantDir)
	}
	if !f.Stylesheet {
		t.Error("the stylesheet did not load (check the Content-Security-Policy and the static URL)")
	}
	// The brand starts the header where the page's content starts: at the left edge in
	// left-to-right languages, at the right edge in Arabic.
	startGap, endGap := f.BrandLeft-f.MainLeft, f.MainRight-f.BrandRight
	if wantDir == "rtl" {
		startGap, endGap = endGap, startGap
	}
	if math.Abs(startGap) > 2 || endGap < 20 {
		t.Errorf("%s: brand spans x=%.0f–%.0f, the heading x=%.0f–%.0f: the header is not laid out %s",
			code, f.BrandLeft, f.BrandRight, f.MainLeft, f.MainRight, wantDir)
	}
	if f.Overflow {
		t.Error("the page scrolls sideways")
	}
	violations, err := browsertest.Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(violations) > 0 {
		t.Errorf("axe-core found %d violations:\n%s", len(violations), browsertest.FormatViolations(violations))
	}
}
