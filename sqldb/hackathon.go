package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"civhub"
)

// HackathonService implements civhub.HackathonService.
type HackathonService struct {
	db         *DB
	validSkill func(string) bool
	notes      *NotificationService // tells people a team asks them to join; nil tells nobody
}

// SetNotes makes the service tell people when a team asks them to join.
func (s *HackathonService) SetNotes(notes *NotificationService) { s.notes = notes }

// NewHackathonService returns a HackathonService on db; validSkill says which skills teams may look for.
func NewHackathonService(db *DB, validSkill func(string) bool) *HackathonService {
	return &HackathonService{db: db, validSkill: validSkill}
}

var _ civhub.HackathonService = (*HackathonService)(nil)

var (
	errTeamNotFound    = civhub.E(civhub.ENOTFOUND, "err.team_not_found", "There is no such team.")
	errProjectNotFound = civhub.E(civhub.ENOTFOUND, "err.project_not_found", "There is no such project.")
	errNoPlace         = civhub.E(civhub.ECONFLICT, "err.team_no_place", "Teams are for people with a place at the event: register first.")
	errInTeam          = civhub.E(civhub.ECONFLICT, "err.team_already", "You are in a team at this event already: leave it first.")
	errResultsOut      = civhub.E(civhub.ECONFLICT, "err.results_published", "The results are published: projects and scores no longer change.")
)

// holdsPlace reports whether person has a place at event (or came).
func holdsPlace(ctx context.Context, tx *Tx, event, person int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND person_id = $2 AND status IN ($3, $4, $5)`,
		event, person, civhub.RegRegistered, civhub.RegOffered, civhub.RegAttended).Scan(&n)
	return n == 1, err
}

// openForTeams checks that event takes teams now: published and not over.
func openForTeams(ctx context.Context, tx *Tx, event int64) (*civhub.Event, error) {
	e, err := lockEvent(ctx, tx, event)
	if err != nil {
		return nil, err
	}
	if e.Status != civhub.EventPublished || !tx.Now().Before(e.Ends) {
		return nil, civhub.E(civhub.ECONFLICT, "err.teams_closed", "Teams are formed while the event is published and not over.")
	}
	return e, nil
}

// CreateTeam implements civhub.HackathonService.
func (s *HackathonService) CreateTeam(ctx context.Context, t *civhub.Team, by int64) error {
	if err := t.Validate(s.validSkill); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := openForTeams(ctx, tx, t.EventID); err != nil {
			return err
		}
		if ok, err := holdsPlace(ctx, tx, t.EventID, by); err != nil || !ok {
			return cmp(err, errNoPlace)
		}
		if err := checkTeamChallenge(ctx, tx, t); err != nil {
			return err
		}
		t.CreatedAt = tx.Now()
		err := tx.QueryRowContext(ctx, `INSERT INTO teams (event_id, name, challenge_id, looking_for, created_at) VALUES ($1, $2, $3, $4, $5)
			RETURNING id`, t.EventID, t.Name, nullID(t.ChallengeID), list(t.LookingFor), t.CreatedAt).Scan(&t.ID)
		if isUniqueViolation(err) {
			return civhub.FieldError("name", "err.team_name_taken", "A team at this event has that name already.")
		} else if err != nil {
			return err
		}
		return addTeamMember(ctx, tx, t.ID, t.EventID, by, civhub.TeamRoleLead)
	})
}

// cmp returns err when there is one, else refusal.
func cmp(err, refusal error) error {
	if err != nil {
		return err
	}
	return refusal
}

// checkTeamChallenge checks that a team's challenge is one its event takes.
func checkTeamChallenge(ctx context.Context, tx *Tx, t *civhub.Team) error {
	if t.ChallengeID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_challenges WHERE event_id = $1 AND challenge_id = $2`, t.EventID,
		t.ChallengeID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return civhub.FieldError("challenge", "err.team_challenge", "Choose one of the event's challenges.")
	}
	return nil
}

