package web

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"strings"
	"testing"

	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestTwoFactorQRCode checks that the set-up page's QR code is a PNG image in the page, not the
// "#ZgotmplZ" that html/template puts in place of a data: URL it does not trust.
func TestTwoFactorQRCode(t *testing.T) {
	eachServer(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		createPerson(t, db, "amina@example.org", "argan-cooperative-1", "")
		b := newBrowser(t, s)
		b.signIn("amina@example.org", "argan-cooperative-1")
		_, doc := b.get("/account/2fa")
		src := webtest.Attr(doc.One("img.qr"), "src")
		encoded, ok := strings.CutPrefix(src, pngDataURL)
		if !ok {
			t.Fatalf("the QR code's src is %.40q, want a PNG data: URL", src)
		}
		raw, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil || img.Bounds().Dx() < 200 {
			t.Fatalf("the QR code does not decode to an image of 240 pixels: %v", err)
		}
	})
}

func TestQRImageRefusesOtherURLs(t *testing.T) {
	for _, u := range []string{
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
		"javascript:alert(1)",
		pngDataURL + "not base64!",
		pngDataURL + base64.StdEncoding.EncodeToString([]byte("<svg onload=alert(1)>")),
	} {
		if got, err := qrImage(u); err == nil {
			t.Errorf("qrImage(%.40q) = %q, want an error", u, got)
		}
	}
}
