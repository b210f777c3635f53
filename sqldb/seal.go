package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"civhub/seal"
)

// The secrets of authenticator apps are stored sealed (see package seal), bound to their person. The
// keys come from main (SetKeys). Without them, and to open what was sealed before any were
// configured, the database has a key of its own, made on first use: it keeps a leaked table or
// dump of people from giving the secrets away, but not a copy of the whole database, which is why
// operators give civhub a key kept elsewhere.

// localKeyID names the database's own key in sealed values.
const localKeyID = "db"

// SetKeys gives db the keys that seal the secrets it stores: the keyring's current key seals, all
// of them open.
func (db *DB) SetKeys(k *seal.Keyring) {
	db.keysMu.Lock()
	defer db.keysMu.Unlock()
	db.sealKeys, db.keyring = k, nil
}

// keys returns the keyring that seals and opens stored secrets: the keys given to SetKeys, if any,
// and the database's own key. It reads the database (in a transaction of its own), so callers get
// it before they begin theirs.
func (db *DB) keys(ctx context.Context) (*seal.Keyring, error) {
	db.keysMu.Lock()
	defer db.keysMu.Unlock()
	if db.keyring != nil {
		return db.keyring, nil
	}
	secret, err := db.Secret(ctx, "seal")
	if err != nil {
		return nil, err
	}
	local, err := seal.NewKeyring(localKeyID, secret)
	if err != nil {
		return nil, err
	}
	db.keyring = local
	if db.sealKeys != nil {
		db.keyring = db.sealKeys.With(local)
	}
	return db.keyring, nil
}

// totpData binds a sealed TOTP secret to its person, so that a sealed value copied into another
// person's row does not open.
func totpData(person int64) []byte { return []byte("totp:" + strconv.FormatInt(person, 10)) }

// setupData binds a sealed set-up secret to its person.
func setupData(person int64) []byte { return []byte("totp-setup:" + strconv.FormatInt(person, 10)) }

// SealSetupSecret implements civhub.AccountService.
func (s *AccountService) SealSetupSecret(ctx context.Context, person int64, secret string) (string, error) {
	keys, err := s.db.keys(ctx)
	if err != nil {
		return "", err
	}
	return keys.Seal([]byte(secret), setupData(person)), nil
}

// OpenSetupSecret implements civhub.AccountService.
func (s *AccountService) OpenSetupSecret(ctx context.Context, person int64, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	keys, err := s.db.keys(ctx)
	if err != nil {
		return "", err
	}
	secret, _, err := keys.Open(sealed, setupData(person))
	if err != nil {
		return "", nil // another person's, or sealed with a key now gone: start again
	}
	return string(secret), nil
}

// openTOTP returns the TOTP secret stored for person, and whether it should be sealed again: it was
// stored before secrets were sealed, or with a key that no longer seals.
func openTOTP(keys *seal.Keyring, person int64, stored string) (secret string, stale bool, err error) {
	if !seal.IsSealed(stored) {
		return stored, stored != "", nil
	}
	plain, id, err := keys.Open(stored, totpData(person))
	if err != nil {
		return "", false, fmt.Errorf("two-factor secret of person %d: %w", person, err)
	}
	return string(plain), id != keys.Current(), nil
}

// resealBatch is how many people ResealSecrets reads at a time.
const resealBatch = 500

// ResealSecrets seals with the current key every stored TOTP secret that is still in plain text
// (stored before secrets were sealed) or sealed with another key, and returns how many it sealed
// again. Secrets that no configured key opens are left as they are and reported in the error. It is
// safe to run on several nodes at once: a row changed meanwhile is left to the node that changed it.
func (db *DB) ResealSecrets(ctx context.Context) (int, error) {
	keys, err := db.keys(ctx)
	if err != nil {
		return 0, err
	}
	var resealed, unreadable int
	var after int64
	for {
		type row struct {
			id     int64
			stored string
		}
		var rows []row
		err := db.View(ctx, func(tx *Tx) error {
			r, err := tx.QueryContext(ctx, `SELECT id, totp_secret FROM people WHERE id > $1 AND totp_secret <> ''
				AND totp_secret NOT LIKE $2 ESCAPE '\' ORDER BY id LIMIT $3`, after, likePrefix(seal.Prefix(keys.Current())), resealBatch)
			if err != nil {
				return err
			}
			defer r.Close()
			for r.Next() {
				var x row
				if err := r.Scan(&x.id, &x.stored); err != nil {
					return err
				}
				rows = append(rows, x)
			}
			return r.Err()
		})
		if err != nil || len(rows) == 0 {
			return resealed, errors.Join(err, unreadableError(unreadable))
		}
		err = db.Update(ctx, func(tx *Tx) error {
			for _, x := range rows {
				secret, stale, err := openTOTP(keys, x.id, x.stored)
				if err != nil {
					unreadable++
					continue
				}
				if !stale {
					continue
				}
				res, err := tx.ExecContext(ctx, `UPDATE people SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3`,
					keys.Seal([]byte(secret), totpData(x.id)), x.id, x.stored)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n == 1 {
					resealed++
				}
			}
			return nil
		})
		if err != nil {
			return resealed, err
		}
		after = rows[len(rows)-1].id
	}
}

func unreadableError(n int) error {
	if n == 0 {
		return nil
	}
	return fmt.Errorf("%d two-factor secrets are sealed with a key that is not configured: %w", n, seal.ErrCannotOpen)
}