// addTeamMember puts person in team; the unique index keeps them in one team of the event.
func addTeamMember(ctx context.Context, tx *Tx, team, event, person int64, role string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO team_members (team_id, event_id, person_id, role, joined_at) VALUES ($1, $2, $3, $4, $5)`,
		team, event, person, role, tx.Now())
	if isUniqueViolation(err) {
		return errInTeam
	}
	return err
}

// UpdateTeam implements civhub.HackathonService.
func (s *HackathonService) UpdateTeam(ctx context.Context, t *civhub.Team, by int64) error {
	if err := t.Validate(s.validSkill); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := checkTeamChallenge(ctx, tx, t); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE teams SET name = $1, challenge_id = $2, looking_for = $3 WHERE id = $4 AND event_id = $5`,
			t.Name, nullID(t.ChallengeID), list(t.LookingFor), t.ID, t.EventID)
		if isUniqueViolation(err) {
			return civhub.FieldError("name", "err.team_name_taken", "A team at this event has that name already.")
		} else if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errTeamNotFound
		}
		_, err = tx.ExecContext(ctx, `UPDATE projects SET challenge_id = $1 WHERE team_id = $2`, nullID(t.ChallengeID), t.ID)
		return err
	})
}

// lockTeam reads a team and, on PostgreSQL, locks its row: joins are taken one after the other.
func lockTeam(ctx context.Context, tx *Tx, id int64) (*civhub.Team, error) {
	t, err := scanTeam(tx.QueryRowContext(ctx, `SELECT `+teamColumns+` FROM teams t WHERE t.id = $1`+tx.db.dialect.forUpdate(), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errTeamNotFound
	}
	return t, err
}

// JoinTeam implements civhub.HackathonService.
func (s *HackathonService) JoinTeam(ctx context.Context, team, person int64, role string) error {
	if role != civhub.TeamRoleMember && role != civhub.TeamRoleMentor {
		return civhub.FieldError("role", "err.team_role", "Join as a member or as a mentor.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		t, err := lockTeam(ctx, tx, team)
		if err != nil {
			return err
		}
		if _, err := openForTeams(ctx, tx, t.EventID); err != nil {
			return err
		}
		if ok, err := holdsPlace(ctx, tx, t.EventID, person); err != nil || !ok {
			return cmp(err, errNoPlace)
		}
		var members, mentors int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN role <> $2 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN role = $2 THEN 1 ELSE 0 END), 0) FROM team_members WHERE team_id = $1`, team,
			civhub.TeamRoleMentor).Scan(&members, &mentors); err != nil {
			return err
		}
		if role == civhub.TeamRoleMember && members >= civhub.MaxTeamSize {
			return civhub.E(civhub.ECONFLICT, "err.team_full", "This team is full: join another, or start one.")
		}
		if role == civhub.TeamRoleMentor && mentors >= civhub.MaxMentors {
			return civhub.E(civhub.ECONFLICT, "err.team_mentors_full", "This team has enough mentors: offer to mentor another.")
		}
		var in int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM team_members WHERE team_id = $1 AND person_id = $2`, team, person).Scan(&in); err != nil {
			return err
		}
		if in != 0 {
			return civhub.E(civhub.ECONFLICT, "err.team_in", "You are in this team already.")
		}
		return addTeamMember(ctx, tx, team, t.EventID, person, role)
	})
}

