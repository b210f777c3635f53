// Package seal encrypts the few secrets civhub must store and read back, such as the keys of
// people's authenticator apps, so that a copy of the database does not give them away. It uses
// AES-256-GCM with named keys: a sealed value carries the name of the key that sealed it, so that a
// new key can seal new values while the old keys still open what they sealed.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// KeySize is the length of a key in bytes (AES-256).
const KeySize = 32

// prefix starts every sealed value, with the format's version: values stored before they were
// sealed (base32 TOTP secrets) never start with it.
const prefix = "v1:"

// ErrCannotOpen is returned for a sealed value that no key of the keyring opens: made with a key
// that is not there, altered, or sealed for other associated data.
var ErrCannotOpen = errors.New("seal: cannot open the value with any known key")

var keyID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// Keyring holds the keys that seal and open values: the current key seals, every key opens.
type Keyring struct {
	current string
	keys    map[string]cipher.AEAD
	order   []string // the IDs as given, the current one first
}

// NewKeyring returns a keyring whose current key is key, named id (letters, digits, "-" and "_").
func NewKeyring(id string, key []byte) (*Keyring, error) {
	k := &Keyring{keys: map[string]cipher.AEAD{}}
	if err := k.add(id, key); err != nil {
		return nil, err
	}
	return k, nil
}

// ParseKeyring reads keys written one a line as ID:KEY, KEY being 32 bytes in standard base64
// (such as `head -c 32 /dev/urandom | base64` prints). The first key is the current one; the
// others only open what they sealed before. Blank lines and lines starting with # are skipped.
func ParseKeyring(text string) (*Keyring, error) {
	k := &Keyring{keys: map[string]cipher.AEAD{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, encoded, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("seal: line %d: want ID:KEY", n+1)
		}
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
		if err != nil {
			return nil, fmt.Errorf("seal: line %d: the key is not base64: %w", n+1, err)
		}
		if err := k.add(strings.TrimSpace(id), key); err != nil {
			return nil, fmt.Errorf("seal: line %d: %w", n+1, err)
		}
	}
	if len(k.order) == 0 {
		return nil, errors.New("seal: no key given")
	}
	return k, nil
}

func (k *Keyring) add(id string, key []byte) error {
	if !keyID.MatchString(id) {
		return fmt.Errorf("key ID %q: use 1 to 32 letters, digits, - and _", id)
	}
	if _, dup := k.keys[id]; dup {
		return fmt.Errorf("key ID %q given twice", id)
	}
	if len(key) != KeySize {
		return fmt.Errorf("key %q has %d bytes, want %d", id, len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return err
	}
	if k.current == "" {
		k.current = id
	}
	k.keys[id] = aead
	k.order = append(k.order, id)
	return nil
}

// With returns a keyring that seals with k's current key and also opens what other's keys sealed,
// for keys that k does not name itself.
func (k *Keyring) With(other *Keyring) *Keyring {
	out := &Keyring{current: k.current, keys: map[string]cipher.AEAD{}}
	for _, ring := range []*Keyring{k, other} {
		for _, id := range ring.order {
			if _, ok := out.keys[id]; !ok {
				out.keys[id] = ring.keys[id]
				out.order = append(out.order, id)
			}
		}
	}
	return out
}

// Current returns the name of the key that seals.
func (k *Keyring) Current() string { return k.current }

// Seal encrypts plaintext with the current key, bound to ad (associated data: what the value
// belongs to, such as a person), and returns text to store: "v1:", the key's name, ":", then the
// nonce and ciphertext in URL-safe base64.
func (k *Keyring) Seal(plaintext, ad []byte) string {
	aead := k.keys[k.current]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	rand.Read(nonce)
	sealed := aead.Seal(nonce, nonce, plaintext, ad)
	return prefix + k.current + ":" + base64.RawURLEncoding.EncodeToString(sealed)
}

// Open decrypts a value made by Seal with the same associated data, and returns the plaintext and
// the name of the key that sealed it. Errors: ErrCannotOpen.
func (k *Keyring) Open(sealed string, ad []byte) ([]byte, string, error) {
	rest, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return nil, "", ErrCannotOpen
	}
	id, encoded, ok := strings.Cut(rest, ":")
	if !ok {
		return nil, "", ErrCannotOpen
	}
	aead, ok := k.keys[id]
	if !ok {
		return nil, id, fmt.Errorf("%w: the key %q is not configured", ErrCannotOpen, id)
	}
	raw, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil || len(raw) < aead.NonceSize() {
		return nil, id, ErrCannotOpen
	}
	plaintext, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], ad)
	if err != nil {
		return nil, id, ErrCannotOpen
	}
	return plaintext, id, nil
}

// IsSealed reports whether a stored value was made by Seal, rather than stored before values were
// sealed.
func IsSealed(stored string) bool { return strings.HasPrefix(stored, prefix) }

// SealedWith reports whether a stored value was sealed with the key named id.
func SealedWith(stored, id string) bool { return strings.HasPrefix(stored, Prefix(id)) }

// Prefix returns how every value sealed with the key named id starts, for queries that look for
// values sealed with other keys.
func Prefix(id string) string { return prefix + id + ":" }
