package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civhub"
	"civhub/mail/smtptest"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestRadarWalk is the opportunity radar end to end in a real browser with real mail: Jean, a
// volunteer, adds a grant for Moroccan cooperatives in French; Kofi, a moderator, publishes it;
// Amina sees it on her cooperative's radar in Arabic with the reason, saves it and moves its
// application on with a note; the reminder a week before the deadline reaches her over SMTP; Diego's
// Chilean group, which does not qualify, does not see it.
func TestRadarWalk(t *testing.T) {
	smtp := smtptest.Start(t)
	m, _ := startMain(t, sqldb.SQLite, func(c *Config) { c.SMTPURL = smtp.URL() })
	base := "http://" + m.Addr()
	b := browsertest.New(t)
	ctx := b.NewTab(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	as := func(name, lang string) *person {
		p := &person{t: t, b: b, ctx: ctx, base: base, name: name, lang: lang}
		p.do("lang", chromedp.Navigate(base+"/about"), chromedp.Click(`button[name="lang"][value="`+lang+`"]`),
			chromedp.WaitReady(`html[lang="`+lang+`"]`))
		return p
	}
	const title = "Fonds pour les coopératives d’huile d’argan"
	deadline := time.Now().AddDate(0, 0, 5).Format(time.DateOnly)

	jean := as("jean", "fr")
	jean.signIn("jean@demo.civhub.test", "demo-password")
	jean.do("submit",
		chromedp.Navigate(base+"/resources/new"),
		chromedp.SetValue(`#f-kind`, civhub.ResourceGrant),
		chromedp.SendKeys(`#f-title`, title),
		chromedp.SendKeys(`#f-provider`, "Fondation Argane Solidaire"),
		chromedp.SendKeys(`#f-description`, "Équipement de pressage et emballage pour les coopératives de femmes."),
		chromedp.SendKeys(`#f-url`, "https://argane-solidaire.example.org/appel"),
		chromedp.SetValue(`#f-deadline`, deadline),
		chromedp.SendKeys(`#f-amount_max`, "80000"),
		chromedp.SendKeys(`#f-currency`, "MAD"),
		chromedp.SendKeys(`#f-countries`, "Maroc"),
		chromedp.Click(`input[name="causes"][value="sdg5"]`),
		chromedp.Click(`form[action="/resources/new"] button`),
		chromedp.WaitReady(`a[href$="/edit"]`))
	if s := jean.text(".flash"); !strings.Contains(s, "Merci") {
		t.Fatalf("after submitting: %q", s)
	}
	jean.signOut()

	kofi := as("kofi", "en")
	kofi.signIn("kofi@demo.civhub.test", "demo-password")
	kofi.do("queue", chromedp.Navigate(base+"/admin/resources"), chromedp.WaitReady(`.cards`))
	var entry string
	for _, l := range mustLinks(t, ctx, `.cards a[href^="/resources/"]`) {
		if l.text == title {
			entry = l.href
		}
	}
	if entry == "" {
		t.Fatalf("the queue does not list the new grant: %q", kofi.text("main"))
	}
	kofi.do("publish", chromedp.Navigate(base+entry), chromedp.Click(`button[name="decision"][value="publish"]`),
		chromedp.WaitReady(`form[action$="/report"]`))
	kofi.signOut()

	amina := as("amina", "ar")
	amina.signIn("amina@demo.civhub.test", "demo-password")
	amina.do("radar", chromedp.Navigate(base+"/orgs/cooperative-tamount/radar"), chromedp.WaitReady(`.radar`))
	var card string
	for _, c := range strings.Split(amina.text(".radar"), "احفظ") {
		if strings.Contains(c, title) {
			card = c
		}
	}
	if !strings.Contains(card, "بلدكم: المغرب") || !strings.Contains(card, "قضاياكم: المساواة بين الجنسين") {
		t.Fatalf("Amina's radar does not say why the grant suits her cooperative: %q", card)
	}
	amina.do("save", chromedp.Click(`form[action="`+strings.Replace(entry, "/resources/", "/orgs/cooperative-tamount/radar/", 1)+`"] button`),
		chromedp.WaitReady(`.tracker`))
	amina.do("prepare",
		chromedp.SetValue(`.tracker select[name="stage"]`, civhub.StagePreparing),
		chromedp.SendKeys(`.tracker textarea[name="notes"]`, "نحتاج عرض أسعار آلة الضغط"),
		chromedp.Click(`.tracker form:not(.inline) button`),
		chromedp.WaitReady(`.tracker option[value="preparing"][selected]`))
	if s := amina.text(".tracker"); !strings.Contains(s, title) {
		t.Fatalf("Amina's tracker: %q", s)
	}

	// The reminders run hourly; the test runs them now. The deadline is five days away: the week's
	// reminder is due, and mail that asks for action goes at once.
	if n, err := m.Services.Resources.RemindDeadlines(context.Background()); err != nil || n != 1 {
		t.Fatalf("reminders: %d, %v", n, err)
	}
	mail := smtp.WaitFor(t, "amina@demo.civhub.test", title, 30*time.Second)
	if !strings.Contains(mail.Text, "تُغلق بعد أسبوع") || !strings.Contains(mail.Text, base+entry) {
		t.Fatalf("the reminder mail:\n%s", mail.Text)
	}
	amina.signOut()

	diego := as("diego", "es")
	diego.signIn("diego@demo.civhub.test", "demo-password")
	diego.do("radar", chromedp.Navigate(base+"/orgs/valparaiso-preparado/radar"), chromedp.WaitReady(`#tracker`))
	if s := diego.text("main"); strings.Contains(s, title) || !strings.Contains(s, "Fondo de Resiliencia Comunitaria ante Desastres") {
		t.Fatalf("Diego's radar: %q", s)
	}
}
