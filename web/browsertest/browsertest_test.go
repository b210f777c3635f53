package browsertest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub/web/browsertest"
)

// pixelPNG is a valid 1x1 transparent PNG.
var pixelPNG = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
	0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
	0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
	0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49,
	0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
}

var pngSignature = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}

// page is an HTML template with the title, the heading and an image.
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
</head>
<body>
<header><p>Civhub test page</p></header>
<main>
<h1>%s</h1>
<p>A short paragraph of ordinary text.</p>
%s
</main>
</body>
</html>
`

func servePages(t *testing.T) *httptest.Server {
	t.Helper()
	render := func(title, img string) string {
		return fmt.Sprintf(page, title, title, img)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/bad", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(render("Missing alt text", `<img src="/pixel.png" width="40" height="40">`)))
	})
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(render("Accessible page", `<img src="/pixel.png" width="40" height="40" alt="A transparent square">`)))
	})
	mux.HandleFunc("/pixel.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(pixelPNG)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestBrowser(t *testing.T) {
	b := browsertest.New(t)
	srv := servePages(t)

	t.Run("violation", func(t *testing.T) {
		ctx := b.NewTab(t)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/bad")); err != nil {
			t.Fatal(err)
		}
		violations, err := browsertest.Axe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var found *browsertest.Violation
		for i := range violations {
			if violations[i].ID == "image-alt" {
				found = &violations[i]
			}
		}
		if found == nil {
			t.Fatalf("want an image-alt violation, got %s", browsertest.FormatViolations(violations))
		}
		if len(found.Nodes) != 1 || found.Nodes[0] != "img" {
			t.Errorf("image-alt nodes = %q, want [img]", found.Nodes)
		}
		if found.Impact == "" || found.Help == "" || found.HelpURL == "" {
			t.Errorf("image-alt violation has empty fields: %+v", *found)
		}
		msg := browsertest.FormatViolations(violations)
		if !strings.Contains(msg, "image-alt") || !strings.Contains(msg, found.HelpURL) {
			t.Errorf("FormatViolations output lacks the rule or its link:\n%s", msg)
		}
		// A second run reuses the axe-core already in the page.
		again, err := browsertest.Axe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(violations) {
			t.Errorf("second run found %d violations, first found %d", len(again), len(violations))
		}
	})

	t.Run("clean", func(t *testing.T) {
		ctx := b.NewTab(t)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/good")); err != nil {
			t.Fatal(err)
		}
		violations, err := browsertest.Axe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(violations) != 0 {
			t.Errorf("want no violations, got %s", browsertest.FormatViolations(violations))
		}

		path := filepath.Join(t.TempDir(), "shots", "good.png")
		if err := b.Screenshot(ctx, path); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) <= len(pngSignature) || !bytes.HasPrefix(data, pngSignature) {
			t.Errorf("screenshot is not a PNG: %d bytes, starts %x", len(data), data[:min(len(data), 8)])
		}
	})
}

func TestFormatViolations(t *testing.T) {
	if got := browsertest.FormatViolations(nil); got != "no accessibility violations" {
		t.Errorf("FormatViolations(nil) = %q", got)
	}
	got := browsertest.FormatViolations([]browsertest.Violation{{
		ID: "image-alt", Impact: "critical", Help: "Images must have alternative text",
		HelpURL: "https://example.invalid/image-alt", Nodes: []string{"img", "#logo"},
	}})
	want := "1 accessibility violation:\n" +
		"- image-alt (critical): Images must have alternative text\n" +
		"  see https://example.invalid/image-alt\n" +
		"  at img\n" +
		"  at #logo"
	if got != want {
		t.Errorf("FormatViolations =\n%s\nwant\n%s", got, want)
	}
}
