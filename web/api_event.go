package web

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// EventsInput chooses upcoming events.
type EventsInput struct {
	Kind   string `query:"kind" enum:"techcamp,hackathon,workshop,meetup,"`
	Online bool   `query:"online" doc:"Only events one can join online."`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// EventsOutput lists upcoming published events, soonest first, without their venue or link.
type EventsOutput struct {
	Body struct {
		Events []*civhub.Event `json:"events"`
	}
}

// EventInput names an event.
type EventInput struct {
	Slug string `path:"slug" maxLength:"60"`
}

// EventOutput is an event, with the caller's registration; its venue and online link only for
// people with a place and organizers.
type EventOutput struct {
	Body struct {
		Event        *civhub.Event           `json:"event"`
		Registration *civhub.Registration    `json:"registration,omitempty"`
		Questions    []*civhub.EventQuestion `json:"questions"` // asked at registration
	}
}

// RegisterInput registers for an event, with the answers to its questions.
type RegisterInput struct {
	Slug string `path:"slug" maxLength:"60"`
	Body *struct {
		Answers map[string]string `json:"answers,omitempty" maxProperties:"10" doc:"Answers to the event's questions, by question ID (see get-event)."`
	} `required:"false"`
}

// RegistrationOutput is the caller's registration.
type RegistrationOutput struct {
	Body *civhub.Registration
}

func (s *events) registerAPI(api huma.API) {
	tags := []string{"Events"}
	huma.Register(api, huma.Operation{
		OperationID: "list-events", Method: http.MethodGet, Path: "/v1/events", Summary: "Upcoming events",
		Description: "Published events that have not ended, soonest first. Venues and online links are left out: see one event.", Tags: tags,
	}, func(ctx context.Context, in *EventsInput) (*EventsOutput, error) {
		f := civhub.EventFilter{From: time.Now(), Kind: in.Kind, Online: in.Online, Limit: in.Limit}
		if !slices.Contains(civhub.EventKinds, f.Kind) {
			f.Kind = ""
		}
		list, err := s.events.ListEvents(ctx, f)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &EventsOutput{}
		out.Body.Events = []*civhub.Event{}
		for _, e := range list {
			e.Venue, e.OnlineURL = "", ""
			out.Body.Events = append(out.Body.Events, e)
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-event", Method: http.MethodGet, Path: "/v1/events/{slug}", Summary: "One event",
		Description: "With the caller's registration, if any. The venue and the online link are shown to people with a place and to organizers.",
		Tags:        tags,
	}, func(ctx context.Context, in *EventInput) (*EventOutput, error) {
		e, mine, err := s.apiEvent(ctx, in.Slug)
		if err != nil {
			return nil, err
		}
		out := &EventOutput{}
		out.Body.Event, out.Body.Registration = e, mine
		if out.Body.Questions, err = s.events.Questions(ctx, e.ID); err != nil {
			return nil, s.apiError(ctx, err)
		}
		if out.Body.Questions == nil {
			out.Body.Questions = []*civhub.EventQuestion{}
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "register-for-event", Method: http.MethodPost, Path: "/v1/events/{slug}/registration", Summary: "Register",
		Description: "A place, or a place on the waitlist when the event is full (status waitlisted). Of people registering at once " +
			"for the last place, exactly one gets it.",
		Tags: tags, Security: bearer, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *RegisterInput) (*RegistrationOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		e, _, err := s.apiEvent(ctx, in.Slug)
		if err != nil {
			return nil, err
		}
		if !a.CanRegister(e, time.Now()) {
			if !a.Person.Verified() {
				return nil, s.apiError(ctx, civhub.ErrEmailUnconfirmed)
			}
			return nil, s.apiError(ctx, civhub.E(civhub.ECONFLICT, "err.event_closed", "This event does not take registrations now."))
		}
		var answers civhub.Answers
		if in.Body != nil {
			answers = in.Body.Answers
		}
		r, err := s.events.RegisterWithAnswers(ctx, e.ID, a.ID(), answers)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		return &RegistrationOutput{Body: r}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "cancel-event-registration", Method: http.MethodDelete, Path: "/v1/events/{slug}/registration",
		Summary: "Cancel my registration", Description: "The place it held is offered to the first person waiting.",
		Tags: tags, Security: bearer, DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *EventInput) (*struct{}, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		e, _, err := s.apiEvent(ctx, in.Slug)
		if err != nil {
			return nil, err
		}
		if err := s.events.Cancel(ctx, e.ID, a.ID(), a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return nil, nil
	})
}

// apiEvent reads an event as the API's caller may see it, with their registration; the venue and
// the link are left out for those without a place.
func (s *events) apiEvent(ctx context.Context, slug string) (*civhub.Event, *civhub.Registration, error) {
	a := callerOf(ctx).actor
	e, err := s.events.FindEvent(ctx, slug)
	if err == nil && !a.CanViewEvent(e) {
		err = errEventNotFound
	}
	if err != nil {
		return nil, nil, s.apiError(ctx, err)
	}
	var mine *civhub.Registration
	if a.SignedIn() {
		if mine, err = s.events.Registration(ctx, e.ID, a.ID()); civhub.ErrorCode(err) == civhub.ENOTFOUND {
			mine = nil
		} else if err != nil {
			return nil, nil, s.apiError(ctx, err)
		}
	}
	if !a.CanSeeWhere(e, mine) {
		e.Venue, e.OnlineURL = "", ""
	}
	return e, mine, nil
}
