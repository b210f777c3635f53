package web

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// markdown renders what people write in Markdown (needs, tasks, opportunities): goldmark leaves
// raw HTML out, and bluemonday's policy for user content keeps only safe elements and links, which
// get rel="nofollow noopener". Line breaks are kept, as people type them.
var markdown = markdownWith(bluemonday.UGCPolicy())

// lessonMarkdown renders a lesson as markdown does, without images: a lesson is text first, for slow
// phones, and an image from elsewhere would tell a third party who reads it.
var lessonMarkdown = markdownWith(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.AllowAttrs("href").OnElements("a")
	p.AllowElements("p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "blockquote", "code", "pre",
		"h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td")
	return p
}())

// markdownWith is a Markdown renderer whose output policy keeps; links get rel="nofollow noopener
// noreferrer".
func markdownWith(policy *bluemonday.Policy) func(string) template.HTML {
	md := goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
		goldmark.WithRendererOptions(html.WithHardWraps()))
	policy.RequireNoFollowOnLinks(true)
	policy.AddTargetBlankToFullyQualifiedLinks(false)
	policy.RequireNoReferrerOnLinks(true)
	return func(source string) template.HTML {
		var buf bytes.Buffer
		if err := md.Convert([]byte(source), &buf); err != nil {
			return template.HTML(template.HTMLEscapeString(source))
		}
		return template.HTML(policy.SanitizeBytes(buf.Bytes())) // #nosec: sanitized above
	}
}

// toolkitImage is the address of an image attached to a toolkit, the only images its pages show.
var toolkitImage = regexp.MustCompile(`^/toolkits/[a-z0-9-]{1,60}/[a-z]{2,3}/files/[0-9]{1,18}$`)

// toolkitPageMarkdown renders a toolkit's page as lessons are, and shows the images attached to
// the toolkit itself, written ![what it shows](files/ID): nothing from elsewhere, loaded lazily
// after the text, for slow phones.
var toolkitPageMarkdown = func() func(body, href string) template.HTML {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src").Matching(toolkitImage).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowElements("p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "blockquote", "code", "pre",
		"h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td")
	render := markdownWith(p)
	attached := regexp.MustCompile(`\]\(files/([0-9]{1,18})\)`)
	unsourced := regexp.MustCompile(`<img alt="([^"]*)"/?>`) // an image from elsewhere, its src removed: its words stay
	return func(body, href string) template.HTML {
		html := string(render(attached.ReplaceAllString(body, "]("+href+"/files/$1)")))
		html = unsourced.ReplaceAllString(html, "$1")
		// The output is sanitized: every <img> left is one of the toolkit's own, with a src.
		return template.HTML(strings.ReplaceAll(html, "<img ", `<img loading="lazy" `)) // #nosec: sanitized above
	}
}()