// LeaveTeam implements civhub.HackathonService. When the lead leaves, the member who joined first
// leads.
func (s *HackathonService) LeaveTeam(ctx context.Context, team, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		t, err := lockTeam(ctx, tx, team)
		if err != nil {
			return err
		}
		var role string
		err = tx.QueryRowContext(ctx, `SELECT role FROM team_members WHERE team_id = $1 AND person_id = $2`, team, person).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.E(civhub.ECONFLICT, "err.team_not_in", "You are not in this team.")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM team_members WHERE team_id = $1 AND person_id = $2`, team, person); err != nil {
			return err
		}
		var left int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM team_members WHERE team_id = $1 AND role <> $2`, team,
			civhub.TeamRoleMentor).Scan(&left); err != nil {
			return err
		}
		if left == 0 {
			_, err := tx.ExecContext(ctx, `DELETE FROM teams WHERE id = $1`, t.ID)
			return err
		}
		if role != civhub.TeamRoleLead {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE team_members SET role = $1 WHERE team_id = $2 AND person_id = (SELECT person_id FROM team_members
			WHERE team_id = $2 AND role = $3 ORDER BY joined_at, person_id LIMIT 1)`, civhub.TeamRoleLead, team, civhub.TeamRoleMember)
		return err
	})
}

const teamColumns = `t.id, t.event_id, t.name, COALESCE(t.challenge_id, 0), t.looking_for, t.created_at`

func scanTeam(row scanner) (*civhub.Team, error) {
	t := &civhub.Team{}
	var looking list
	if err := row.Scan(&t.ID, &t.EventID, &t.Name, &t.ChallengeID, &looking, &t.CreatedAt); err != nil {
		return nil, err
	}
	t.LookingFor, t.CreatedAt = []string(looking), t.CreatedAt.UTC()
	return t, nil
}

// readTeams reads teams with their members, in two statements.
func readTeams(ctx context.Context, tx *Tx, where string, args ...any) ([]*civhub.Team, error) {
	teams, err := collect(ctx, tx, scanTeam, `SELECT `+teamColumns+` FROM teams t WHERE `+where+` ORDER BY t.created_at, t.id LIMIT 500`, args...)
	if err != nil || len(teams) == 0 {
		return teams, err
	}
	ids := make([]any, len(teams))
	byID := map[int64]*civhub.Team{}
	for i, t := range teams {
		ids[i], byID[t.ID] = t.ID, t
	}
	type row struct {
		team int64
		m    civhub.TeamMember
	}
	members, err := collect(ctx, tx, func(r scanner) (x row, err error) {
		err = r.Scan(&x.team, &x.m.PersonID, &x.m.Name, &x.m.Role)
		return
	}, `SELECT m.team_id, m.person_id, p.display_name, m.role FROM team_members m JOIN people p ON p.id = m.person_id
		WHERE m.team_id IN (`+placeholders(1, len(ids))+`) ORDER BY m.joined_at, m.person_id`, ids...)
	if err != nil {
		return nil, err
	}
	for _, x := range members {
		byID[x.team].Members = append(byID[x.team].Members, x.m)
	}
	return teams, nil
}

// Teams implements civhub.HackathonService.
func (s *HackathonService) Teams(ctx context.Context, event int64) ([]*civhub.Team, error) {
	var out []*civhub.Team
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = readTeams(ctx, tx, `t.event_id = $1`, event)
		return err
	})
	return out, err
}

// FindTeam implements civhub.HackathonService.
func (s *HackathonService) FindTeam(ctx context.Context, id int64) (*civhub.Team, error) {
	var out []*civhub.Team
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = readTeams(ctx, tx, `t.id = $1`, id)
		return err
	})
	if err == nil && len(out) == 0 {
		err = errTeamNotFound
	}
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// InviteToTeam implements civhub.HackathonService.
func (s *HackathonService) InviteToTeam(ctx context.Context, team, person, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		t, err := lockTeam(ctx, tx, team)
		if err != nil {
			return err
		}
		var looking int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM registrations r WHERE r.event_id = $1 AND r.person_id = $2 AND r.looking_for_team
			AND NOT EXISTS (SELECT 1 FROM team_members m WHERE m.event_id = r.event_id AND m.person_id = r.person_id AND m.role <> $3)`,
			t.EventID, person, civhub.TeamRoleMentor).Scan(&looking); err != nil {
			return err
		}
		if looking == 0 {
			return civhub.E(civhub.ECONFLICT, "err.team_not_looking", "This person is not looking for a team now.")
		}
		if s.notes == nil {
			return nil
		}
		return s.notes.notify(ctx, tx, person, note{kind: civhub.NoteTeamInvited, event: t.EventID, actor: by,
			dedup: "team_invited:" + strconv.FormatInt(team, 10)})
	})
}

