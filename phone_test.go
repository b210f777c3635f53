package civhub

import "testing"

// TestNormalizePhone: a number is kept in E.164 whatever its spaces, dots, dashes and brackets;
// one copied from Arabic text (with bidirectional marks) or typed in Arabic-Indic digits is the
// same number; anything else is refused with the field's error.
func TestNormalizePhone(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"+212 612 345 678", "+212612345678"},
		{" 00212 612-345-678 ", "+212612345678"},
		{"+1 (555) 010.9999", "+15550109999"},
		{"\u2066+212\u00a0612\u00a0345\u00a0678\u2069", "+212612345678"}, // the Arabic page's example, copied
		{"\u200e+56 9 1234 5678", "+56912345678"},
		{"+٢١٢ ٦١٢ ٣٤٥ ٦٧٨", "+212612345678"},
		{"+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹", "+989123456789"},
		{"0612 345", ""},
		{"+0612345678", ""},
		{"+1234567", ""},
		{"+1234567890123456", ""},
		{"+212 612 ABC", ""},
		{"+212\u202e612345678", "+212612345678"},
		{"", ""},
		{"+", ""},
	} {
		got, err := NormalizePhone(c.in)
		if got != c.want || (c.want == "" && (err == nil || asFieldError(err, "number") == "")) {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// asFieldError returns err's message for field, or "".
func asFieldError(err error, field string) string {
	if e, ok := err.(*Error); ok {
		return e.Fields[field]
	}
	return ""
}
