package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civhub/sms/smstest"
	"civhub/sqldb"
)

// TestStandbyWalk is the standby roster in real browsers on both databases, on a phone's screen
// and in Arabic, with a fake SMS Gateway for Android as the gateway: Salma, a translator already
// on the roster by email, finds the roster from her dashboard, follows its link to add her
// number, mistypes it (the page says why and keeps what she typed), gets her code by SMS,
// mistypes it, verifies the number, lets crises wake her by SMS, pauses her place and resumes it.
func TestStandbyWalk(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) { standbyWalk(t, d) })
	}
}

func standbyWalk(t *testing.T, d sqldb.Dialect) {
	phone := smstest.NewAndroid(t)
	c := newCast(t, d, "standby-", func(c *Config) { c.SMSURL, c.SMSPerMinute = phone.GatewayURL(), 600 })
	base, id := c.base, c.id
	salma := c.as("salma", "salma@demo.civhub.test", "ar")

	salma.do("dashboard",
		chromedp.Navigate(base+"/me"),
		chromedp.Click(`a[href="/me/standby"]`),
		chromedp.WaitReady(`form[action="/me/standby"]`))
	if salma.count(`p.done`) != 1 || salma.count(`input[name="channels"][value="email"]:checked`) != 1 {
		t.Fatal("the standby page does not show Salma on the roster by email")
	}
	salma.do("to-phone",
		chromedp.Click(`a[href="/me/phone"]`),
		chromedp.WaitReady(`#f-number`))

	salma.do("bad-number",
		chromedp.SendKeys(`#f-number`, "0612 345"),
		chromedp.Click(`form[action="/me/phone"] button`),
		chromedp.WaitReady(`#f-number[aria-invalid="true"]`))
	if got, err := chromedp.Run(salma.ctx, chromedp.Value(`#f-number`)); err != nil || got != "0612 345" {
		t.Fatalf("after a refused number the field holds %q (%v)", got, err)
	}
	salma.do("number",
		chromedp.Clear(`#f-number`),
		chromedp.SendKeys(`#f-number`, "+212 612 345 678"),
		chromedp.Click(`form[action="/me/phone"] button`),
		chromedp.WaitReady(`#f-code`))

	var code string // the phone's SMS, sent by the paced sender within seconds
	for deadline := time.Now().Add(40 * time.Second); code == ""; time.Sleep(100 * time.Millisecond) {
		for _, m := range phone.Sent() {
			if len(m.PhoneNumbers) == 1 && m.PhoneNumbers[0] == "+212612345678" {
				code = regexp.MustCompile(`\d{6}`).FindString(m.TextMessage.Text)
			}
		}
		if code == "" && time.Now().After(deadline) {
			t.Fatalf("no code reached the phone: %+v", phone.Sent())
		}
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	salma.do("wrong-code",
		chromedp.SendKeys(`#f-code`, wrong),
		chromedp.Click(`form[action="/me/phone/verify"] button`),
		chromedp.WaitReady(`#f-code[aria-invalid="true"]`))
	salma.do("verified",
		chromedp.SendKeys(`#f-code`, code),
		chromedp.Click(`form[action="/me/phone/verify"] button`),
		chromedp.WaitReady(`main .badge.ok`))
	if n := id(`SELECT COUNT(*) FROM person_phones ph JOIN people p ON p.id = ph.person_id
		WHERE p.email = 'salma@demo.civhub.test' AND ph.number = '+212612345678' AND ph.verified_at IS NOT NULL`); n != 1 {
		t.Fatal("the number is not verified")
	}

	salma.do("standby-sms",
		chromedp.Click(`a[href="/me/standby"]`),
		chromedp.WaitReady(`input[name="channels"][value="sms"]`),
		chromedp.Click(`input[name="channels"][value="sms"]`),
		chromedp.Click(`form[action="/me/standby"] button`),
		chromedp.WaitReady(`p.flash[role="status"]`)) // "Saved", which the page before did not say
	if n := id(`SELECT COUNT(*) FROM standby s JOIN people p ON p.id = s.person_id
		WHERE p.email = 'salma@demo.civhub.test' AND s.channels LIKE '%sms%' AND s.channels LIKE '%email%' AND s.paused_at IS NULL`); n != 1 {
		t.Fatal("Salma's place on the roster does not take SMS and email")
	}
	salma.do("pause",
		chromedp.Click(`form[action="/me/standby/pause"] button`),
		chromedp.WaitReady(`form[action="/me/standby/pause"] input[value="no"]`))
	if salma.count(`p.done`) != 0 || !strings.Contains(salma.text(`main`), "لن ينبّهك أحد حتى تستأنفه") {
		t.Fatal("the page does not say the place is paused, and until when")
	}
	if n := id(`SELECT COUNT(*) FROM standby s JOIN people p ON p.id = s.person_id WHERE p.email = 'salma@demo.civhub.test' AND s.paused_at IS NOT NULL`); n != 1 {
		t.Fatal("the place is not paused")
	}
	salma.do("resume",
		chromedp.Click(`form[action="/me/standby/pause"] button`),
		chromedp.WaitReady(`form[action="/me/standby/pause"] input[value="yes"]`))
	if salma.count(`p.done`) != 1 || id(`SELECT COUNT(*) FROM standby s JOIN people p ON p.id = s.person_id
		WHERE p.email = 'salma@demo.civhub.test' AND s.paused_at IS NULL`) != 1 {
		t.Fatal("the place did not resume")
	}
	salma.do("account",
		chromedp.Navigate(base+"/account"),
		chromedp.Click(`a[href="/me/phone"]`),
		chromedp.WaitReady(`main .badge.ok`))
}