// SetLooking implements civhub.HackathonService.
func (s *HackathonService) SetLooking(ctx context.Context, event, person int64, looking bool) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE registrations SET looking_for_team = $1 WHERE event_id = $2 AND person_id = $3
			AND status IN ($4, $5, $6)`, looking, event, person, civhub.RegRegistered, civhub.RegOffered, civhub.RegAttended)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errNoPlace
		}
		return nil
	})
}

// Looking implements civhub.HackathonService. It reads at most 200 people.
func (s *HackathonService) Looking(ctx context.Context, event int64) ([]civhub.Candidate, error) {
	var out []civhub.Candidate
	err := s.db.View(ctx, func(tx *Tx) error {
		type who struct {
			id   int64
			name string
		}
		people, err := collect(ctx, tx, func(r scanner) (w who, err error) {
			err = r.Scan(&w.id, &w.name)
			return
		}, `SELECT r.person_id, p.display_name FROM registrations r JOIN people p ON p.id = r.person_id
			WHERE r.event_id = $1 AND r.looking_for_team AND r.status IN ($2, $3, $4)
			AND NOT EXISTS (SELECT 1 FROM team_members m WHERE m.event_id = r.event_id AND m.person_id = r.person_id AND m.role <> $5)
			ORDER BY r.updated_at, r.id LIMIT 200`, event, civhub.RegRegistered, civhub.RegOffered, civhub.RegAttended, civhub.TeamRoleMentor)
		if err != nil {
			return err
		}
		for _, w := range people {
			p, err := findProfile(ctx, tx, w.id)
			if err != nil {
				return err
			}
			c := civhub.Candidate{PersonID: w.id, Name: w.name}
			if shownToMembers(p.VisibilityOf(civhub.PartSkills)) {
				c.Skills = p.Skills
			}
			if shownToMembers(p.VisibilityOf(civhub.PartLanguages)) {
				for _, l := range p.Languages {
					c.Languages = append(c.Languages, l.Code)
				}
			}
			if shownToMembers(p.VisibilityOf(civhub.PartAvailability)) {
				c.TimeZone = p.TimeZone
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// shownToMembers reports whether a part of a profile with visibility v is shown to anyone signed in.
func shownToMembers(v civhub.Visibility) bool {
	return v == civhub.VisiblePublic || v == civhub.VisibleMembers
}

const projectColumns = `pr.id, pr.event_id, pr.team_id, t.name, COALESCE(pr.challenge_id, 0), pr.title, pr.description, pr.repository,
	pr.demo_url, pr.licence, pr.submitted_at, pr.updated_at`

func scanProject(row scanner) (*civhub.Project, error) {
	p := &civhub.Project{}
	var submitted sql.NullTime
	if err := row.Scan(&p.ID, &p.EventID, &p.TeamID, &p.TeamName, &p.ChallengeID, &p.Title, &p.Description, &p.Repository, &p.DemoURL,
		&p.Licence, &submitted, &p.UpdatedAt); err != nil {
		return nil, err
	}
	p.SubmittedAt, p.UpdatedAt = timePtr(submitted), p.UpdatedAt.UTC()
	return p, nil
}

// resultsOut reports whether an event's results are published.
func resultsOut(ctx context.Context, tx *Tx, event int64) (bool, error) {
	var at sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT results_at FROM events WHERE id = $1`, event).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return false, errEventNotFound
	}
	return at.Valid, err
}

