package main

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civhub/mail/smtptest"
	"civhub/mfa"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// person is one person at a browser, walking through civhub.
type person struct {
	t    *testing.T
	b    *browsertest.Browser
	ctx  context.Context // the person's tab
	base string
	name string
	lang string
	// loads and presses count the pages loaded and buttons pressed in the steps taken with step.
	loads, presses int
}

// onPhone opens p's tab on a 390×844 screen and returns p.
func (p *person) onPhone() *person {
	p.t.Helper()
	p.ctx = p.b.NewTab(p.t)
	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		p.t.Fatal(err)
	}
	return p
}

// step is do for a step of a first hour, which counts the pages it loads and the buttons it presses.
func (p *person) step(name string, loads, presses int, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	p.do(name, actions...)
	p.loads, p.presses = p.loads+loads, p.presses+presses
}

// signUp walks p's sign-up from the home page in p.lang, saying why they came (purpose), opens the
// confirmation link from the mail (its subject in subject) and confirms with one press, which
// signs them in on the start page whose form posts to start.
func (p *person) signUp(smtp *smtptest.Server, purpose, name, email, password, subject, start string) {
	p.t.Helper()
	p.step("home", 2, 1,
		chromedp.Navigate(p.base+"/"),
		chromedp.Click(`button[name="lang"][value="`+p.lang+`"]`),
		chromedp.WaitReady(`html[lang="`+p.lang+`"]`))
	p.step("signup", 1, 0,
		chromedp.Click(`a[href="/signup"]`),
		chromedp.WaitReady(`input[name="purpose"][value="`+purpose+`"]`))
	p.step("sent", 1, 1,
		chromedp.Click(`input[name="purpose"][value="`+purpose+`"]`),
		chromedp.SendKeys(`#f-display_name`, name),
		chromedp.SendKeys(`#f-email`, email),
		chromedp.SendKeys(`#f-password`, password),
		chromedp.Click(`form[action="/signup"] button`),
		chromedp.WaitNotPresent(`#f-password`))
	mail := smtp.WaitFor(p.t, email, subject, 30*time.Second)
	link := regexp.MustCompile(`http://\S+/verify/\S+`).FindString(mail.Text)
	if link == "" {
		p.t.Fatalf("no confirmation link in the mail:\n%s", mail.Text)
	}
	p.step("confirm", 1, 0, chromedp.Navigate(link), chromedp.WaitReady(`form[action^="/verify/"] button`))
	p.step("start", 1, 1,
		chromedp.Click(`form[action^="/verify/"] button`),
		chromedp.WaitReady(`form[action="`+start+`"]`))
}

// stepTimeout bounds one step of a walk, so that an element that never comes fails the step
// instead of waiting for the tab's timeout.
const stepTimeout = 90 * time.Second

func (p *person) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx := p.ctx
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(stepCtx, actions...); err != nil {
		p.t.Fatalf("%s, %s: %v", p.name, step, err)
	}
	checkPage(p.t, ctx, p.lang)
	screenshot(p.t, p.b, ctx, "walk-"+p.name+"-"+step+".png")
}

func (p *person) text(selector string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(selector))
	if err != nil {
		p.t.Fatalf("%s: text of %s: %v", p.name, selector, err)
	}
	return strings.TrimSpace(s)
}

// count returns how many elements of the page match selector.
func (p *person) count(selector string) int {
	p.t.Helper()
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(selector)+`).length`))
	if err != nil {
		p.t.Fatalf("%s: count of %s: %v", p.name, selector, err)
	}
	return n
}

func (p *person) signIn(email, password string) {
	p.t.Helper()
	p.do("signin-"+strings.Split(email, "@")[0],
		chromedp.Navigate(p.base+"/signin"),
		chromedp.SendKeys(`#f-email`, email),
		chromedp.SendKeys(`#f-password`, password),
		chromedp.Click(`form[action="/signin"] button`),
		chromedp.WaitReady(`.sessions`))
}

func (p *person) signOut() {
	p.t.Helper()
	p.do("signout", chromedp.Click(`form[action="/signout"] button`), chromedp.WaitReady(`a[href="/signin"]`))
}

