package main

import (
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civhub/mail/smtptest"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestSignUpInTheBrowser walks a new volunteer through civhub in French: sign up, read the
// verification mail from a real SMTP server, confirm the address, sign in, see the account page.
// Every page on the way is checked with axe-core.
func TestSignUpInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	smtp := smtptest.Start(t)
	m, _ := startMain(t, sqldb.SQLite, func(c *Config) { c.SMTPURL = smtp.URL() })
	base := "http://" + m.Addr()
	shots := screenshotDir(t)
	ctx := b.NewTab(t)
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkPage(t, ctx, "fr")
		if err := b.Screenshot(ctx, filepath.Join(shots, "signup-"+name+".png")); err != nil {
			t.Fatal(err)
		}
	}

	step("form",
		chromedp.Navigate(base+"/"),
		chromedp.Click(`button[name="lang"][value="fr"]`),
		chromedp.WaitReady(`html[lang="fr"]`),
		chromedp.Click(`a[href="/signup"]`),
		chromedp.WaitReady(`#f-display_name`))
	step("mistake",
		chromedp.SendKeys(`#f-display_name`, "Jean M."),
		chromedp.SendKeys(`#f-email`, "jean@example.org"),
		chromedp.SendKeys(`#f-password`, "azerty"),
		chromedp.Click(`form[action="/signup"] button`),
		chromedp.WaitReady(`#f-password-error`))
	name, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#f-display_name').value`))
	if err != nil || name != "Jean M." {
		t.Fatalf("after a refused password the name field holds %q (%v), want what was typed", name, err)
	}
	step("sent",
		chromedp.SendKeys(`#f-password`, "traduction-lyon-2026"),
		chromedp.Click(`form[action="/signup"] button`),
		chromedp.WaitNotPresent(`#f-password`))

	mail := smtp.WaitFor(t, "jean@example.org", "Confirmez", 30*time.Second)
	link := regexp.MustCompile(`http://\S+/verify/\S+`).FindString(mail.Text)
	if link == "" {
		t.Fatalf("no verification link in the mail:\n%s", mail.Text)
	}
	step("verify", chromedp.Navigate(link), chromedp.WaitReady(`form[action^="/verify/"] button`))
	step("verified",
		chromedp.Click(`form[action^="/verify/"] button`),
		chromedp.WaitReady(`.flash`))
	step("account",
		chromedp.SendKeys(`#f-email`, "jean@example.org"),
		chromedp.SendKeys(`#f-password`, "traduction-lyon-2026"),
		chromedp.Click(`form[action="/signin"] button`),
		chromedp.WaitReady(`.sessions`))
	heading, err := chromedp.Run(ctx, chromedp.Text(`h1`))
	if err != nil || heading != "Votre compte" {
		t.Fatalf("heading %q (%v), want the French account page", heading, err)
	}
}
