package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func TestTaskConversation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Traducir el plan", "data_entry", 1)
		other := w.task(t, "Revisar la lista", "data_entry", 1)
		priya := verifiedPerson(t, db, "priya@example.org")

		if err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: task.ID, AuthorID: priya.ID, Body: " \n "}); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an empty message: %v, want EINVALID", err)
		}
		if err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: task.ID, AuthorID: priya.ID, Body: strings.Repeat("é", 5001)}); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an overlong message: %v, want EINVALID", err)
		}
		if err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: 999999, AuthorID: priya.ID, Body: "Hola"}); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("a message to no task: %v, want ENOTFOUND", err)
		}
		first := &civhub.TaskMessage{TaskID: task.ID, AuthorID: priya.ID, Body: "  ¿Qué glosario usan?  "}
		if err := w.needs.PostTaskMessage(ctx, first); err != nil || first.ID == 0 || first.CreatedAt.IsZero() {
			t.Fatalf("post: %v, %+v", err, first)
		}
		if err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: task.ID, AuthorID: w.owner.ID, FromOrg: true, Body: "El de la ONEMI."}); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: other.ID, AuthorID: w.owner.ID, FromOrg: true, Body: "Otra tarea."}); err != nil {
			t.Fatal(err)
		}
		list, err := w.needs.TaskMessages(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Body != "¿Qué glosario usan?" || list[0].Author == "" || list[0].FromOrg ||
			list[1].Body != "El de la ONEMI." || !list[1].FromOrg || list[1].AuthorID != w.owner.ID {
			t.Fatalf("conversation = %+v", list)
		}

		// Too many messages too fast are refused with the time to wait, and nothing is stored.
		posted := 0
		for ; ; posted++ {
			err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: other.ID, AuthorID: priya.ID, Body: "¿Y ahora?"})
			if err == nil {
				continue
			}
			var e *civhub.Error
			if civhub.ErrorCode(err) != civhub.ETOOMANY || posted < 10 || posted > 120 || !errors.As(err, &e) || e.RetryAfter <= 0 {
				t.Fatalf("after %d messages: %v, want ETOOMANY with a time to wait", posted, err)
			}
			break
		}
		got, _ := w.needs.TaskMessages(ctx, other.ID)
		if len(got) != posted+1 { // the organization's message and priya's accepted ones
			t.Fatalf("%d messages stored, want %d", len(got), posted+1)
		}
	})
}
