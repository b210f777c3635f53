package civhub

import (
	"strings"
	"sync"
	"time"
)

// ValidTimeZone reports whether zone is "" (not given) or an IANA zone name such as
// America/Santiago; abbreviations such as CET and offsets are refused, being wrong half the year.
func ValidTimeZone(zone string) bool {
	if zone == "" {
		return true
	}
	_, err := loadZone(zone)
	return err == nil && strings.Contains(zone, "/")
}

// Location returns the zone named name, or UTC when name is "" or no zone: times are shown, and
// digests sent, in UTC for people who gave no zone.
func Location(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	loc, err := loadZone(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

var zones sync.Map // name → *time.Location: loading a zone parses its rules, and scoring asks often

func loadZone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// Working hours, local time, for the overlap of two time zones.
const (
	workStart = 9
	workEnd   = 18
)

// WorkingOverlap returns how many of the working hours (9:00 to 18:00) of zones a and b fall at the
// same time on the day of at, from 0 to 9; ok is false when either zone is unknown.
func WorkingOverlap(a, b string, at time.Time) (hours int, ok bool) {
	la, errA := loadZone(a)
	lb, errB := loadZone(b)
	if a == "" || b == "" || errA != nil || errB != nil {
		return 0, false
	}
	_, offA := at.In(la).Zone()
	_, offB := at.In(lb).Zone()
	// Both days in UTC seconds: [start-off, end-off).
	startA, endA := workStart*3600-offA, workEnd*3600-offA
	startB, endB := workStart*3600-offB, workEnd*3600-offB
	best := 0
	// The other zone's day may fall on the day before or after.
	for _, shift := range []int{-86400, 0, 86400} {
		lo, hi := max(startA, startB+shift), min(endA, endB+shift)
		best = max(best, hi-lo)
	}
	return best / 3600, true
}