// SaveProject implements civhub.HackathonService.
func (s *HackathonService) SaveProject(ctx context.Context, p *civhub.Project, submit bool, by int64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		t, err := lockTeam(ctx, tx, p.TeamID)
		if err != nil {
			return err
		}
		if out, err := resultsOut(ctx, tx, t.EventID); err != nil || out {
			return cmp(err, errResultsOut)
		}
		p.EventID, p.ChallengeID, p.TeamName, p.UpdatedAt = t.EventID, t.ChallengeID, t.Name, tx.Now()
		var submitted any
		if submit {
			submitted = tx.Now()
		}
		res, err := tx.ExecContext(ctx, `UPDATE projects SET title = $1, description = $2, repository = $3, demo_url = $4, licence = $5,
			challenge_id = $6, submitted_at = COALESCE(submitted_at, $7), updated_at = $8 WHERE team_id = $9`, p.Title, p.Description,
			p.Repository, p.DemoURL, p.Licence, nullID(p.ChallengeID), submitted, p.UpdatedAt, p.TeamID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO projects (event_id, team_id, challenge_id, title, description, repository, demo_url,
				licence, submitted_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, p.EventID, p.TeamID,
				nullID(p.ChallengeID), p.Title, p.Description, p.Repository, p.DemoURL, p.Licence, submitted, p.UpdatedAt).Scan(&p.ID); err != nil {
				return err
			}
		}
		var at sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT id, submitted_at FROM projects WHERE team_id = $1`, p.TeamID).Scan(&p.ID, &at); err != nil {
			return err
		}
		p.SubmittedAt = timePtr(at)
		if !submit || p.ChallengeID == 0 {
			return nil
		}
		// A project handed in for an open challenge means a team works on it.
		_, err = tx.ExecContext(ctx, `UPDATE challenges SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4`,
			civhub.ChallengeInProgress, tx.Now(), p.ChallengeID, civhub.ChallengeOpen)
		return err
	})
}

// Projects implements civhub.HackathonService.
func (s *HackathonService) Projects(ctx context.Context, event int64) ([]*civhub.Project, error) {
	var out []*civhub.Project
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanProject, `SELECT `+projectColumns+` FROM projects pr JOIN teams t ON t.id = pr.team_id
			WHERE pr.event_id = $1 ORDER BY pr.submitted_at IS NULL, pr.submitted_at, pr.id LIMIT 500`, event)
		if err != nil {
			return err
		}
		return withScreenshots(ctx, tx, out...)
	})
	return out, err
}

// FindProject implements civhub.HackathonService.
func (s *HackathonService) FindProject(ctx context.Context, id int64) (*civhub.Project, error) {
	var p *civhub.Project
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		p, err = scanProject(tx.QueryRowContext(ctx, `SELECT `+projectColumns+` FROM projects pr JOIN teams t ON t.id = pr.team_id
			WHERE pr.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return errProjectNotFound
		}
		if err != nil {
			return err
		}
		return withScreenshots(ctx, tx, p)
	})
	return p, err
}

// SetCriteria implements civhub.HackathonService.
func (s *HackathonService) SetCriteria(ctx context.Context, event int64, names []string, by int64) error {
	var clean []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			clean = append(clean, n)
		}
	}
	if len(clean) == 0 || len(clean) > civhub.MaxCriteria {
		return civhub.FieldError("criteria", "err.criteria_count", "Give 1 to 10 criteria, one a line.")
	}
	for _, n := range clean {
		if utf8.RuneCountInString(n) > 80 {
			return civhub.FieldError("criteria", "err.criteria_long", "Keep each criterion under 80 characters.")
		}
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := lockEvent(ctx, tx, event); err != nil {
			return err
		}
		var scored int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM scores sc JOIN criteria c ON c.id = sc.criterion_id WHERE c.event_id = $1`,
			event).Scan(&scored); err != nil {
			return err
		}
		if scored != 0 {
			return civhub.E(civhub.ECONFLICT, "err.criteria_scored", "Judges have scored already: the criteria no longer change.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM criteria WHERE event_id = $1`, event); err != nil {
			return err
		}
		for i, n := range clean {
			if _, err := tx.ExecContext(ctx, `INSERT INTO criteria (event_id, position, name) VALUES ($1, $2, $3)`, event, i+1, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// Criteria implements civhub.HackathonService.
func (s *HackathonService) Criteria(ctx context.Context, event int64) ([]*civhub.Criterion, error) {
	var out []*civhub.Criterion
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, func(r scanner) (*civhub.Criterion, error) {
			c := &civhub.Criterion{EventID: event}
			return c, r.Scan(&c.ID, &c.Position, &c.Name)
		}, `SELECT id, position, name FROM criteria WHERE event_id = $1 ORDER BY position, id`, event)
		return err
	})
	return out, err
}

// AddJudge implements civhub.HackathonService.
func (s *HackathonService) AddJudge(ctx context.Context, event, person int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := lockEvent(ctx, tx, event); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM judges WHERE event_id = $1`, event).Scan(&n); err != nil {
			return err
		}
		if n >= civhub.MaxJudges {
			return civhub.FieldError("email", "err.judges_full", "An event has at most 30 judges.")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO judges (event_id, person_id) VALUES ($1, $2) ON CONFLICT (event_id, person_id) DO NOTHING`,
			event, person)
		return err
	})
}

