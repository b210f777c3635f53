package webtest

import (
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Within returns the nodes under n that match the CSS selector, which must compile.
func Within(n *html.Node, selector string) []*html.Node {
	return cascadia.MustCompile(selector).MatchAll(n)
}

// HasAttr reports whether n carries the attribute name, whatever its value.
func HasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}
