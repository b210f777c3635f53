// Package upload checks and cleans files people upload: images are decoded, bounded in size, scaled
// down and re-encoded as PNG, which drops whatever the original carried besides its pixels (camera
// metadata, GPS positions — a danger for groups in hostile places); documents are checked by content,
// not by the name or type the browser claims.
package upload

import (
	"archive/zip"
	"bytes"
	"image"
	_ "image/gif" // decoders for the accepted formats
	_ "image/jpeg"
	"image/png"
	"io"
	"net/http"
	"path"
	"strings"

	"golang.org/x/image/draw"

	"civhub"
)

// Limits.
const (
	MaxImageBytes    = 2 << 20  // an uploaded image
	MaxDocumentBytes = 5 << 20  // an uploaded document
	maxSourcePixels  = 40 << 20 // refuse images that would take too much memory to decode
)

var errNotImage = civhub.FieldError("logo", "err.image_invalid", "Upload a PNG, JPEG or GIF image of at most 2 MB.")

// Image reads an uploaded image and returns it as a PNG no larger than size×size pixels.
func Image(r io.Reader, size int) ([]byte, error) {
	out, err := ImageSizes(r, size)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ImageSizes reads an uploaded image once and returns it as a PNG in each of the sizes: no larger
// than size×size pixels.
func ImageSizes(r io.Reader, sizes ...int) ([][]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImageBytes+1))
	if err != nil || len(data) > MaxImageBytes || len(data) == 0 {
		return nil, errNotImage
	}
	out := make([][]byte, len(sizes))
	for i, size := range sizes {
		if out[i], err = scaled(data, size); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scaled decodes an image and returns it as a PNG no larger than size×size pixels.
func scaled(data []byte, size int) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxSourcePixels {
		return nil, errNotImage
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, errNotImage
	}
	w, h := cfg.Width, cfg.Height
	if w > size || h > size {
		if w >= h {
			w, h = size, max(1, h*size/w)
		} else {
			w, h = max(1, w*size/h), size
		}
	}
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Over, nil)
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, dst); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// documentTypes are the kinds of document accepted as evidence.
var documentTypes = map[string]bool{"application/pdf": true, "image/png": true, "image/jpeg": true}

// Document reads an uploaded document (PDF, PNG or JPEG) and returns its bytes and its type, as
// sniffed from its content.
func Document(r io.Reader) ([]byte, string, error) {
	bad := civhub.FieldError("file", "err.document_invalid", "Upload a PDF, PNG or JPEG file of at most 5 MB.")
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentBytes+1))
	if err != nil || len(data) > MaxDocumentBytes || len(data) == 0 {
		return nil, "", bad
	}
	ct := http.DetectContentType(data)
	if !documentTypes[ct] {
		return nil, "", bad
	}
	return data, ct, nil
}

// MaxAttachmentBytes bounds a file attached to a toolkit.
const MaxAttachmentBytes = 10 << 20

// Attachment kinds, by the extension a download is named with.
var attachmentTypes = map[string]string{
	"pdf":  "application/pdf",
	"png":  "image/png",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"odt":  "application/vnd.oasis.opendocument.text",
	"ods":  "application/vnd.oasis.opendocument.spreadsheet",
	"odp":  "application/vnd.oasis.opendocument.presentation",
	"doc":  "application/msword",
	"xls":  "application/vnd.ms-excel",
	"ppt":  "application/vnd.ms-powerpoint",
}

// oleSignature starts the older Office files (Compound File Binary).
var oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

var errNotAttachment = civhub.FieldError("file", "err.attachment_invalid",
	"Attach a PDF, an image, or an office document (Word, Excel, PowerPoint, OpenDocument) of at most 10 MB.")

// Attachment reads a file attached to a toolkit and returns its bytes, its type and the extension
// its download is named with, all decided by its content: PDF; images (re-encoded as PNG, which
// drops camera metadata and positions); office documents by their signatures — zip archives whose
// entries say they are OOXML ([Content_Types].xml with a word/, xl/ or ppt/ part) or OpenDocument
// (a first "mimetype" entry), and the older Office formats (an OLE file, named by the extension
// the person gave: doc, xls or ppt).
func Attachment(r io.Reader, name string) ([]byte, string, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxAttachmentBytes+1))
	if err != nil || len(data) > MaxAttachmentBytes || len(data) == 0 {
		return nil, "", "", errNotAttachment
	}
	switch ct := http.DetectContentType(data); {
	case ct == "application/pdf":
		return data, ct, "pdf", nil
	case ct == "image/png" || ct == "image/jpeg" || ct == "image/gif":
		png, err := scaled(data, 2048)
		if err != nil {
			return nil, "", "", errNotAttachment
		}
		return png, "image/png", "png", nil
	case bytes.HasPrefix(data, oleSignature):
		ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
		if ext != "doc" && ext != "xls" && ext != "ppt" {
			return nil, "", "", errNotAttachment
		}
		return data, attachmentTypes[ext], ext, nil
	case ct == "application/zip":
		if ext := officeZip(data); ext != "" {
			return data, attachmentTypes[ext], ext, nil
		}
	}
	return nil, "", "", errNotAttachment
}

// officeZip names the kind of office document a zip archive is, by its entries (read from its
// directory: nothing is decompressed but OpenDocument's short "mimetype"), or "".
func officeZip(data []byte) string {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(z.File) == 0 {
		return ""
	}
	if first := z.File[0]; first.Name == "mimetype" && first.UncompressedSize64 < 100 {
		f, err := first.Open()
		if err != nil {
			return ""
		}
		defer f.Close()
		kind, _ := io.ReadAll(io.LimitReader(f, 100))
		switch string(kind) {
		case "application/vnd.oasis.opendocument.text":
			return "odt"
		case "application/vnd.oasis.opendocument.spreadsheet":
			return "ods"
		case "application/vnd.oasis.opendocument.presentation":
			return "odp"
		}
		return ""
	}
	types, ext := false, ""
	for _, f := range z.File {
		switch {
		case f.Name == "[Content_Types].xml":
			types = true
		case strings.HasPrefix(f.Name, "word/"):
			ext = "docx"
		case strings.HasPrefix(f.Name, "xl/"):
			ext = "xlsx"
		case strings.HasPrefix(f.Name, "ppt/"):
			ext = "pptx"
		}
	}
	if !types {
		return ""
	}
	return ext
}
