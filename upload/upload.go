// Package upload checks and cleans files people upload: images are decoded, bounded in size, scaled
// down and re-encoded as PNG, which drops whatever the original carried besides its pixels (camera
// metadata, GPS positions — a danger for groups in hostile places); documents are checked by content,
// not by the name or type the browser claims.
package upload

import (
	"bytes"
	"image"
	_ "image/gif" // decoders for the accepted formats
	_ "image/jpeg"
	"image/png"
	"io"
	"net/http"

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
	data, err := io.ReadAll(io.LimitReader(r, MaxImageBytes+1))
	if err != nil || len(data) > MaxImageBytes || len(data) == 0 {
		return nil, errNotImage
	}
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
