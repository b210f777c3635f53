// Package password hashes and checks passwords with argon2id, using the parameters OWASP recommends
// for interactive sign-in (19 MiB of memory, two passes, one lane). Hashes are stored in the PHC
// string format, so that the parameters can be raised later without breaking old hashes.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

const (
	lanes   = 1
	saltLen = 16
	keyLen  = 32
)

// cost is what a new hash costs: OWASP's 19 MiB and two passes, unless LowerCostForTests changed it.
var cost = struct {
	memoryKiB, passes uint32
}{19 * 1024, 2}

// LowerCostForTests makes new hashes cheap (64 KiB, one pass) for the rest of the program. Test
// programs that sign hundreds of people up and in under the race detector call it before their
// tests start (civhub/sqldb/sqldbtest does, for every test that opens a database); at full cost
// each hash takes about 150 ms there. Hashes keep their parameters, so Verify is unchanged. civhub
// itself never calls it.
func LowerCostForTests() {
	cost.memoryKiB, cost.passes = 64, 1
}

var b64 = base64.RawStdEncoding

// Hash returns the PHC-format argon2id hash of pw with a fresh random salt.
func Hash(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, cost.passes, cost.memoryKiB, lanes, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, cost.memoryKiB, cost.passes, lanes, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrMalformed reports a stored hash that is not a PHC argon2id string.
var ErrMalformed = errors.New("password: malformed hash")

// Verify reports whether pw matches the stored hash, comparing in constant time.
func Verify(pw, hash string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformed
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrMalformed
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false, ErrMalformed
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, ErrMalformed
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, ErrMalformed
	}
	got := argon2.IDKey([]byte(pw), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
