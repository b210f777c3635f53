package web

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// markdown renders what people write in Markdown (needs, tasks, opportunities): goldmark leaves
// raw HTML out, and bluemonday's policy for user content keeps only safe elements and links, which
// get rel="nofollow noopener". Line breaks are kept, as people type them.
var markdown = func() func(string) template.HTML {
	md := goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
		goldmark.WithRendererOptions(html.WithHardWraps()))
	policy := bluemonday.UGCPolicy()
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
}()
