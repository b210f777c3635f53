package upload_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"civhub"
	"civhub/upload"
)

func jpegOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, nil)
	return buf.Bytes()
}

func TestImage(t *testing.T) {
	out, err := upload.Image(bytes.NewReader(jpegOf(1200, 600)), 256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the result is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 128 {
		t.Fatalf("scaled to %v, want 256×128", b)
	}
	small, _ := upload.Image(bytes.NewReader(jpegOf(40, 30)), 256)
	if img, _ := png.Decode(bytes.NewReader(small)); img.Bounds().Dx() != 40 {
		t.Fatal("a small image was scaled up")
	}
	for name, data := range map[string][]byte{
		"Empty":  nil,
		"Text":   []byte("not an image at all"),
		"Script": []byte("<svg onload=alert(1)></svg>"),
		"TooBig": bytes.Repeat([]byte{0xff}, upload.MaxImageBytes+1),
	} {
		if _, err := upload.Image(bytes.NewReader(data), 256); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
}

func TestDocument(t *testing.T) {
	if _, ct, err := upload.Document(strings.NewReader("%PDF-1.4\n1 0 obj\n")); err != nil || ct != "application/pdf" {
		t.Fatalf("a PDF: %q %v", ct, err)
	}
	if _, ct, err := upload.Document(bytes.NewReader(jpegOf(10, 10))); err != nil || ct != "image/jpeg" {
		t.Fatalf("a JPEG: %q %v", ct, err)
	}
	for _, bad := range []string{"", "<html><script>alert(1)</script>", "MZ\x90\x00 an executable"} {
		if _, _, err := upload.Document(strings.NewReader(bad)); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Errorf("%q: %v, want EINVALID", bad[:min(10, len(bad))], err)
		}
	}
}
