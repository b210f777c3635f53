package civhub

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// APITokenPrefix starts every personal API token, so that leaked tokens are easy to recognize and
// to search for.
const APITokenPrefix = "civhub_"

// APIToken is a personal API token: a person's key for scripts and apps, shown once when made and
// stored only as a hash.
type APIToken struct {
	ID         int64
	PersonID   int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// ValidateTokenName checks a token's name.
func ValidateTokenName(name string) error {
	if n := utf8.RuneCountInString(strings.TrimSpace(name)); n < 1 || n > 60 {
		return FieldError("name", "err.token_name_length", "Give the token a name of 1 to 60 characters.")
	}
	return nil
}

// TokenService manages personal API tokens.
type TokenService interface {
	// CreateToken makes a token named name for person and returns it (the only time it is seen).
	// Errors: EINVALID, ECONFLICT when the person has 20 tokens already.
	CreateToken(ctx context.Context, person int64, name string) (string, *APIToken, error)
	// Tokens lists person's tokens, newest first.
	Tokens(ctx context.Context, person int64) ([]*APIToken, error)
	// RevokeToken deletes person's token id. Errors: ENOTFOUND.
	RevokeToken(ctx context.Context, person, id int64) error
	// PersonForToken returns the person a token belongs to and notes its use. Errors:
	// EUNAUTHORIZED for an unknown token or a disabled account.
	PersonForToken(ctx context.Context, token string) (*Person, error)
}
