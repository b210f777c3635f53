package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"civhub"
	"civhub/web/webtest"
)

// wordsAtStart matches any of words where a word begins (so "course" also finds "courses"),
// whatever the case. Go's \b knows only ASCII letters, which would miss "événement".
func wordsAtStart(words ...string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{M}])(?:` + strings.Join(words, "|") + `)`)
}

// missingCapabilities are, in each language, the words for what civhub cannot do yet: TechCamps and hackathons (events themselves work), text-message (SMS) alerts and crisis response. The
// front door must not promise them. Arabic joins prefixes such as ال and ب to the word, so its
// words are found anywhere.
var missingCapabilities = map[string]*regexp.Regexp{
	"en": wordsAtStart("techcamp", "tech camp", "hackathon", "sms", "text message", "crisis", "crises"),
	"es": wordsAtStart("techcamp", "hackat", "sms", "mensajes? de texto", "crisis"),
	"fr": wordsAtStart("techcamp", "hackathon", "sms", "textos?", "crise"),
	"ar": regexp.MustCompile(`مخيم|مخيّم|هاكاثون|الرسائل القصيرة|رسائل نصية|الرسائل النصية|أزمة|أزمات`),
}

// TestFrontDoor reads the home and about pages in every language, as a visitor and as someone
// signed in: every link leads to a page that answers (a visitor may be sent to sign in first), every
// claim on the home page is a link to where it works, and neither page names a capability civhub
// does not have.
func TestFrontDoor(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "amina@example.org", "a-long-password-1", "")
	visitor := newBrowser(t, s)
	member := newBrowser(t, s)
	member.signIn("amina@example.org", "a-long-password-1")
	for _, code := range civhub.Locales {
		for _, path := range []string{"/", "/about"} {
			for who, b := range map[string]*browser{"visitor": visitor, "signed in": member} {
				t.Run(code+path+"/"+who, func(t *testing.T) {
					b.t = t // the subtest's failures are its own
					b.setLanguage(code)
					resp, doc := b.get(path)
					if resp.StatusCode != http.StatusOK {
						t.Fatalf("status %d", resp.StatusCode)
					}
					checkPage(t, doc, code)
					checkNamesNoMissingCapability(t, doc, code)
					checkLinksAnswer(t, b, doc, who == "visitor")
					if path == "/" {
						checkClaimsAreLinks(t, doc)
					}
				})
			}
		}
	}
}

// checkNamesNoMissingCapability fails when the page's text, title or description names something
// civhub cannot do yet.
func checkNamesNoMissingCapability(t *testing.T, doc *webtest.Doc, code string) {
	t.Helper()
	words := missingCapabilities[code]
	if words == nil {
		t.Fatalf("no words to look for in %s", code)
	}
	text := []string{webtest.Text(doc.One("body")), doc.Text("title")}
	for _, meta := range doc.All(`meta[name=description]`) {
		text = append(text, webtest.Attr(meta, "content"))
	}
	for _, s := range text {
		for _, m := range words.FindAllStringIndex(s, -1) {
			from, to := max(0, m[0]-30), min(len(s), m[1]+30)
			t.Errorf("the page promises what civhub cannot do yet: %q in “…%s…”", strings.TrimSpace(s[m[0]:m[1]]),
				strings.ToValidUTF8(s[from:to], ""))
		}
	}
}

// checkLinksAnswer follows every link of the page once: each must stay on civhub and answer 200;
// a visitor may instead be sent to sign in. A link within the page must find its target.
func checkLinksAnswer(t *testing.T, b *browser, doc *webtest.Doc, visitor bool) {
	t.Helper()
	seen := map[string]bool{}
	for _, a := range doc.All("a[href]") {
		href := webtest.Attr(a, "href")
		if seen[href] {
			continue
		}
		seen[href] = true
		if id, ok := strings.CutPrefix(href, "#"); ok {
			if len(doc.All(`[id="`+id+`"]`)) != 1 {
				t.Errorf("the link %q finds nothing on the page", href)
			}
			continue
		}
		u, err := url.Parse(href)
		if err != nil || u.IsAbs() || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(href, "//") {
			t.Errorf("the link %q does not lead to a page of civhub", href)
			continue
		}
		resp, _ := b.get(href)
		switch {
		case resp.StatusCode == http.StatusOK:
		case visitor && resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/signin?"):
		default:
			t.Errorf("the link %q (%q) answers %d %s", href, webtest.Text(a), resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if len(seen) < 5 {
		t.Errorf("only %d links on the page; the page or the test is broken", len(seen))
	}
}

// checkClaimsAreLinks fails when something the home page says civhub does is not a link to where it
// is done.
func checkClaimsAreLinks(t *testing.T, doc *webtest.Doc) {
	t.Helper()
	claims := doc.All("main .card li")
	if len(claims) < 6 {
		t.Fatalf("%d claims on the home page; the test no longer finds them", len(claims))
	}
	for _, li := range claims {
		links := webtest.Within(li, "a[href]")
		if len(links) != 1 || webtest.Text(links[0]) != webtest.Text(li) {
			t.Errorf("%q is not one link to where it works", webtest.Text(li))
		}
	}
}
