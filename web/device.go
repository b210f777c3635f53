package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// Device cookies follow OWASP's answer to account lockout. Wrong passwords lock an account for
// browsers it was never used in; a browser that completed a sign-in to the account holds a cookie,
// signed with an instance key, that names the account, and its sign-ins are limited per cookie
// instead. A stranger's guesses therefore never lock the owner out of a device they used before.
// The cookie grants nothing else: the password (and second factor) are still needed.
const (
	deviceCookieLifetime = 365 * 24 * time.Hour
	maxDeviceEntries     = 5 // accounts one browser is remembered for
)

// deviceCookieName is __Host- prefixed on TLS deployments, like the session cookie, so that no other
// host can plant one.
func (s *kit) deviceCookieName() string {
	if s.behindProxy {
		return "__Host-civhub_device"
	}
	return "civhub_device"
}

// deviceEntry is one account in a device cookie: "PERSON.NONCE.ISSUED.MAC".
type deviceEntry struct {
	person int64
	nonce  string
	issued int64 // Unix seconds
}

func (e deviceEntry) payload() string {
	return strconv.FormatInt(e.person, 10) + "." + e.nonce + "." + strconv.FormatInt(e.issued, 10)
}

func (s *kit) deviceMAC(payload string) string {
	return hex.EncodeToString(s.keyedHash("device", payload))[:32]
}

// knownDevices reads the valid entries of the device cookie in h: signed by this instance and not
// older than a year.
func (s *kit) knownDevices(h http.Header) []civhub.KnownDevice {
	var out []civhub.KnownDevice
	for _, e := range s.deviceEntries(h) {
		out = append(out, civhub.KnownDevice{PersonID: e.person, Key: e.nonce, Issued: time.Unix(e.issued, 0)})
	}
	return out
}

func (s *kit) deviceEntries(h http.Header) []deviceEntry {
	c, err := (&http.Request{Header: h}).Cookie(s.deviceCookieName())
	if err != nil {
		return nil
	}
	var out []deviceEntry
	for _, raw := range strings.Split(c.Value, "~") {
		parts := strings.Split(raw, ".")
		if len(parts) != 4 || len(out) == maxDeviceEntries {
			continue
		}
		person, err1 := strconv.ParseInt(parts[0], 10, 64)
		issued, err2 := strconv.ParseInt(parts[2], 10, 64)
		e := deviceEntry{person: person, nonce: parts[1], issued: issued}
		if err1 != nil || err2 != nil || !hmac.Equal([]byte(parts[3]), []byte(s.deviceMAC(e.payload()))) ||
			time.Since(time.Unix(issued, 0)) > deviceCookieLifetime {
			continue
		}
		out = append(out, e)
	}
	return out
}

// deviceCookie returns the device cookie of a browser that has just signed in to person: a new
// entry for person first, then the others the browser held, up to maxDeviceEntries.
func (s *kit) deviceCookie(h http.Header, person int64) *http.Cookie {
	fresh := deviceEntry{person: person, nonce: newSecret()[:32], issued: time.Now().Unix()}
	entries := []string{fresh.payload() + "." + s.deviceMAC(fresh.payload())}
	for _, e := range s.deviceEntries(h) {
		if e.person != person && len(entries) < maxDeviceEntries {
			entries = append(entries, e.payload()+"."+s.deviceMAC(e.payload()))
		}
	}
	return &http.Cookie{
		Name:     s.deviceCookieName(),
		Value:    strings.Join(entries, "~"),
		Path:     "/",
		MaxAge:   int(deviceCookieLifetime / time.Second),
		HttpOnly: true,
		Secure:   s.behindProxy,
		SameSite: http.SameSiteLaxMode,
	}
}

// keyedHash is an HMAC of message under the instance's cookie key, separated by purpose so that a
// value signed for one purpose is worthless for another.
func (s *kit) keyedHash(purpose, message string) []byte {
	mac := hmac.New(sha256.New, s.cookieKey)
	mac.Write([]byte(purpose))
	mac.Write([]byte{0})
	mac.Write([]byte(message))
	return mac.Sum(nil)
}