// RemoveJudge implements civhub.HackathonService.
func (s *HackathonService) RemoveJudge(ctx context.Context, event, person int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM scores WHERE judge_id = $1 AND project_id IN (SELECT id FROM projects WHERE event_id = $2)`,
			person, event); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM judges WHERE event_id = $1 AND person_id = $2`, event, person)
		return err
	})
}

// Judges implements civhub.HackathonService.
func (s *HackathonService) Judges(ctx context.Context, event int64) ([]civhub.Judge, error) {
	var out []civhub.Judge
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, func(r scanner) (j civhub.Judge, err error) {
			err = r.Scan(&j.PersonID, &j.Name)
			return
		}, `SELECT j.person_id, p.display_name FROM judges j JOIN people p ON p.id = j.person_id WHERE j.event_id = $1 ORDER BY p.display_name, j.person_id LIMIT 100`, event)
		return err
	})
	return out, err
}

// conflictOf is the SQL that says why judge $2 may not score project pr: the same rule as
// civhub.MayJudge, kept in the statement too.
const conflictOf = `CASE WHEN EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = pr.team_id AND tm.person_id = $2) THEN 'team'
	WHEN EXISTS (SELECT 1 FROM challenges ch JOIN memberships m ON m.organization_id = ch.organization_id
		WHERE ch.id = pr.challenge_id AND m.person_id = $2) THEN 'organization' ELSE '' END`

