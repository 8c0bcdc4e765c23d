package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"casemanager/cdop"
)

var _ cdop.MeetingService = (*DB)(nil)

// The audit rows' actions of meetings, the catalogue and recommendations.
// Rows of meetingAction, recommendationAction and catalogueAction are about
// no case (case_id NULL); agendaAction and signOffAction rows are about the
// case on the agenda.
const (
	meetingAction        = "meeting"
	agendaAction         = "agenda"
	signOffAction        = "signoff"
	recommendationAction = "recommendation"
	catalogueAction      = "catalogue"
)

// Meetings returns every meeting, latest first, each with its agenda in
// order and the reference of each case on it.
func (db *DB) Meetings(ctx context.Context) ([]*cdop.Meeting, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	meetings, err := findMeetings(ctx, tx, "ORDER BY held_on DESC, starts_at DESC, id DESC")
	if err != nil {
		return nil, err
	}
	return meetings, fillAgendas(ctx, tx, meetings, "")
}

// Meeting returns the meeting with an ID, with its agenda, or an ENOTFOUND error.
func (db *DB) Meeting(ctx context.Context, id int64) (*cdop.Meeting, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findMeeting(ctx, tx, id)
}

// SaveMeeting validates a meeting's details and attendees and adds it (when
// its ID is 0, which is then set) or stores them over the meeting with its
// ID, with an audit row about no case. The agenda is not saved here (see
// AddToAgenda and the decisions): m.Agenda is ignored. It refuses
// (ECONFLICT) to change the kind of a meeting with cases on its agenda, or
// the date of one that has signed a case off, since the cases record that
// date. On success m holds what is stored, with its agenda.
func (db *DB) SaveMeeting(ctx context.Context, m *cdop.Meeting) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := saveMeeting(ctx, tx, m)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*m = *stored
	return nil
}

