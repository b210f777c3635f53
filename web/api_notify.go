package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// NotificationsInput pages through the caller's notifications, newest first.
type NotificationsInput struct {
	Before int64 `query:"before" minimum:"0" doc:"Only notifications older than this ID: the next_before of the previous page."`
	Unread bool  `query:"unread" doc:"Only unread notifications."`
	Limit  int   `query:"limit" minimum:"1" maximum:"100" default:"30"`
}

type apiNotification struct {
	*civhub.Notification
	Text string `json:"text" doc:"What happened, in the language of Accept-Language."`
	URL  string `json:"url" doc:"The page it is about, relative to the site."`
}

// NotificationsOutput is one page of notifications.
type NotificationsOutput struct {
	Body struct {
		Notifications []apiNotification `json:"notifications"`
		NextBefore    int64             `json:"next_before,omitempty" doc:"Pass as before for the next page; absent on the last page."`
	}
}

type apiNoteSetting struct {
	civhub.NoteSetting
	Action bool `json:"action" doc:"Whether this kind asks you to act: only those may be sent at once."`
}

// NoteSettingsOutput lists the caller's choice for every kind of notification on every channel.
type NoteSettingsOutput struct {
	Body struct {
		Settings []apiNoteSetting `json:"settings"`
	}
}

// NoteSettingsInput changes some of the caller's choices; kinds and channels not sent keep theirs.
type NoteSettingsInput struct {
	Body struct {
		Settings []civhub.NoteSetting `json:"settings" minItems:"1" maxItems:"200" doc:"delivery: now, daily, weekly or off (in the inbox only); daily and weekly on email only."`
	}
}

func (s *notifications) noteSettingsOutput(ctx context.Context, person int64) (*NoteSettingsOutput, error) {
	list, err := s.notes.NoteSettings(ctx, person)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &NoteSettingsOutput{}
	out.Body.Settings = make([]apiNoteSetting, 0, len(list))
	for _, st := range list {
		kind, _ := civhub.FindNoteKind(st.Kind)
		out.Body.Settings = append(out.Body.Settings, apiNoteSetting{NoteSetting: st, Action: kind.Action})
	}
	return out, nil
}

func (s *notifications) registerNotificationAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "get-notification-settings", Method: http.MethodGet, Path: "/v1/me/notification-settings",
		Summary: "Your notification settings", Tags: []string{"Notifications"}, Security: bearer,
		Description: "How each kind of notification reaches you on each channel: at once, in a daily or weekly digest, or only in the inbox.",
	}, func(ctx context.Context, _ *struct{}) (*NoteSettingsOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		return s.noteSettingsOutput(ctx, a.ID())
	})
	huma.Register(api, huma.Operation{
		OperationID: "set-notification-settings", Method: http.MethodPatch, Path: "/v1/me/notification-settings",
		Summary: "Change notification settings", Tags: []string{"Notifications"}, Security: bearer,
		Description: "Changes the settings sent and answers with all of them. Nothing changes when one is refused (400 names it).",
	}, func(ctx context.Context, in *NoteSettingsInput) (*NoteSettingsOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		if err := s.notes.SetNoteSettings(ctx, a.ID(), in.Body.Settings); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return s.noteSettingsOutput(ctx, a.ID())
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-notifications", Method: http.MethodGet, Path: "/v1/me/notifications", Summary: "Your notifications",
		Description: "Your inbox, newest first, in pages: what happened on your tasks and your organizations' tasks.",
		Tags:        []string{"Notifications"}, Security: bearer,
	}, func(ctx context.Context, in *NotificationsInput) (*NotificationsOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		list, err := s.notes.Notifications(ctx, a.ID(), in.Before, in.Unread, in.Limit+1)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		l := localeOf(ctx).locale
		if l == nil {
			l = s.catalog.Locales()[0]
		}
		out := &NotificationsOutput{}
		out.Body.Notifications = []apiNotification{}
		if len(list) > in.Limit {
			list = list[:in.Limit]
			out.Body.NextBefore = list[len(list)-1].ID
		}
		for _, n := range list {
			out.Body.Notifications = append(out.Body.Notifications, apiNotification{Notification: n, Text: noteText(l, n), URL: n.Path()})
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "read-notifications", Method: http.MethodPost, Path: "/v1/me/notifications/read", Summary: "Mark all read",
		Description: "Marks every notification of yours read.", DefaultStatus: http.StatusNoContent,
		Tags: []string{"Notifications"}, Security: bearer,
	}, func(ctx context.Context, _ *struct{}) (*struct{}, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		if err := s.notes.ReadAllNotifications(ctx, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return nil, nil
	})
}
