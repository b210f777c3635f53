package upload_test

import (
	"archive/zip"
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
	both, err := upload.ImageSizes(bytes.NewReader(jpegOf(1200, 600)), 1000, 400)
	if err != nil || len(both) != 2 {
		t.Fatalf("two sizes: %d %v", len(both), err)
	}
	for i, want := range []int{1000, 400} {
		if img, err := png.Decode(bytes.NewReader(both[i])); err != nil || img.Bounds().Dx() != want || img.Bounds().Dy() != want/2 {
			t.Fatalf("size %d: %v", want, err)
		}
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

// zipOf makes a zip archive of the named entries, each with a little content.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		content := "<x/>"
		if n == "mimetype" {
			content = "application/vnd.oasis.opendocument.text"
		}
		w.Write([]byte(content))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAttachment(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	for _, tc := range []struct {
		name    string
		data    []byte
		ext, ct string // "" when refused
	}{
		{"guide.pdf", []byte("%PDF-1.7\n1 0 obj\n"), "pdf", "application/pdf"},
		{"photo.jpg", jpegOf(3000, 100), "png", "image/png"},
		{"plan.docx", zipOf(t, "[Content_Types].xml", "word/document.xml"), "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"budget.xlsx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"plan.odt", zipOf(t, "mimetype", "content.xml"), "odt", "application/vnd.oasis.opendocument.text"},
		{"old.doc", ole, "doc", "application/msword"},
		{"old.exe", ole, "", ""},                             // an OLE file not named as a document
		{"plan.docx", zipOf(t, "evil.sh", "word/x"), "", ""}, // a zip that is no office document
		{"page.html", []byte("<html><script>alert(1)</script></html>"), "", ""},
		{"empty.pdf", nil, "", ""},
		{"big.pdf", append([]byte("%PDF-1.7\n"), make([]byte, upload.MaxAttachmentBytes)...), "", ""},
	} {
		data, ct, ext, err := upload.Attachment(bytes.NewReader(tc.data), tc.name)
		if tc.ext == "" {
			if err == nil || civhub.ErrorCode(err) != civhub.EINVALID {
				t.Errorf("%s: accepted as %s (%v)", tc.name, ct, err)
			}
			continue
		}
		if err != nil || ext != tc.ext || ct != tc.ct || len(data) == 0 {
			t.Errorf("%s: %s %s %v", tc.name, ext, ct, err)
		}
	}
	// A photo's metadata is dropped: the attachment is a fresh PNG of its pixels.
	data, _, _, _ := upload.Attachment(bytes.NewReader(jpegOf(3000, 100)), "photo.jpg")
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil || img.Bounds().Dx() != 2048 {
		t.Fatalf("the photo: %v %v", img.Bounds(), err)
	}
}
