package civhub

import "context"

// PlaceAlerts tells people when a place opens on a task that was full ("Tell me when a place
// opens"). A person asks once per task; when a place opens — a claim is released or runs out, a
// volunteer steps back or is let go, or the organization wants more volunteers — everyone who
// asked gets one notification (NotePlaceOpen) and their request ends, so a second opening tells
// only those who asked again.
type PlaceAlerts interface {
	// WatchTask asks that person be told when a place opens on task; asking twice changes nothing.
	// Errors: ENOTFOUND, ECONFLICT (ErrPlaceOpen) when the task has a place left, ErrTaskNotOpen
	// when it takes no volunteers, ErrJoinedAlready when the person is on it already, ErrOwnTask
	// for the organization's managers.
	WatchTask(ctx context.Context, task, person int64) error
	// UnwatchTask cancels person's request on task; without one, it does nothing.
	UnwatchTask(ctx context.Context, task, person int64) error
	// WatchesTask reports whether person asked to be told about task.
	WatchesTask(ctx context.Context, task, person int64) (bool, error)
	// TellOpenPlaces tells the people waiting on tasks that have a place again without a step of
	// the workflow (an edit asked for more volunteers, a task opened again), and returns how many
	// it told.
	TellOpenPlaces(ctx context.Context) (int, error)
}

// ErrPlaceOpen refuses to wait for a place on a task that has one now.
var ErrPlaceOpen = E(ECONFLICT, "task.full.place_open", "A place is open on this task now: take it below.")

// Full reports whether t is open but has no place left: people may ask to be told when one opens.
func (t *Task) Full() bool { return t.Status == TaskOpen && t.SlotsLeft() == 0 }