func saveMeeting(ctx context.Context, tx *tx, m *cdop.Meeting) (*cdop.Meeting, error) {
	n, err := cdop.PrepareMeeting(m)
	if err != nil {
		return nil, err
	}
	var old *cdop.Meeting
	if n.ID != 0 {
		if old, err = findMeeting(ctx, tx, n.ID); err != nil {
			return nil, err
		}
		if err := cdop.CheckMeetingChange(old, n); err != nil {
			return nil, err
		}
		n.Agenda, n.WithoutQuorum = old.Agenda, old.WithoutQuorum
	}
	attendees, err := json.Marshal(n.Attendees)
	if err != nil {
		return nil, err
	}
	values := []any{n.Kind, n.On.String(), nullable(n.StartsAt), nullable(n.Place), nullable(n.Chair), string(attendees), nil}

	if old == nil {
		res, err := tx.ExecContext(ctx, `INSERT INTO meetings (kind, held_on, starts_at, place, chair, attendees)
			VALUES (?, ?, ?, ?, ?, ?)`, values[:6]...)
		if err != nil {
			return nil, fmt.Errorf("add the %s: %w", n.Name(), err)
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return nil, err
		}
		if err := writeSealed(ctx, tx, meetingNotes, idKey(n.ID), n.Notes); err != nil {
			return nil, err
		}
	}
	notes, err := sealFor(ctx, tx, meetingNotes, idKey(n.ID), n.Notes)
	if err != nil {
		return nil, err
	}
	values[6] = nullable(notes)
	changes := diffRecord("meeting_id", n.ID, meetingFields(old), meetingFields(n))
	if len(changes) == 0 {
		return n, nil
	}
	if old != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET kind = ?, held_on = ?, starts_at = ?, place = ?, chair = ?,
			attendees = ?, notes = ? WHERE id = ?`, append(values, n.ID)...); err != nil {
			return nil, fmt.Errorf("update the %s: %w", n.Name(), err)
		}
	}
	if err := insertAudit(ctx, tx, "", meetingAction, changes); err != nil {
		return nil, err
	}
	return n, nil
}

// meetingFields returns what a meeting's audit rows compare, or nil for none.
func meetingFields(m *cdop.Meeting) []field {
	if m == nil {
		return nil
	}
	attendees := make([]string, len(m.Attendees))
	for i, a := range m.Attendees {
		s := a.Name
		if a.Role != "" {
			s += " (" + a.Role + ")"
		}
		s += ", " + cdop.AgencyTypes.Label(a.AgencyType)
		if a.Agency != "" {
			s += ": " + a.Agency
		}
		attendees[i] = s
	}
	return []field{
		{"kind", string(m.Kind)},
		{"on", m.On.String()},
		{"starts_at", m.StartsAt},
		{"place", m.Place},
		{"chair", m.Chair},
		{"attendees", strings.Join(attendees, cdop.ListSeparator)},
		{"notes", m.Notes},
	}
}

// AddToAgenda puts a case at the end of a meeting's agenda, not yet
// discussed, with an audit row on the case, when the meeting's
// CanAddToAgenda allows it (its error is returned as it is). The meeting and
// the case must exist (ENOTFOUND).
func (db *DB) AddToAgenda(ctx context.Context, meetingID int64, caseID string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := addToAgenda(ctx, tx, meetingID, caseID); err != nil {
		return err
	}
	return tx.Commit()
}

func addToAgenda(ctx context.Context, tx *tx, meetingID int64, caseID string) error {
	m, err := findMeeting(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	c, err := findCaseByID(ctx, tx, caseID)
	if err != nil {
		return err
	}
	if err := m.CanAddToAgenda(c); err != nil {
		return err
	}
	item := m.NextItem(c)
	if _, err := tx.ExecContext(ctx, `INSERT INTO agenda_items (meeting_id, case_id, position, outcome) VALUES (?, ?, ?, ?)`,
		m.ID, c.ID, item.Position, string(item.Outcome)); err != nil {
		return fmt.Errorf("add %s to the agenda of the %s: %w", c.Ref, m.Name(), err)
	}
	return insertAudit(ctx, tx, c.ID, agendaAction, agendaChanges(m, nil, &item))
}

// RemoveFromAgenda takes a case not yet discussed off a meeting's agenda,
// moving the cases after it up, with an audit row on the case. A case not on
// the agenda is an ENOTFOUND error; one already signed off or deferred an
// ECONFLICT error, since the decision stays on the record.
func (db *DB) RemoveFromAgenda(ctx context.Context, meetingID int64, caseID string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := removeFromAgenda(ctx, tx, meetingID, caseID); err != nil {
		return err
	}
	return tx.Commit()
}

func removeFromAgenda(ctx context.Context, tx *tx, meetingID int64, caseID string) error {
	m, item, err := findAgendaItem(ctx, tx, meetingID, caseID)
	if err != nil {
		return err
	}
	if err := cdop.CanRemoveFromAgenda(m, item); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM agenda_items WHERE meeting_id = ? AND case_id = ?", m.ID, caseID); err != nil {
		return fmt.Errorf("take %s off the agenda: %w", item.CaseRef, err)
	}
	// Positions stay 1, 2, 3...; moving up is not a decision about the
	// other cases and is not audited.
	if _, err := tx.ExecContext(ctx, "UPDATE agenda_items SET position = position - 1 WHERE meeting_id = ? AND position > ?",
		m.ID, item.Position); err != nil {
		return fmt.Errorf("renumber the agenda: %w", err)
	}
	return insertAudit(ctx, tx, caseID, agendaAction, agendaChanges(m, item, &cdop.AgendaItem{}))
}

// SignOff records a meeting's sign-off of a case on its agenda, as
// cdop.SignOff decides it (its refusals are returned as they are), and moves
// the case on, all in one transaction: the agenda item signed off, the
// case's dates saved as UpdateCase does, and the move to the stage the
// sign-off leads to made as MoveStage does (the flowchart's checks apply,
// and the move is recorded). The audit rows on the case are the sign-off,
// the update of its dates, and the move.
func (db *DB) SignOff(ctx context.Context, meetingID int64, caseID string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := signOff(ctx, tx, meetingID, caseID); err != nil {
		return err
	}
	return tx.Commit()
}

func signOff(ctx context.Context, tx *tx, meetingID int64, caseID string) error {
	m, item, err := findAgendaItem(ctx, tx, meetingID, caseID)
	if err != nil {
		return err
	}
	c, err := findCaseByID(ctx, tx, caseID)
	if err != nil {
		return err
	}
	settings, err := loadSettings(ctx, tx)
	if err != nil {
		return err
	}
	d, err := cdop.SignOff(m, item, c, settings.WithDefaults().QuorumGroups, tx.today)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE agenda_items SET outcome = ? WHERE meeting_id = ? AND case_id = ?",
		string(d.Item.Outcome), m.ID, c.ID); err != nil {
		return fmt.Errorf("sign off %s: %w", c.Ref, err)
	}
	changes := agendaChanges(m, item, &d.Item)
	if m.WithoutQuorum.Recorded() {
		changes = append(changes, cdop.FieldChange{Field: cdop.WithoutQuorumField, New: m.WithoutQuorum.Reason})
	}
	if err := insertAudit(ctx, tx, c.ID, signOffAction, changes); err != nil {
		return err
	}
	if _, err := updateCase(ctx, tx, d.Case); err != nil {
		return err
	}
	return moveStage(ctx, tx, c.ID, d.To, "")
}

// SignOffWithoutQuorum records the chair's decision, as
// cdop.DecideWithoutQuorum takes it (its refusals are returned as they
// are), to sign cases off at a panel meeting that is not quorate, with an
// audit row about the meeting, then signs the case off as SignOff does (its
// audit row on the case carries the reason too), all in one transaction:
// a refused sign-off records no decision either.
func (db *DB) SignOffWithoutQuorum(ctx context.Context, meetingID int64, caseID, reason string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := decideWithoutQuorum(ctx, tx, meetingID, reason); err != nil {
		return err
	}
	if err := signOff(ctx, tx, meetingID, caseID); err != nil {
		return err
	}
	return tx.Commit()
}

func decideWithoutQuorum(ctx context.Context, tx *tx, meetingID int64, reason string) error {
	m, err := findMeeting(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	settings, err := loadSettings(ctx, tx)
	if err != nil {
		return err
	}
	decided, isNew, err := cdop.DecideWithoutQuorum(m, reason, actorOf(ctx, tx), settings.WithDefaults().QuorumGroups, tx.now)
	if err != nil || !isNew {
		return err
	}
	if err := writeWithoutQuorum(ctx, tx, m.ID, decided); err != nil {
		return fmt.Errorf("record the chair's sign-off without a quorum at the %s: %w", m.Name(), err)
	}
	return insertAudit(ctx, tx, "", meetingAction, []cdop.FieldChange{
		{Field: "meeting_id", Old: strconv.FormatInt(m.ID, 10), New: strconv.FormatInt(m.ID, 10)},
		{Field: cdop.WithoutQuorumField, New: decided.Reason},
	})
}

// writeWithoutQuorum stores the chair's decision to sign off without a
// quorum: the one place its typed reason is written (findMeetings reads it).
func writeWithoutQuorum(ctx context.Context, tx *tx, meetingID int64, d cdop.ChairSignOff) error {
	reason, err := sealFor(ctx, tx, meetingChairReason, idKey(meetingID), d.Reason)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE meetings SET without_quorum_reason = ?, without_quorum_by = ?, without_quorum_at = ? WHERE id = ?",
		reason, d.By, formatTime(d.At), meetingID)
	return err
}

// Defer records a meeting's deferral of a case on its agenda, as cdop.Defer
// decides it (its refusals are returned as they are), with an audit row on
// the case; a deferral recorded again unchanged writes nothing.
func (db *DB) Defer(ctx context.Context, meetingID int64, caseID, reason, awaiting string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := deferCase(ctx, tx, meetingID, caseID, reason, awaiting); err != nil {
		return err
	}
	return tx.Commit()
}

func deferCase(ctx context.Context, tx *tx, meetingID int64, caseID, reason, awaiting string) error {
	m, item, err := findAgendaItem(ctx, tx, meetingID, caseID)
	if err != nil {
		return err
	}
	decided, err := cdop.Defer(m, item, reason, awaiting, tx.today)
	if err != nil {
		return err
	}
	changes := agendaChanges(m, item, decided)
	if changes == nil {
		return nil
	}
	key := agendaItemKey(m.ID, caseID)
	sealedReason, err := sealFor(ctx, tx, agendaReason, key, decided.Reason)
	if err != nil {
		return err
	}
	sealedAwaiting, err := sealFor(ctx, tx, agendaAwaiting, key, decided.Awaiting)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE agenda_items SET outcome = ?, reason = ?, awaiting = ? WHERE meeting_id = ? AND case_id = ?",
		string(decided.Outcome), sealedReason, nullable(sealedAwaiting), m.ID, caseID); err != nil {
		return fmt.Errorf("defer %s: %w", item.CaseRef, err)
	}
	return insertAudit(ctx, tx, caseID, agendaAction, changes)
}

// agendaChanges returns the audit changes of a case's agenda item, from
// before to after (nil before: added; zero after: removed): the meeting's
// ID and title, then the fields that changed. It is nil when nothing did.
func agendaChanges(m *cdop.Meeting, before, after *cdop.AgendaItem) []cdop.FieldChange {
	fields := func(it *cdop.AgendaItem) []field {
		if it == nil {
			return nil
		}
		pos := ""
		if it.Position > 0 {
			pos = strconv.Itoa(it.Position)
		}
		return []field{{"position", pos}, {"outcome", string(it.Outcome)}, {"reason", it.Reason}, {"awaiting", it.Awaiting}}
	}
	changes := diffRecord("meeting_id", m.ID, fields(before), fields(after))
	if changes == nil {
		return nil
	}
	title := cdop.FieldChange{Field: "meeting", Old: m.Title(), New: m.Title()}
	if before == nil {
		title.Old = ""
	}
	return append(changes[:1:1], append([]cdop.FieldChange{title}, changes[1:]...)...)
}

// findAgendaItem returns a meeting and the item of a case on its agenda, or
// an ENOTFOUND error when either is missing.
func findAgendaItem(ctx context.Context, tx *tx, meetingID int64, caseID string) (*cdop.Meeting, *cdop.AgendaItem, error) {
	m, err := findMeeting(ctx, tx, meetingID)
	if err != nil {
		return nil, nil, err
	}
	for i := range m.Agenda {
		if m.Agenda[i].CaseID == caseID {
			return m, &m.Agenda[i], nil
		}
	}
	ref, err := caseRefOf(ctx, tx, caseID)
	if err != nil {
		return nil, nil, err
	}
	return nil, nil, cdop.Errorf(cdop.ENOTFOUND, "%s is not on the agenda of the %s", ref, m.Name())
}

func findMeeting(ctx context.Context, tx *tx, id int64) (*cdop.Meeting, error) {
	meetings, err := findMeetings(ctx, tx, "WHERE id = ?", id)
	if err != nil {
		return nil, err
	} else if len(meetings) == 0 {
		return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no meeting with ID %d", id)
	}
	return meetings[0], fillAgendas(ctx, tx, meetings, "WHERE i.meeting_id = ?", id)
}

// findMeetings returns the meetings selected by the rest of a query, without
// their agendas.
func findMeetings(ctx context.Context, tx *tx, rest string, args ...any) ([]*cdop.Meeting, error) {
	var out []*cdop.Meeting
	err := queryRows(ctx, tx, `SELECT id, kind, held_on, starts_at, place, chair, attendees, notes,
		without_quorum_reason, without_quorum_by, without_quorum_at FROM meetings `+rest, args,
		func(rows *sql.Rows) error {
			m := &cdop.Meeting{}
			var on, startsAt, place, chair, notes, wqReason, wqBy, wqAt sql.NullString
			var attendees string
			if err := rows.Scan(&m.ID, &m.Kind, &on, &startsAt, &place, &chair, &attendees, &notes, &wqReason, &wqBy, &wqAt); err != nil {
				return err
			}
			if wqReason.Valid {
				at, err := parseTime(wqAt.String)
				if err != nil {
					return fmt.Errorf("meeting %d: without_quorum_at: %w", m.ID, err)
				}
				reason, err := openFor(ctx, tx, meetingChairReason, idKey(m.ID), wqReason.String)
				if err != nil {
					return err
				}
				m.WithoutQuorum = cdop.ChairSignOff{Reason: reason, By: wqBy.String, At: at}
			}
			ds := dateScanner{what: "meeting", id: m.ID}
			m.On = ds.date("held_on", on)
			if ds.err != nil {
				return ds.err
			}
			if err := json.Unmarshal([]byte(attendees), &m.Attendees); err != nil {
				return fmt.Errorf("meeting %d: stored attendees: %w", m.ID, err)
			}
			if len(m.Attendees) == 0 {
				m.Attendees = nil
			}
			text, err := openFor(ctx, tx, meetingNotes, idKey(m.ID), notes.String)
			if err != nil {
				return err
			}
			m.StartsAt, m.Place, m.Chair, m.Notes = startsAt.String, place.String, chair.String, text
			out = append(out, m)
			return nil
		})
	return out, err
}

// fillAgendas sets the agendas of meetings from the agenda items selected by
// a condition on agenda_items i (which must select at least theirs) and its
// arguments.
func fillAgendas(ctx context.Context, tx *tx, meetings []*cdop.Meeting, where string, args ...any) error {
	if len(meetings) == 0 {
		return nil
	}
	byID := make(map[int64]*cdop.Meeting, len(meetings))
	for _, m := range meetings {
		byID[m.ID] = m
	}
	return queryRows(ctx, tx, `SELECT i.meeting_id, i.case_id, c.case_ref, i.position, i.outcome, i.reason, i.awaiting
		FROM agenda_items i JOIN cases c ON c.id = i.case_id `+where+` ORDER BY i.meeting_id, i.position`, args,
		func(rows *sql.Rows) error {
			var meetingID int64
			var it cdop.AgendaItem
			var reason, awaiting sql.NullString
			if err := rows.Scan(&meetingID, &it.CaseID, &it.CaseRef, &it.Position, &it.Outcome, &reason, &awaiting); err != nil {
				return err
			}
			key := agendaItemKey(meetingID, it.CaseID)
			var err error
			if it.Reason, err = openFor(ctx, tx, agendaReason, key, reason.String); err != nil {
				return err
			}
			if it.Awaiting, err = openFor(ctx, tx, agendaAwaiting, key, awaiting.String); err != nil {
				return err
			}
			if m := byID[meetingID]; m != nil {
				m.Agenda = append(m.Agenda, it)
			}
			return nil
		})
}