// ScoreProject implements civhub.HackathonService.
func (s *HackathonService) ScoreProject(ctx context.Context, project, judge int64, scores map[int64]int) error {
	for _, v := range scores {
		if v < 1 || v > 5 {
			return civhub.FieldError("score", "err.score_range", "Score each criterion from 1 to 5.")
		}
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var event int64
		var conflict string
		err := tx.QueryRowContext(ctx, `SELECT pr.event_id, `+conflictOf+` FROM projects pr WHERE pr.id = $1 AND pr.submitted_at IS NOT NULL`,
			project, judge).Scan(&event, &conflict)
		if errors.Is(err, sql.ErrNoRows) {
			return errProjectNotFound
		} else if err != nil {
			return err
		}
		if out, err := resultsOut(ctx, tx, event); err != nil || out {
			return cmp(err, errResultsOut)
		}
		var isJudge int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM judges WHERE event_id = $1 AND person_id = $2`, event, judge).Scan(&isJudge); err != nil {
			return err
		}
		if isJudge == 0 {
			return civhub.E(civhub.EFORBIDDEN, "err.not_judge", "Only the event's judges score its projects.")
		}
		if conflict != "" {
			return civhub.E(civhub.EFORBIDDEN, "err.judge_conflict", "You may not score this project: you are in its team or belong to the organization whose challenge it answers.")
		}
		criteria, err := collect1[int64](ctx, tx, `SELECT id FROM criteria WHERE event_id = $1`, event)
		if err != nil {
			return err
		}
		if len(scores) != len(criteria) {
			return civhub.FieldError("score", "err.score_all", "Score every criterion.")
		}
		for c, v := range scores {
			if !slices.Contains(criteria, c) {
				return civhub.FieldError("score", "err.score_all", "Score every criterion.")
			}
			// The conflict is checked again in the statement that writes the score.
			res, err := tx.ExecContext(ctx, `INSERT INTO scores (project_id, judge_id, criterion_id, score, scored_at)
				SELECT pr.id, $2, $3, $4, $5 FROM projects pr WHERE pr.id = $1 AND `+conflictOf+` = ''
				ON CONFLICT (project_id, judge_id, criterion_id) DO UPDATE SET score = excluded.score, scored_at = excluded.scored_at`,
				project, judge, c, v, tx.Now())
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return civhub.E(civhub.EFORBIDDEN, "err.judge_conflict", "You may not score this project: you are in its team or belong to the organization whose challenge it answers.")
			}
		}
		return nil
	})
}

// Scores implements civhub.HackathonService.
func (s *HackathonService) Scores(ctx context.Context, event, judge int64) ([]civhub.Score, error) {
	var out []civhub.Score
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, func(r scanner) (sc civhub.Score, err error) {
			err = r.Scan(&sc.ProjectID, &sc.CriterionID, &sc.Value)
			sc.JudgeID = judge
			return
		}, `SELECT sc.project_id, sc.criterion_id, sc.score FROM scores sc JOIN projects pr ON pr.id = sc.project_id
			WHERE pr.event_id = $1 AND sc.judge_id = $2 LIMIT 5000`, event, judge)
		return err
	})
	return out, err
}

// Conflicts implements civhub.HackathonService.
func (s *HackathonService) Conflicts(ctx context.Context, event, judge int64) (map[int64]civhub.Conflict, error) {
	out := map[int64]civhub.Conflict{}
	err := s.db.View(ctx, func(tx *Tx) error {
		type row struct {
			id int64
			c  string
		}
		rows, err := collect(ctx, tx, func(r scanner) (x row, err error) {
			err = r.Scan(&x.id, &x.c)
			return
		}, `SELECT pr.id, `+conflictOf+` FROM projects pr WHERE pr.event_id = $1 LIMIT 500`, event, judge)
		for _, x := range rows {
			if x.c != "" {
				out[x.id] = civhub.Conflict(x.c)
			}
		}
		return err
	})
	return out, err
}

// Results implements civhub.HackathonService.
func (s *HackathonService) Results(ctx context.Context, event int64) ([]*civhub.Result, error) {
	var out []*civhub.Result
	err := s.db.View(ctx, func(tx *Tx) error {
		projects, err := collect(ctx, tx, scanProject, `SELECT `+projectColumns+` FROM projects pr JOIN teams t ON t.id = pr.team_id
			WHERE pr.event_id = $1 AND pr.submitted_at IS NOT NULL ORDER BY pr.id`, event)
		if err != nil {
			return err
		}
		byID := map[int64]*civhub.Result{}
		for _, p := range projects {
			r := &civhub.Result{Project: p, Means: map[int64]float64{}, Awards: []string{}}
			out, byID[p.ID] = append(out, r), r
		}
		type mean struct {
			project, criterion int64
			avg                float64
			n                  int
		}
		means, err := collect(ctx, tx, func(r scanner) (m mean, err error) {
			err = r.Scan(&m.project, &m.criterion, &m.avg, &m.n)
			return
		}, `SELECT sc.project_id, sc.criterion_id, AVG(CAST(sc.score AS REAL)), COUNT(*) FROM scores sc JOIN projects pr ON pr.id = sc.project_id
			WHERE pr.event_id = $1 GROUP BY sc.project_id, sc.criterion_id`, event)
		if err != nil {
			return err
		}
		for _, m := range means {
			if r := byID[m.project]; r != nil {
				r.Means[m.criterion], r.Scores = m.avg, r.Scores+m.n
			}
		}
		for _, r := range out {
			sum := 0.0
			for _, v := range r.Means {
				sum += v
			}
			if len(r.Means) > 0 {
				r.Overall = sum / float64(len(r.Means))
			}
		}
		awards, err := collect(ctx, tx, func(r scanner) (a struct {
			project int64
			name    string
		}, err error) {
			err = r.Scan(&a.project, &a.name)
			return
		}, `SELECT a.project_id, a.name FROM awards a JOIN projects pr ON pr.id = a.project_id WHERE pr.event_id = $1 ORDER BY a.id`, event)
		if err != nil {
			return err
		}
		for _, a := range awards {
			if r := byID[a.project]; r != nil {
				r.Awards = append(r.Awards, a.name)
			}
		}
		civhub.Rank(out)
		return nil
	})
	return out, err
}

// Award implements civhub.HackathonService.
func (s *HackathonService) Award(ctx context.Context, project int64, name string, by int64) error {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 2 || n > 80 {
		return civhub.FieldError("award", "err.award_name", "Name the award in 2 to 80 characters.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO awards (project_id, name) VALUES ($1, $2) ON CONFLICT (project_id, name) DO NOTHING`, project, name)
		return err
	})
}

