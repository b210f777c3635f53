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

// attachedImage is the address of an image attached to a toolkit or a course: the only images
// their pages show.
var attachedImage = regexp.MustCompile(`^/(toolkits|courses)/[a-z0-9-]{1,60}/[a-z]{2,3}/(files|images)/[0-9]{1,18}$`)

// markdownWithImages renders what trainers and editors write for lessons and toolkit pages: text
// first, for slow phones, with only the images attached to the course or toolkit at href, written
// ![what it shows](SEGMENT/ID) and loaded lazily; an image from elsewhere would tell a third party
// who reads it, so it shows as its words.
func markdownWithImages(segment string) func(body, href string) template.HTML {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src").Matching(attachedImage).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowElements("p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "blockquote", "code", "pre",
		"h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td")
	render := markdownWith(p)
	attached := regexp.MustCompile(`\]\(` + segment + `/([0-9]{1,18})\)`)
	unsourced := regexp.MustCompile(`<img alt="([^"]*)"/?>`) // an image from elsewhere, its src removed: its words stay
	return func(body, href string) template.HTML {
		html := string(render(attached.ReplaceAllString(body, "]("+href+"/"+segment+"/$1)")))
		html = unsourced.ReplaceAllString(html, "$1")
		// The output is sanitized: every <img> left is an attached one, with a src.
		return template.HTML(strings.ReplaceAll(html, "<img ", `<img loading="lazy" `)) // #nosec: sanitized above
	}
}

// lessonMarkdown renders a lesson of the course at href; toolkitPageMarkdown a page of the toolkit
// at href.
var (
	lessonMarkdown      = markdownWithImages("images")
	toolkitPageMarkdown = markdownWithImages("files")
)
