package smtptest

import (
	"encoding/base64"
	"io"
	"mime/quotedprintable"
	"strings"
)

// decode undoes a part's Content-Transfer-Encoding.
func decode(encoding string, r io.Reader) (string, error) {
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, newlineStripper{r})
	}
	b, err := io.ReadAll(r)
	return string(b), err
}

// newlineStripper drops line breaks so that wrapped base64 decodes.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	j := 0
	for _, c := range p[:k] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}