// PublishResults implements civhub.HackathonService.
func (s *HackathonService) PublishResults(ctx context.Context, event int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE events SET results_at = COALESCE(results_at, $1) WHERE id = $2`, tx.Now(), event)
		return err
	})
}

var errNotTeamMember = civhub.E(civhub.EFORBIDDEN, "err.team_members_only", "Only the team's members do this.")

// screenshotLimit bounds the screenshots one person adds in a day.
var screenshotLimit = newLimit("screenshot", 40, 24*time.Hour)

// teamProjectFor locks a team whose member by is, and returns its project's ID and event while
// projects may still change.
func teamProjectFor(ctx context.Context, tx *Tx, team, by int64) (int64, error) {
	t, err := lockTeam(ctx, tx, team)
	if err != nil {
		return 0, err
	}
	var role string
	err = tx.QueryRowContext(ctx, `SELECT role FROM team_members WHERE team_id = $1 AND person_id = $2`, team, by).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) || role == civhub.TeamRoleMentor {
		return 0, errNotTeamMember
	}
	if err != nil {
		return 0, err
	}
	if out, err := resultsOut(ctx, tx, t.EventID); err != nil || out {
		return 0, cmp(err, errResultsOut)
	}
	var project int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM projects WHERE team_id = $1`, team).Scan(&project)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, civhub.E(civhub.ENOTFOUND, "err.project_first", "Save the project first, then add its screenshots.")
	}
	return project, err
}

// AddScreenshot implements civhub.HackathonService.
func (s *HackathonService) AddScreenshot(ctx context.Context, team int64, png, thumb []byte, alt string, by int64) (*civhub.Screenshot, error) {
	alt, err := civhub.CheckScreenshotAlt(alt)
	if err != nil {
		return nil, err
	}
	shot := &civhub.Screenshot{Alt: alt}
	err = s.db.Update(ctx, func(tx *Tx) error {
		project, err := teamProjectFor(ctx, tx, team, by)
		if err != nil {
			return err
		}
		taken, err := collect1[int](ctx, tx, `SELECT position FROM project_screenshots WHERE project_id = $1`, project)
		if err != nil {
			return err
		}
		place := 0
		for i := 1; i <= civhub.MaxScreenshots && place == 0; i++ {
			if !slices.Contains(taken, i) {
				place = i
			}
		}
		if place == 0 {
			return civhub.E(civhub.ECONFLICT, "err.screenshots_full", "A project has at most 4 screenshots: remove one first.")
		}
		if err := hit(ctx, tx, screenshotLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO project_screenshots (project_id, position, alt, data, thumb, added_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, project, place, alt, png, thumb, by, tx.Now()).Scan(&shot.ID)
	})
	if err != nil {
		return nil, err
	}
	return shot, nil
}

// RemoveScreenshot implements civhub.HackathonService.
func (s *HackathonService) RemoveScreenshot(ctx context.Context, team, id, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		project, err := teamProjectFor(ctx, tx, team, by)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM project_screenshots WHERE id = $1 AND project_id = $2`, id, project)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoScreenshot
		}
		return nil
	})
}

var errNoScreenshot = civhub.E(civhub.ENOTFOUND, "err.no_file", "There is no such file.")

// ScreenshotImage implements civhub.HackathonService.
func (s *HackathonService) ScreenshotImage(ctx context.Context, project, id int64, small bool) ([]byte, error) {
	column := "data"
	if small {
		column = "thumb"
	}
	var data []byte
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT `+column+` FROM project_screenshots WHERE id = $1 AND project_id = $2`, id, project).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoScreenshot
		}
		return err
	})
	return data, err
}

// withScreenshots fills in the screenshots of projects, in their places.
func withScreenshots(ctx context.Context, tx *Tx, projects ...*civhub.Project) error {
	if len(projects) == 0 {
		return nil
	}
	byID := map[int64]*civhub.Project{}
	var args sqlArgs
	var ids []string
	for _, p := range projects {
		byID[p.ID] = p
		ids = append(ids, args.add(p.ID))
	}
	rows, err := tx.QueryContext(ctx, `SELECT project_id, id, alt FROM project_screenshots WHERE project_id IN (`+strings.Join(ids, ", ")+`)
		ORDER BY project_id, position`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var project int64
		var shot civhub.Screenshot
		if err := rows.Scan(&project, &shot.ID, &shot.Alt); err != nil {
			return err
		}
		byID[project].Screenshots = append(byID[project].Screenshots, shot)
	}
	return rows.Err()
}