// TestAccountsWalk is the accounts and organizations story end to end, in French, in real browsers
// with real mail: Jean signs up, confirms his address from the mail, fills his volunteer profile and
// adds an organization; he invites Priya, who accepts from her own browser; Kofi, a moderator,
// verifies the organization; Jean turns two-factor sign-in on and uses it at his next sign-in.
func TestAccountsWalk(t *testing.T) {
	smtp := smtptest.Start(t)
	m, _ := startMain(t, sqldb.SQLite, func(c *Config) { c.SMTPURL = smtp.URL() })
	base := "http://" + m.Addr()
	jean := &person{t: t, b: browsertest.New(t), base: base, name: "jean", lang: "fr"}
	other := &person{t: t, b: browsertest.New(t), base: base, name: "priya", lang: "fr"}
	jean.ctx, other.ctx = jean.b.NewTab(t), other.b.NewTab(t)

	jean.do("signup",
		chromedp.Navigate(base+"/"),
		chromedp.Click(`button[name="lang"][value="fr"]`),
		chromedp.WaitReady(`html[lang="fr"]`),
		chromedp.Navigate(base+"/signup"),
		chromedp.SendKeys(`#f-display_name`, "Jean M."),
		chromedp.SendKeys(`#f-email`, "jean@example.org"),
		chromedp.SendKeys(`#f-password`, "traduction-lyon-2026"),
		chromedp.Click(`form[action="/signup"] button`),
		chromedp.WaitNotPresent(`#f-password`))
	link := regexp.MustCompile(`http://\S+/verify/\S+`).FindString(smtp.WaitFor(t, "jean@example.org", "Confirmez", 30*time.Second).Text)
	jean.do("verified",
		chromedp.Navigate(link),
		chromedp.Click(`form[action^="/verify/"] button`),
		chromedp.WaitReady(`.flash`)) // confirming signs him in

	jean.do("profile",
		chromedp.Navigate(base+"/account/profile"),
		chromedp.Click(`details:has(input[value="translation"]) summary`),
		chromedp.Click(`input[name="skills"][value="translation"]`),
		chromedp.Click(`input[name="skills"][value="proofreading"]`),
		chromedp.SetValue(`#level-fr`, "native"),
		chromedp.SetValue(`#level-en`, "fluent"),
		chromedp.SendKeys(`#f-time_zone`, "Europe/Paris"),
		chromedp.SendKeys(`#f-hours_per_week`, "5"),
		chromedp.Click(`input[name="causes"][value="sdg4"]`),
		chromedp.Click(`form[action="/account/profile"] button`),
		chromedp.WaitReady(`.facts`))
	if s := jean.text(".facts"); !strings.Contains(s, "Traduction") || !strings.Contains(s, "5 heures par semaine") {
		t.Fatalf("the profile page shows %q", s)
	}

	jean.do("new-org",
		chromedp.Navigate(base+"/orgs/new"),
		chromedp.SendKeys(`#f-name`, "Lire à Lyon"),
		chromedp.SendKeys(`#f-slug`, "lire-a-lyon"),
		chromedp.SetValue(`#f-type`, "community_group"),
		chromedp.SetValue(`#f-country`, "FR"),
		chromedp.SendKeys(`#f-mission`, "Cours de français pour personnes réfugiées."),
		chromedp.Click(`form[action="/orgs/new"] button`),
		chromedp.WaitReady(`.badges`))
	jean.do("invite",
		chromedp.Navigate(base+"/orgs/lire-a-lyon/members"),
		chromedp.SendKeys(`#f-email`, "priya@demo.civhub.test"),
		chromedp.Click(`form[action$="/members/invite"] button`),
		chromedp.WaitReady(`.flash`))
	invitation := regexp.MustCompile(`http://\S+/invitations/\S+`).FindString(smtp.WaitFor(t, "priya@demo.civhub.test", "Lire à Lyon", 30*time.Second).Text)
	if invitation == "" {
		t.Fatal("no invitation link in the mail")
	}

	other.do("lang", chromedp.Navigate(base+"/"), chromedp.Click(`button[name="lang"][value="fr"]`), chromedp.WaitReady(`html[lang="fr"]`))
	other.signIn("priya@demo.civhub.test", "demo-password")
	other.do("accept",
		chromedp.Navigate(invitation),
		chromedp.Click(`form[action^="/invitations/"] button`),
		chromedp.WaitReady(`.people`))
	if s := other.text(".people"); !strings.Contains(s, "Priya Raman") || !strings.Contains(s, "Jean M.") {
		t.Fatalf("the member list shows %q", s)
	}

	jean.do("ask-verification",
		chromedp.Navigate(base+"/orgs/lire-a-lyon/verification"),
		chromedp.SendKeys(`#f-evidence`, "Association loi 1901 déclarée en préfecture du Rhône, RNA W691234567."),
		chromedp.Click(`form[action$="/verification"] button`),
		chromedp.WaitReady(`.flash`))
	other.name = "kofi"
	other.signOut()
	other.signIn("kofi@demo.civhub.test", "demo-password")
	other.do("approve",
		chromedp.Navigate(base+"/admin/verification"),
		chromedp.Click(`article:has(a[href="/orgs/lire-a-lyon"]) button[value="approve"]`),
		chromedp.WaitReady(`.flash`))
	smtp.WaitFor(t, "jean@example.org", "vérifiée", 30*time.Second)
	jean.do("verified-org", chromedp.Navigate(base+"/orgs/lire-a-lyon"), chromedp.WaitReady(`.badge.ok`))

	jean.do("two-factor", chromedp.Navigate(base+"/account/2fa"), chromedp.WaitReady(`code.key`))
	secret := jean.text("code.key")
	code, err := mfa.Code(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	jean.do("recovery-codes",
		chromedp.SendKeys(`#f-code`, code),
		chromedp.Click(`form[action="/account/2fa"] button`),
		chromedp.WaitReady(`.codes`))
	jean.signOut()
	jean.do("code-step",
		chromedp.Navigate(base+"/signin"),
		chromedp.SendKeys(`#f-email`, "jean@example.org"),
		chromedp.SendKeys(`#f-password`, "traduction-lyon-2026"),
		chromedp.Click(`form[action="/signin"] button`),
		chromedp.WaitReady(`#f-code`))
	next, _ := mfa.Code(secret, time.Now().Add(30*time.Second)) // the code used to turn it on works only once
	jean.do("signed-in-with-code",
		chromedp.SendKeys(`#f-code`, next),
		chromedp.Click(`form[action="/signin/code"] button`),
		chromedp.WaitReady(`.sessions`))
}
