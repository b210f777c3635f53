package main

import (
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civhub/mail/smtptest"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestSignUpInTheBrowser walks a new person through civhub in French: sign up, read the
// verification mail from a real SMTP server, confirm the address (which signs him in), see the
// account page.
// Every page on the way is checked with axe-core.
func TestSignUpInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	smtp := smtptest.Start(t)
	m, _ := startMain(t, sqldb.SQLite, func(c *Config) { c.SMTPURL = smtp.URL() })
	base := "http://" + m.Addr()
	ctx := b.NewTab(t)
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkPage(t, ctx, "fr")
		screenshot(t, b, ctx, "signup-"+name+".png")
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
	// Confirming signed him in: his account page opens without a password.
	step("account",
		chromedp.Navigate(base+"/account"),
		chromedp.WaitReady(`.sessions`))
	heading, err := chromedp.Run(ctx, chromedp.Text(`h1`))
	if err != nil || heading != "Votre compte" {
		t.Fatalf("heading %q (%v), want the French account page", heading, err)
	}
}

// TestTwoFactorQRCodeInTheBrowser opens the two-factor set-up page and checks that its QR code is an
// image the browser decodes (it used to be a broken image: html/template had replaced its data: URL).
func TestTwoFactorQRCodeInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			m, _ := startMain(t, d)
			base := "http://" + m.Addr()
			ctx := b.NewTab(t)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/signin"), chromedp.SendKeys(`#f-email`, "priya@demo.civhub.test"),
				chromedp.SendKeys(`#f-password`, "demo-password"), chromedp.Click(`form[action="/signin"] button`),
				chromedp.WaitReady(`.sessions`), chromedp.Navigate(base+"/account/2fa"), chromedp.WaitReady(`img.qr`)); err != nil {
				t.Fatal(err)
			}
			width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
				const img = document.querySelector('img.qr');
				return img.decode().then(() => img.naturalWidth, () => 0);
			})()`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			if width < 200 {
				t.Fatalf("the QR code decodes to %d pixels wide, want the 240 of the generated PNG", width)
			}
			checkPage(t, ctx, "en")
			screenshot(t, b, ctx, "two-factor-"+string(d)+".png")
		})
	}
}
