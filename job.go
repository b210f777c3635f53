package civhub

// Job is the argument of a background job: plain identifiers, no secrets or personal data.
type Job interface {
	Kind() string
}
