package main

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub/sqldb"
	"civhub/web/browsertest"
)

// cast is a demo civhub and one phone-sized browser tab, in which the demo people take turns: each
// signs in for their part after the one before signed out.
type cast struct {
	t       *testing.T
	m       *Main
	base    string
	prefix  string // of the screenshots' names
	b       *browsertest.Browser
	tab     context.Context
	current *person
}

// newCast starts the demo on d (configured by configure) and opens the tab.
func newCast(t *testing.T, d sqldb.Dialect, prefix string, configure ...func(*Config)) *cast {
	m, _ := startMain(t, d, configure...)
	c := &cast{t: t, m: m, base: "http://" + m.Addr(), prefix: string(d) + "-" + prefix, b: browsertest.New(t)}
	c.tab = (&person{t: t, b: c.b, base: c.base}).onPhone().ctx
	return c
}

// id reads one number from the database.
func (c *cast) id(query string, args ...any) int64 {
	c.t.Helper()
	var n int64
	if err := c.m.DB.Writer().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		c.t.Fatal(err)
	}
	return n
}

// as signs in the demo person with email, choosing lang for the pages when it differs from the
// language of the one before (the choice stays with the browser).
func (c *cast) as(name, email, lang string) *person {
	c.t.Helper()
	previous := "en" // a fresh browser is served in English, which has no button while chosen
	if c.current != nil {
		previous = c.current.lang
		c.current.signOut()
	}
	c.current = &person{t: c.t, b: c.b, ctx: c.tab, base: c.base, name: c.prefix + name, lang: lang}
	if lang != previous {
		c.current.do("lang", chromedp.Navigate(c.base+"/"), chromedp.Click(`button[name="lang"][value="`+lang+`"]`),
			chromedp.WaitReady(`html[lang="`+lang+`"]`))
	}
	c.current.signIn(email, "demo-password")
	return c.current
}
