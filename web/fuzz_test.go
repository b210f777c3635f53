package web

import (
	"strings"
	"testing"
)

// FuzzLocalPath checks that no input makes the language switcher redirect off the site.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/about", "//evil.example", "/\\evil", "https://x", "", "/a?b=c#d", "/\t/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := localPath(next)
		// What a browser makes of it: tabs and newlines dropped, backslashes read as slashes.
		asBrowser := strings.NewReplacer("\t", "", "\r", "", "\n", "", "\\", "/").Replace(got)
		if !strings.HasPrefix(asBrowser, "/") || strings.HasPrefix(asBrowser, "//") {
			t.Fatalf("localPath(%q) = %q, which could leave the site", next, got)
		}
		if got != "/" && got != next {
			t.Fatalf("localPath(%q) = %q: it may keep or replace the path, not rewrite it", next, got)
		}
	})
}

// FuzzNegotiateEncoding checks that any Accept-Encoding header yields a supported encoding.
func FuzzNegotiateEncoding(f *testing.F) {
	for _, s := range []string{"gzip, br", "br;q=0", "gzip;q=0.5, *", "", ";;,,q=", "br;q=abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		switch got := negotiateEncoding(accept); got {
		case "", "gzip", "br":
		default:
			t.Fatalf("negotiateEncoding(%q) = %q", accept, got)
		}
	})
}
