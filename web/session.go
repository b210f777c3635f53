package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"civhub"
)

// SessionStore keeps web sessions in the database and ties them to people.
type SessionStore interface {
	scs.CtxStore
	civhub.SessionService
}

// Session keys.
const (
	sessionPerson = "person_id"
	sessionAuthAt = "auth_at" // when the person last proved who they are (Unix seconds), for re-authentication
	sessionCSRF   = "csrf"
	sessionFlash  = "flash" // a message ID shown once on the next page
)

// newSessionManager configures scs: a 14-day absolute lifetime, and on a TLS deployment a __Host-
// cookie that the browser sends only over HTTPS, to this host, for every path.
func newSessionManager(store scs.CtxStore, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.Lifetime = 14 * 24 * time.Hour
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = true
	sm.Cookie.Name = "civhub_session"
	if secure {
		sm.Cookie.Name = "__Host-civhub_session"
		sm.Cookie.Secure = true
	}
	return sm
}

// loadViewer finds the signed-in person of the request, if any. A session whose person is gone or
// disabled is ended.
func (s *kit) loadViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		requestInfoOf(r).sessionCtx = ctx
		if id := s.sessions.GetInt64(ctx, sessionPerson); id != 0 {
			p, err := s.people.FindPersonByID(ctx, id)
			switch {
			case err == nil && p.DisabledAt == nil:
				actor, err := s.actorFor(ctx, p)
				if err != nil {
					s.renderError(w, r, err)
					return
				}
				info := requestInfoOf(r)
				info.viewer, info.actor = p, actor
				if info.locale != nil {
					info.locale = info.locale.In(p.TimeZone) // pages show the viewer's local time
				}
			case err == nil || civhub.ErrorCode(err) == civhub.ENOTFOUND:
				s.sessions.Destroy(ctx)
			default:
				s.renderError(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// actorFor loads what p is to organizations, for the policy checks.
func (s *kit) actorFor(ctx context.Context, p *civhub.Person) (*civhub.Actor, error) {
	memberships, err := s.orgs.Memberships(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	trusted, err := s.orgs.TrustedBy(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return civhub.NewActor(p, memberships, trusted), nil
}

// actorOf returns the request's actor: anonymous unless someone is signed in.
func actorOf(r *http.Request) *civhub.Actor {
	if a := requestInfoOf(r).actor; a != nil {
		return a
	}
	return civhub.NewActor(nil, nil, nil)
}

// signIn starts a new session for p: a fresh token (so that a token planted before sign-in is
// worthless), committed at once and tied to p.
func (s *kit) signIn(w http.ResponseWriter, r *http.Request, p *civhub.Person) error {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessionPerson, p.ID)
	s.sessions.Put(ctx, sessionAuthAt, time.Now().Unix())
	s.sessions.Put(ctx, sessionCSRF, newSecret())
	token, _, err := s.sessions.Commit(ctx)
	if err != nil {
		return err
	}
	if err := s.sessionStore.Attach(ctx, token, p.ID, deviceOf(r.UserAgent())); err != nil {
		return err
	}
	// A language chosen on this device wins; otherwise the account's language applies from now on.
	if _, err := r.Cookie(langCookie); err != nil {
		s.setLanguageCookie(w, r, p.Locale)
	}
	return nil
}

func newSecret() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// csrfToken returns the session's form token, making one if needed. It is for pages that only a
// signed-in person sees; pages that anyone may see use formToken.
func (s *kit) csrfToken(ctx context.Context) string {
	t := s.sessions.GetString(ctx, sessionCSRF)
	if t == "" {
		t = newSecret()
		s.sessions.Put(ctx, sessionCSRF, t)
	}
	return t
}

// formToken returns the token the forms of a page carry. A signed-in session keeps its own. A visitor
// who is not signed in gets one that needs no stored session: a keyed hash of a random cookie of
// theirs (the form cookie), made on their first form and sent with the page (see render). Another
// site can neither read that cookie nor compute the hash without the instance's key.
func (s *kit) formToken(r *http.Request) string {
	ctx := r.Context()
	if t := s.sessions.GetString(ctx, sessionCSRF); t != "" {
		return t
	}
	info := requestInfoOf(r)
	if info.viewer != nil {
		return s.csrfToken(ctx)
	}
	value := s.formCookieValue(r)
	if value == "" && info.formCookie != nil {
		value = info.formCookie.Value
	}
	if value == "" {
		value = newSecret()
		info.formCookie = &http.Cookie{Name: s.formCookieName(), Value: value, Path: "/", HttpOnly: true,
			Secure: s.behindProxy, SameSite: http.SameSiteLaxMode}
	}
	return s.anonymousFormToken(value)
}

// formCookieName is __Host- prefixed on TLS deployments, so that no other host can plant one.
func (s *kit) formCookieName() string {
	if s.behindProxy {
		return "__Host-civhub_form"
	}
	return "civhub_form"
}

// formCookieValue returns the request's form cookie, or "" when it has none that civhub could have made.
func (s *kit) formCookieValue(r *http.Request) string {
	c, err := r.Cookie(s.formCookieName())
	if err != nil || len(c.Value) != 48 || strings.Trim(c.Value, "0123456789abcdef") != "" {
		return ""
	}
	return c.Value
}

func (s *kit) anonymousFormToken(cookie string) string {
	return hex.EncodeToString(s.keyedHash("form", cookie))
}

var errFormExpired = civhub.E(civhub.EFORBIDDEN, "err.form_expired", "This form has expired. Reload the page and try again.")

// checkCSRF compares the form's token with the session's, or for a visitor who is not signed in, with
// the one their form cookie gives. Cross-origin protection already refuses cross-site posts from
// modern browsers; the token also covers old browsers that send neither Sec-Fetch-Site nor Origin.
// A signed-in person's forms must carry the session's token: a form cookie that someone managed to
// plant would not do.
func (s *kit) checkCSRF(r *http.Request) error {
	got := []byte(r.PostFormValue("csrf_token"))
	if want := s.sessions.GetString(r.Context(), sessionCSRF); want != "" && subtle.ConstantTimeCompare([]byte(want), got) == 1 {
		return nil
	}
	if cookie := s.formCookieValue(r); cookie != "" && requestInfoOf(r).viewer == nil &&
		subtle.ConstantTimeCompare([]byte(s.anonymousFormToken(cookie)), got) == 1 {
		return nil
	}
	return errFormExpired
}

// flash leaves a message ID for the next page the person sees.
func (s *kit) flash(ctx context.Context, messageID string) {
	s.sessions.Put(ctx, sessionFlash, messageID)
}

// redirectWith leaves the notice messageID for the next page and sends the browser to url: the end
// of every form that worked (post, redirect, get).
func (s *kit) redirectWith(w http.ResponseWriter, r *http.Request, url, messageID string) error {
	s.flash(r.Context(), messageID)
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}

// client describes the request's origin for rate limits and the session list, without keeping the
// IP address itself: IPv4 addresses and IPv6 /64 networks are hashed with an instance secret.
func (s *kit) client(r *http.Request) civhub.Client {
	return s.clientOf(r.RemoteAddr, r.Header)
}

// clientOf is client for a peer address and request headers.
func (s *kit) clientOf(remoteAddr string, h http.Header) civhub.Client {
	return civhub.Client{IPKey: s.ipKey(s.clientIP(remoteAddr, h)), Device: deviceOf(h.Get("User-Agent")), KnownDevices: s.knownDevices(h)}
}

// clientIP returns the client's address: the peer, or behind a trusted proxy the address the proxy
// appended last to X-Forwarded-For.
func (s *kit) clientIP(remoteAddr string, h http.Header) net.IP {
	if s.behindProxy {
		hops := strings.Split(h.Get("X-Forwarded-For"), ",")
		if ip := net.ParseIP(strings.TrimSpace(hops[len(hops)-1])); ip != nil {
			return ip
		}
	}
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	return net.ParseIP(host)
}

func (s *kit) ipKey(ip net.IP) string {
	var prefix []byte
	if ip4 := ip.To4(); ip4 != nil {
		prefix = ip4
	} else if ip != nil {
		prefix = ip.Mask(net.CIDRMask(64, 128))
	}
	mac := hmac.New(sha256.New, s.ipSecret)
	mac.Write(prefix)
	return hex.EncodeToString(mac.Sum(nil))[:32]
}

// deviceOf summarizes a User-Agent as "browser on system", coarse enough to identify nobody.
func deviceOf(ua string) string {
	browser := "Browser"
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"SamsungBrowser", "Samsung Internet"}, {"Firefox/", "Firefox"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	if system == "" {
		return browser
	}
	return browser + " · " + system
}
