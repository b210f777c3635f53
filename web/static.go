package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"

	"civhub"
)

//go:embed static
var staticFS embed.FS

// staticFile is one embedded file with its compressed forms, made once at start-up.
type staticFile struct {
	contentType string
	raw, gz, br []byte
}

// embeddedStatic loads the embedded files and their compressed forms once per process: they are the
// same for every Server and never change once loaded, and brotli at its best quality is slow (a
// third of a second per Server under the race detector, which tests that build hundreds of servers
// feel).
var embeddedStatic = sync.OnceValues(loadStatic)

// staticFiles serves embedded files under content-hashed names (app.3f2a9c01d4.css), so that they
// can be cached for a year and still change the moment a new version ships.
type staticFiles struct {
	byHashedName map[string]*staticFile
	urls         map[string]string // plain name → /static/hashed name
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{byHashedName: map[string]*staticFile{}, urls: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(raw)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		f := &staticFile{contentType: mime.TypeByExtension(ext), raw: raw}
		if f.contentType == "" {
			f.contentType = "application/octet-stream"
		}
		if compressible(f.contentType) {
			f.gz, f.br = gzipBytes(raw), brotliBytes(raw)
		}
		sf.byHashedName[hashed] = f
		sf.urls[name] = "/static/" + hashed
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	return sf, nil
}

// URL returns the hashed URL of the static file name; it panics on an unknown name, which the
// template tests catch before any release.
func (sf *staticFiles) URL(name string) string {
	u, ok := sf.urls[name]
	if !ok {
		panic("web: unknown static file " + name)
	}
	return u
}

func (s *kit) serveStatic(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.static.byHashedName[r.PathValue("name")]
	if !ok {
		return civhub.Errorf(civhub.ENOTFOUND, "No such file.")
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	body := f.raw
	if f.gz != nil {
		switch negotiateEncoding(r.Header.Get("Accept-Encoding")) {
		case "br":
			h.Set("Content-Encoding", "br")
			body = f.br
		case "gzip":
			h.Set("Content-Encoding", "gzip")
			body = f.gz
		}
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(body)
	return err
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func brotliBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
