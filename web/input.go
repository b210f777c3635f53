package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// Every value civhub accepts it must store, read back and show on both databases. PostgreSQL
// refuses a NUL in text with an error that used to surface as a 500, and other control characters
// have no business in what people read; so what arrives in a request's address, query or form is
// checked here, at the edge, before any handler sees it, and a refusal names the field at fault.
// JSON bodies are checked by the API's own middleware (see checkAPIBody).

// refuseUnstorableInput answers 400 to a request whose path or query holds text civhub could not
// store (see civhub.ValidText), naming the query parameter at fault.
func (s *kit) refuseUnstorableInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkRequestText(r); err != nil {
			s.renderError(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func checkRequestText(r *http.Request) error {
	if !civhub.ValidText(r.URL.Path) {
		return civhub.E(civhub.EINVALID, "err.address_invalid", "This address holds characters that cannot be used in one. Check the link and try again.")
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		// Handlers read what parses and ignore the rest, as net/http does.
		return nil
	}
	return checkValues(query)
}

// checkValues returns an EINVALID error naming the first field of values (a query or a posted
// form) whose name or any value is not storable text.
func checkValues(values url.Values) error {
	for name, vs := range values {
		field := name
		if !civhub.ValidText(name) {
			field = strings.ToValidUTF8(strings.Map(dropControl, name), "")
		}
		if err := civhub.CheckText(field, name); err != nil {
			return err
		}
		for _, v := range vs {
			if err := civhub.CheckText(field, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func dropControl(r rune) rune {
	if r < 0x20 || (r >= 0x7f && r < 0xa0) {
		return -1
	}
	return r
}

// checkAPIBody refuses, with 422 naming the field (body.title, body.links[2]), a JSON request body
// that holds a string civhub could not store, before the operation decodes it. A body that is not
// JSON, or larger than the operation takes, is left for the operation to refuse as usual.
func (s *kit) checkAPIBody(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	if op == nil || op.RequestBody == nil {
		next(ctx)
		return
	}
	limit := op.MaxBodyBytes
	if limit <= 0 {
		limit = 1 << 20
	}
	raw, err := io.ReadAll(io.LimitReader(ctx.BodyReader(), limit+1))
	if err != nil {
		s.writeAPIError(ctx, civhub.E(civhub.EINVALID, "err.form_unreadable", "This form could not be read."))
		return
	}
	if int64(len(raw)) <= limit {
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			if field, ok := unstorableJSON(v, ""); !ok {
				// The problem names the field as body.FIELD.
				s.writeAPIError(ctx, civhub.CheckText(strings.TrimPrefix(field, "."), "\x00"))
				return
			}
		}
	}
	next(&bodyContext{operationContext: ctx, body: io.MultiReader(bytes.NewReader(raw), ctx.BodyReader())})
}

// bodyContext hands an operation the body that checkAPIBody read already. (huma.Context is
// embedded under another name because it has a method called Context.)
type bodyContext struct {
	operationContext
	body io.Reader
}

type operationContext = huma.Context

func (c *bodyContext) BodyReader() io.Reader { return c.body }

// unstorableJSON walks a decoded JSON value and returns the path of the first string (or object
// key) that is not storable text, and false; or "", true when every string is.
func unstorableJSON(v any, path string) (string, bool) {
	switch v := v.(type) {
	case string:
		if !civhub.ValidText(v) {
			return path, false
		}
	case []any:
		for i, item := range v {
			if p, ok := unstorableJSON(item, path+"["+strconv.Itoa(i)+"]"); !ok {
				return p, false
			}
		}
	case map[string]any:
		for k, item := range v {
			if !civhub.ValidText(k) {
				return path, false
			}
			if p, ok := unstorableJSON(item, path+"."+k); !ok {
				return p, false
			}
		}
	}
	return "", true
}
