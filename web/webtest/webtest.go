// Package webtest helps tests read civhub's HTML by CSS selectors instead of matching strings.
package webtest

import (
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Doc is a parsed HTML document.
type Doc struct {
	t    testing.TB
	root *html.Node
}

// Parse parses an HTML document or fails the test.
func Parse(t testing.TB, r io.Reader) *Doc {
	t.Helper()
	root, err := html.Parse(r)
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return &Doc{t: t, root: root}
}

// All returns the nodes matching the CSS selector.
func (d *Doc) All(selector string) []*html.Node {
	d.t.Helper()
	sel, err := cascadia.Compile(selector)
	if err != nil {
		d.t.Fatalf("selector %q: %v", selector, err)
	}
	return sel.MatchAll(d.root)
}

// One returns the only node matching selector, failing the test if there is not exactly one.
func (d *Doc) One(selector string) *html.Node {
	d.t.Helper()
	nodes := d.All(selector)
	if len(nodes) != 1 {
		d.t.Fatalf("%d nodes match %q, want 1", len(nodes), selector)
	}
	return nodes[0]
}

// Text returns the text content of the only node matching selector, with spaces collapsed.
func (d *Doc) Text(selector string) string {
	d.t.Helper()
	return Text(d.One(selector))
}

// Attr returns the attribute name of n, or "".
func Attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// Text returns n's text content with runs of white space collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}
