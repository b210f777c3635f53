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

func (s *Server) registerNotificationAPI(api huma.API) {
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
