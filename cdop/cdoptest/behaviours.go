package cdoptest

import (
	"slices"
	"strings"
	"time"

	"casemanager/cdop"
)

// behaviour is one thing every store must do.
type behaviour struct {
	name string
	run  func(f *fixture)
}

// behaviours is the suite's table.
var behaviours = []behaviour{
	{"a new case is stored with a reference and found again", createAndFind},
	{"an invalid case is refused and nothing is stored", createInvalid},
	{"a duplicate death and a reference in use are refused", duplicates},
	{"an edit is stored and moves UpdatedAt on", update},
	{"a stale copy is refused", staleCopy},
	{"an edit cannot change the stage or undo what it needed", editAgainstTheFlowchart},
	{"stages move forward with what each needs and back with a reason", stageMoves},
	{"a closed case and its records are read-only until reopened", closedReadOnly},
	{"a voided or transferred case and its records are read-only and out of the work", voidedAndTransferred},
	{"pauses of a clock cannot overlap", pauses},
	{"a child death review meeting signs a case off to the CDOP review", signOffCDRM},
	{"a panel meeting signs a complete analysis off and closes the case", signOffPanel},
	{"a refused sign-off changes nothing", signOffRefused},
	{"a panel meeting not quorate signs off only with the chair's reason, then keeps who attended", signOffWithoutQuorum},
	{"what was done is recorded on its day, and corrected or undone only with a reason", datedActions},
	{"a deferral needs a reason", deferral},
	{"an import is all or nothing", importAllOrNothing},
	{"recommendations list overdue, open, then done", recommendationsOrder},
	{"settings and the directory keep their rules", settingsAndDirectory},
	{"a duplicate merges into the existing case with its records, all or nothing", merge},
}

func merge(f *fixture) {
	existing := f.create(func(c *cdop.Case) {
		c.NHSNumber, c.NHSNumberStatus = "", "not_available"
		c.CoronerReferred, c.CoronerReferredOn = "yes", cdop.NewDate(2026, time.March, 4)
	})
	newer := f.create(func(c *cdop.Case) {
		c.LastName, c.DateOfBirth, c.NHSNumber, c.NHSNumberStatus = existing.LastName, existing.DateOfBirth, "", "not_available"
		c.FirstName, c.CoronerReferred, c.PlaceOfDeath = "Baby", "no", "home"
		c.DistinctReason = "thought to be a twin"
	})
	agency := f.agency("Northshire Police", "police")
	r := cdop.AgencyRequest{CaseID: newer.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: cdop.NewDate(2026, time.March, 5)}
	f.must("request", f.s.SaveRequest(ctx(), &r))
	contact := cdop.Contact{CaseID: newer.ID, On: cdop.NewDate(2026, time.March, 4), Method: "phone", By: "key worker"}
	f.must("contact", f.s.AddContact(ctx(), &contact))
	existing, newer = f.reload(existing), f.reload(newer)

	f.invalid("a merge whose result contradicts itself", f.s.MergeCases(ctx(), existing.Clone(), newer, []string{"coroner_referred"}), "coroner_referred_on")
	f.unchanged("the existing case after a refused merge", existing)
	f.unchanged("the newer after a refused merge", newer)
	if file, _ := f.s.CaseFile(ctx(), newer.ID); len(file.Requests) != 1 || len(file.Contacts) != 1 {
		f.t.Errorf("a refused merge moved records: %d requests, %d contacts left", len(file.Requests), len(file.Contacts))
	}
	other := f.create(nil)
	f.refused("a merge of another child", f.s.MergeCases(ctx(), existing.Clone(), f.reload(other), nil), cdop.RuleNotAlike)

	merged := existing.Clone()
	f.must("merge", f.s.MergeCases(ctx(), merged, newer, nil))
	if merged.PlaceOfDeath != "home" || merged.CoronerReferred != "yes" || merged.FirstName != existing.FirstName {
		f.t.Errorf("merged: place %q, coroner %q, first name %q", merged.PlaceOfDeath, merged.CoronerReferred, merged.FirstName)
	}
	file, err := f.s.CaseFile(ctx(), existing.ID)
	f.must("the merged case's file", err)
	if len(file.Requests) != 1 || len(file.Contacts) != 1 {
		f.t.Errorf("the merged case holds %d requests and %d contacts; want the newer's one of each", len(file.Requests), len(file.Contacts))
	}
	if gone := f.reload(newer); gone.VoidedReason != "merged into "+existing.Ref {
		f.t.Errorf("the newer's void reason = %q", gone.VoidedReason)
	}
	history, err := f.s.CaseHistory(ctx(), existing.ID)
	f.must("history", err)
	if last := history[len(history)-1]; last.Action != "merge" || last.Changes[0].New != newer.Ref || last.Changes[1].New != "1 agency request, 1 contact" {
		f.t.Errorf("the merge's audit row = %+v", last)
	}

	// A notification typed on the form and found to be the existing case's
	// is stored voided as merged, its values merged in.
	typed := NewCase(1)
	typed.LastName, typed.DateOfBirth, typed.NHSNumber, typed.NHSNumberStatus = existing.LastName, existing.DateOfBirth, "", "not_available"
	typed.KeyWorker = "Sam Patel"
	f.refused("the typed notification saved on its own", f.s.CreateCase(ctx(), typed.Clone()), cdop.RuleDuplicate)
	again := f.reload(existing)
	f.must("merge a notification not yet stored", f.s.MergeCases(ctx(), again, typed, nil))
	if again.KeyWorker != "Sam Patel" {
		f.t.Errorf("the typed key worker was not merged: %q", again.KeyWorker)
	}
	logged, err := f.s.FindCases(ctx(), cdop.CaseFilter{})
	f.must("cases", err)
	found := false
	for _, c := range logged {
		found = found || c.ID != newer.ID && c.VoidedReason == "merged into "+existing.Ref
	}
	if !found {
		f.t.Error("the typed notification is not kept, voided as merged")
	}
}

func createAndFind(f *fixture) {
	c := NewCase(1)
	c.LastName = "  Thornbury "
	f.must("create", f.s.CreateCase(ctx(), c))
	if c.ID == "" || c.Ref != "CDOP-2026-0001" || c.LastName != "Thornbury" || !c.CreatedAt.Equal(Start) || !c.UpdatedAt.Equal(Start) {
		f.t.Errorf("created %q %q %q, created %v updated %v; want an ID, CDOP-2026-0001, the name trimmed, the clock's times",
			c.ID, c.Ref, c.LastName, c.CreatedAt, c.UpdatedAt)
	}
	second := f.create(nil)
	if second.Ref != "CDOP-2026-0002" {
		f.t.Errorf("second reference = %s; want CDOP-2026-0002", second.Ref)
	}
	byRef, err := f.s.FindCaseByRef(ctx(), " cdop-2026-0001 ")
	f.must("find by reference", err)
	if d := cdop.Diff(c, byRef); len(d) > 0 || byRef.ID != c.ID {
		f.t.Errorf("found by reference: %+v", d)
	}
	if _, err := f.s.FindCaseByRef(ctx(), "CDOP-1999-0001"); cdop.ErrorCode(err) != cdop.ENOTFOUND {
		f.t.Errorf("a missing reference: %v", err)
	}
	if _, err := f.s.FindCaseByID(ctx(), "no-such-id"); cdop.ErrorCode(err) != cdop.ENOTFOUND {
		f.t.Errorf("a missing ID: %v", err)
	}
	found, err := f.s.FindCases(ctx(), cdop.CaseFilter{Search: "THORNBURY"})
	f.must("search", err)
	if len(found) != 1 || found[0].ID != c.ID {
		f.t.Errorf("search by name found %d cases", len(found))
	}
	all, err := f.s.FindCases(ctx(), cdop.CaseFilter{Stage: cdop.StageNotified})
	f.must("list", err)
	if len(all) != 2 || all[0].Ref != "CDOP-2026-0001" || all[1].Ref != "CDOP-2026-0002" {
		f.t.Errorf("FindCases = %d cases; want both, by reference", len(all))
	}
	history, err := f.s.CaseHistory(ctx(), c.ID)
	f.must("history", err)
	if len(history) != 1 || history[0].Action != "create" || history[0].Actor != "conformance" {
		f.t.Errorf("history = %+v; want one create by the context's actor", history)
	}
}

func createInvalid(f *fixture) {
	c := NewCase(1)
	c.Sex = ""
	f.invalid("a case without a sex", f.s.CreateCase(ctx(), c), "sex")
	if all, _ := f.s.FindCases(ctx(), cdop.CaseFilter{}); len(all) != 0 {
		f.t.Errorf("an invalid case was stored: %d cases", len(all))
	}
}

func duplicates(f *fixture) {
	c := f.create(nil)
	same := NewCase(2)
	same.NHSNumber = c.NHSNumber
	f.refused("the same NHS number", f.s.CreateCase(ctx(), same), cdop.RuleDuplicate)
	twin := NewCase(3)
	twin.NHSNumber, twin.NHSNumberStatus = "", "not_available"
	twin.FirstName, twin.LastName, twin.DateOfBirth = strings.ToUpper(c.FirstName), c.LastName, c.DateOfBirth
	f.refused("the same names and dates", f.s.CreateCase(ctx(), twin), cdop.RuleDuplicate)
	dups, err := f.s.FindDuplicates(ctx(), same)
	f.must("find duplicates", err)
	if len(dups) != 1 || dups[0].ID != c.ID {
		f.t.Errorf("FindDuplicates = %d cases; want %s", len(dups), c.Ref)
	}
	other := NewCase(4)
	other.Ref = strings.ToLower(c.Ref)
	f.refused("a reference in use", f.s.CreateCase(ctx(), other), cdop.RuleRefInUse)
	d := f.create(nil)
	d.Ref = c.Ref
	f.refused("an edit to a reference in use", f.s.UpdateCase(ctx(), d), cdop.RuleRefInUse)
}

func update(f *fixture) {
	c := f.create(nil)
	f.clock.Advance(time.Minute)
	c.KeyWorker = " Sudden death nurse "
	f.must("update", f.s.UpdateCase(ctx(), c))
	if c.KeyWorker != "Sudden death nurse" || !c.UpdatedAt.Equal(Start.Add(time.Minute)) {
		f.t.Errorf("updated: key worker %q, updated %v", c.KeyWorker, c.UpdatedAt)
	}
	if got := f.reload(c); got.KeyWorker != "Sudden death nurse" || !got.UpdatedAt.Equal(c.UpdatedAt) {
		f.t.Errorf("stored: key worker %q, updated %v", got.KeyWorker, got.UpdatedAt)
	}
	// Saved again at once: no change is no write.
	f.must("save unchanged", f.s.UpdateCase(ctx(), c))
	if !c.UpdatedAt.Equal(Start.Add(time.Minute)) {
		f.t.Errorf("an unchanged save moved UpdatedAt to %v", c.UpdatedAt)
	}
	// Two changes in one millisecond still move it on.
	c.Summary = "x"
	f.must("second change", f.s.UpdateCase(ctx(), c))
	if !c.UpdatedAt.After(Start.Add(time.Minute)) {
		f.t.Errorf("a second change at the same instant left UpdatedAt at %v", c.UpdatedAt)
	}
	history, err := f.s.CaseHistory(ctx(), c.ID)
	f.must("history", err)
	if len(history) != 3 || history[1].Action != "update" || len(history[1].Changes) != 1 || history[1].Changes[0].Field != "key_worker" {
		f.t.Errorf("history = %+v; want create, update of key_worker, update", history)
	}
}

func staleCopy(f *fixture) {
	c := f.create(nil)
	mine, theirs := c.Clone(), c.Clone()
	f.clock.Advance(time.Minute)
	theirs.KeyWorker = "Their key worker"
	f.must("their update", f.s.UpdateCase(ctx(), theirs))
	mine.Summary = "My summary"
	f.refused("a copy loaded before their change", f.s.UpdateCase(ctx(), mine), cdop.RuleStaleCopy)
	never := c.Clone()
	never.UpdatedAt = time.Time{}
	f.refused("a copy never loaded", f.s.UpdateCase(ctx(), never), cdop.RuleStaleCopy)
	if got := f.reload(c); got.Summary != "" || got.KeyWorker != "Their key worker" {
		f.t.Errorf("after the refusals: summary %q, key worker %q", got.Summary, got.KeyWorker)
	}
}

func editAgainstTheFlowchart(f *fixture) {
	c := f.at(cdop.StageInformationGathering)
	moved := c.Clone()
	moved.Stage = cdop.StageCDRM
	f.refused("an edit of the stage", f.s.UpdateCase(ctx(), moved), cdop.RuleStageByEdit)
	undone := c.Clone()
	undone.JAR = ""
	f.refused("an edit taking the JAR decision away", f.s.UpdateCase(ctx(), undone), cdop.RuleStageKept)
	f.unchanged("the refused edits", c)
}

func stageMoves(f *fixture) {
	c := f.create(func(c *cdop.Case) { c.NotifiedOn = cdop.Date{} })
	f.refused("a move missing what the stage needs", f.s.MoveStage(ctx(), c.ID, cdop.StageImmediateDecisions, ""), cdop.RuleStageNeeds)
	f.refused("a move to the stage it is at", f.s.MoveStage(ctx(), c.ID, cdop.StageNotified, ""), cdop.RuleAlreadyAtStage)
	f.refused("a move to no stage", f.s.MoveStage(ctx(), c.ID, "limbo", ""), cdop.RuleNotAStage)
	c = f.reload(c)
	c.NotifiedOn = cdop.NewDate(2026, time.March, 3)
	f.must("record the notification", f.s.UpdateCase(ctx(), c))
	f.must("move on", f.s.MoveStage(ctx(), c.ID, cdop.StageImmediateDecisions, ""))
	f.refused("a move back without a reason", f.s.MoveStage(ctx(), c.ID, cdop.StageNotified, " "), cdop.RuleReasonRequired)
	f.must("move back", f.s.MoveStage(ctx(), c.ID, cdop.StageNotified, " entered too soon "))
	file, err := f.s.CaseFile(ctx(), c.ID)
	f.must("case file", err)
	if file.Case.Stage != cdop.StageNotified || len(file.Moves) != 2 || file.Moves[1].Reason != "entered too soon" ||
		file.Moves[1].From != cdop.StageImmediateDecisions || file.Moves[1].Actor != "conformance" {
		f.t.Errorf("after the moves: stage %s, moves %+v", file.Case.Stage, file.Moves)
	}
	open, err := f.s.OpenCaseFiles(ctx())
	f.must("open case files", err)
	if len(open) != 1 || open[0].Case.ID != c.ID {
		f.t.Errorf("OpenCaseFiles = %d files", len(open))
	}
}

func closedReadOnly(f *fixture) {
	c := f.at(cdop.StageClosed)
	edit := c.Clone()
	edit.Summary = "A late thought"
	f.refused("an edit of a closed case", f.s.UpdateCase(ctx(), edit), cdop.RuleClosedReadOnly)
	f.must("a closed case saved unchanged", f.s.UpdateCase(ctx(), c.Clone()))
	agency := f.agency("Northshire Police", "police")
	r := cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: cdop.NewDate(2026, time.June, 1)}
	f.refused("a request on a closed case", f.s.SaveRequest(ctx(), &r), cdop.RuleClosedReadOnly)
	contact := cdop.Contact{CaseID: c.ID, On: cdop.NewDate(2026, time.June, 1), Method: "phone"}
	f.refused("a contact on a closed case", f.s.AddContact(ctx(), &contact), cdop.RuleClosedReadOnly)
	p := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: cdop.NewDate(2026, time.June, 1), Reason: "inquest"}
	f.refused("a pause on a closed case", f.s.PauseClock(ctx(), &p), cdop.RuleClosedReadOnly)
	f.unchanged("the refused changes", c)
	if file, _ := f.s.CaseFile(ctx(), c.ID); len(file.Contacts) != 0 || len(file.Pauses) != 0 || len(file.Requests) != 1 {
		f.t.Errorf("records of the closed case: %d contacts, %d pauses, %d requests", len(file.Contacts), len(file.Pauses), len(file.Requests))
	}
	f.refused("reopening without a reason", f.s.MoveStage(ctx(), c.ID, cdop.StageCDOPReview, ""), cdop.RuleReasonRequired)
	f.must("reopen", f.s.MoveStage(ctx(), c.ID, cdop.StageCDOPReview, "new information from the coroner"))
	f.must("a contact once reopened", f.s.AddContact(ctx(), &contact))
	edit = f.reload(c)
	edit.Summary = "A late thought"
	f.must("an edit once reopened", f.s.UpdateCase(ctx(), edit))
}

func voidedAndTransferred(f *fixture) {
	c := f.at(cdop.StageInformationGathering)
	v, err := cdop.Void(c, "Logged in error: the death was notified twice")
	f.must("void", err)
	f.must("save the void", f.s.UpdateCase(ctx(), v))
	history, err := f.s.CaseHistory(ctx(), c.ID)
	f.must("history", err)
	if last := history[len(history)-1]; last.Actor != "conformance" || len(last.Changes) != 1 || last.Changes[0].Field != "voided_reason" {
		f.t.Errorf("the void's audit row = %+v", last)
	}
	agency := f.agency("Northshire Police", "police")
	for _, x := range []struct {
		name string
		rule cdop.Rule
	}{{"voided", cdop.RuleVoidedReadOnly}, {"transferred", cdop.RuleTransferredReadOnly}} {
		if x.name == "transferred" {
			c = f.at(cdop.StageImmediateDecisions)
			tr, err := cdop.Transfer(c, "Kent and Medway CDOP", cdop.NewDate(2026, time.June, 1))
			f.must("transfer", err)
			f.must("save the transfer", f.s.UpdateCase(ctx(), tr))
		}
		stored := f.reload(c)
		edit := stored.Clone()
		edit.Summary = "A late thought"
		f.refused("an edit of a "+x.name+" case", f.s.UpdateCase(ctx(), edit), x.rule)
		r := cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: cdop.NewDate(2026, time.June, 1)}
		f.refused("a request on a "+x.name+" case", f.s.SaveRequest(ctx(), &r), x.rule)
		contact := cdop.Contact{CaseID: c.ID, On: cdop.NewDate(2026, time.June, 1), Method: "phone"}
		f.refused("a contact on a "+x.name+" case", f.s.AddContact(ctx(), &contact), x.rule)
		f.refused("a move of a "+x.name+" case", f.s.MoveStage(ctx(), c.ID, cdop.StageCDRM, ""), x.rule)
		f.unchanged("the refused changes", stored)
	}
	open, err := f.s.OpenCaseFiles(ctx())
	f.must("open case files", err)
	if due := cdop.DueItems(open, cdop.Settings{}, cdop.NewDate(2026, time.June, 15)); len(due) != 0 {
		f.t.Errorf("due items of a voided and a transferred case: %v", due)
	}
	// A void made by mistake is undone by clearing its reason alone.
	restored := f.reload(v)
	restored.VoidedReason = ""
	f.must("undo the void", f.s.UpdateCase(ctx(), restored))
}

func pauses(f *fixture) {
	c := f.create(nil)
	p := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDRM, From: cdop.NewDate(2026, time.May, 1), Reason: " awaiting post-mortem "}
	f.must("pause", f.s.PauseClock(ctx(), &p))
	if p.ID == 0 || p.Reason != "awaiting post-mortem" {
		f.t.Errorf("paused: %+v", p)
	}
	again := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDRM, From: cdop.NewDate(2026, time.June, 1), Reason: "x"}
	f.refused("a second pause of a running clock", f.s.PauseClock(ctx(), &again), cdop.RulePauseOverlap)
	other := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: cdop.NewDate(2026, time.June, 1), Reason: "x"}
	f.must("a pause of another clock", f.s.PauseClock(ctx(), &other))
	f.invalid("a restart before the pause", f.s.ResumeClock(ctx(), p.ID, cdop.NewDate(2026, time.April, 1)), "to")
	f.must("restart", f.s.ResumeClock(ctx(), p.ID, cdop.NewDate(2026, time.June, 1)))
	f.refused("a second restart", f.s.ResumeClock(ctx(), p.ID, cdop.NewDate(2026, time.June, 2)), cdop.RulePauseEnded)
	f.must("a pause from the day it restarted", f.s.PauseClock(ctx(), &again))
	inside := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDRM, From: cdop.NewDate(2026, time.May, 10), To: cdop.NewDate(2026, time.May, 12), Reason: "x"}
	f.refused("a pause inside an ended one", f.s.PauseClock(ctx(), &inside), cdop.RulePauseOverlap)
	file, err := f.s.CaseFile(ctx(), c.ID)
	f.must("case file", err)
	if len(file.Pauses) != 3 || file.Pauses[0].To != cdop.NewDate(2026, time.June, 1) {
		f.t.Errorf("pauses = %+v", file.Pauses)
	}
}

func signOffCDRM(f *fixture) {
	c := f.at(cdop.StageCDRM)
	on := cdop.NewDate(2026, time.June, 10)
	m := f.meeting(cdop.MeetingCDRM, on, c)
	f.must("sign off", f.s.SignOff(ctx(), m.ID, c.ID))
	got := f.reload(c)
	if got.Stage != cdop.StageCDOPReview || got.CDRMOn != on {
		f.t.Errorf("signed off: stage %s, CDRMOn %s; want CDOP review, %s", got.Stage, got.CDRMOn, on)
	}
	m, err := f.s.Meeting(ctx(), m.ID)
	f.must("meeting", err)
	if len(m.Agenda) != 1 || m.Agenda[0].Outcome != cdop.OutcomeSignedOff || m.Agenda[0].CaseRef != c.Ref {
		f.t.Errorf("agenda = %+v", m.Agenda)
	}
	f.refused("a second sign-off", f.s.SignOff(ctx(), m.ID, c.ID), cdop.RuleAlreadyDecided)
	f.refused("taking a decided case off", f.s.RemoveFromAgenda(ctx(), m.ID, c.ID), cdop.RuleAlreadyDecided)
	moved := *m
	moved.On = on.AddDays(1)
	f.refused("moving the date of a meeting that signed a case off", f.s.SaveMeeting(ctx(), &moved), cdop.RuleMeetingDateLocked)
	kind := *m
	kind.Kind = cdop.MeetingPanel
	f.refused("changing the kind of a meeting with an agenda", f.s.SaveMeeting(ctx(), &kind), cdop.RuleMeetingKindLocked)
	file, err := f.s.CaseFile(ctx(), c.ID)
	f.must("case file", err)
	if last := file.Moves[len(file.Moves)-1]; last.From != cdop.StageCDRM || last.To != cdop.StageCDOPReview {
		f.t.Errorf("last move = %+v", last)
	}
}

func signOffPanel(f *fixture) {
	c := f.at(cdop.StageCDOPReview)
	c.Analysis = CompleteAnalysis()
	f.must("record the analysis", f.s.UpdateCase(ctx(), c))
	on := cdop.NewDate(2026, time.June, 12)
	m := f.meeting(cdop.MeetingPanel, on, c)
	f.must("sign off", f.s.SignOff(ctx(), m.ID, c.ID))
	got := f.reload(c)
	if got.Stage != cdop.StageClosed || got.CDOPReviewOn != on || got.Analysis.SignedOffOn != on {
		f.t.Errorf("signed off: stage %s, reviewed %s, analysis signed off %s; want closed, %s", got.Stage, got.CDOPReviewOn, got.Analysis.SignedOffOn, on)
	}
	history, err := f.s.CaseHistory(ctx(), c.ID)
	f.must("history", err)
	var actions []string
	for _, e := range history[len(history)-3:] {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, []string{"signoff", "update", "stage"}) {
		f.t.Errorf("the sign-off's audit = %q; want signoff, update, stage", actions)
	}
}

func signOffRefused(f *fixture) {
	c := f.at(cdop.StageCDOPReview)
	incomplete := f.meeting(cdop.MeetingPanel, cdop.NewDate(2026, time.June, 12), c)
	f.refused("an incomplete analysis", f.s.SignOff(ctx(), incomplete.ID, c.ID), cdop.RuleAnalysisIncomplete)
	c = f.reload(c)
	c.Analysis = CompleteAnalysis()
	c.Analysis.Domains[0].Score = cdop.ScoreOf(1)
	f.invalid("a modifiable factor in a domain scored 1", f.s.UpdateCase(ctx(), c), "domain_a_modifiable")
	c = f.reload(c)
	c.Analysis = CompleteAnalysis()
	c.Analysis.Modifiable = string(cdop.ModifiableNone)
	c.Analysis.Domains[0].Modifiable = nil
	c.Analysis.Domains[1].Score = cdop.ScoreOf(2)
	f.must("record an inconsistent analysis", f.s.UpdateCase(ctx(), c))
	f.refused("an inconsistent analysis", f.s.SignOff(ctx(), incomplete.ID, c.ID), cdop.RuleAnalysisInconsistent)
	later := f.meeting(cdop.MeetingPanel, cdop.NewDate(2026, time.July, 1))
	f.must("add to a later meeting", f.s.AddToAgenda(ctx(), later.ID, c.ID))
	f.refused("a meeting not yet held", f.s.SignOff(ctx(), later.ID, c.ID), cdop.RuleMeetingNotHeld)
	f.refused("a second time on an agenda", f.s.AddToAgenda(ctx(), later.ID, c.ID), cdop.RuleAlreadyOnAgenda)
	early := f.create(nil)
	f.refused("a case not at the meeting's stage", f.s.AddToAgenda(ctx(), later.ID, early.ID), cdop.RuleWrongStageForMeeting)
	c = f.reload(c)
	f.unchanged("the refused sign-offs", c)
	if c.Stage != cdop.StageCDOPReview || !c.Analysis.SignedOffOn.IsZero() || !c.CDOPReviewOn.IsZero() {
		f.t.Errorf("after the refusals: stage %s, signed off %s", c.Stage, c.Analysis.SignedOffOn)
	}
	m, err := f.s.Meeting(ctx(), incomplete.ID)
	f.must("meeting", err)
	if m.Agenda[0].Outcome != cdop.OutcomePending {
		f.t.Errorf("a refused sign-off left the item %s", m.Agenda[0].Outcome)
	}
	f.must("take it off the agenda", f.s.RemoveFromAgenda(ctx(), later.ID, c.ID))
}

func deferral(f *fixture) {
	c := f.at(cdop.StageCDOPReview)
	m := f.meeting(cdop.MeetingPanel, cdop.NewDate(2026, time.June, 12), c)
	f.invalid("a deferral without a reason", f.s.Defer(ctx(), m.ID, c.ID, "  ", ""), "reason")
	f.must("defer", f.s.Defer(ctx(), m.ID, c.ID, " awaiting the inquest ", " coroner's findings "))
	m, err := f.s.Meeting(ctx(), m.ID)
	f.must("meeting", err)
	if it := m.Agenda[0]; it.Outcome != cdop.OutcomeDeferred || it.Reason != "awaiting the inquest" || it.Awaiting != "coroner's findings" {
		f.t.Errorf("deferred: %+v", it)
	}
	if got := f.reload(c); got.Stage != cdop.StageCDOPReview {
		f.t.Errorf("a deferral moved the case to %s", got.Stage)
	}
	f.refused("a sign-off of a deferred case", f.s.SignOff(ctx(), m.ID, c.ID), cdop.RuleAlreadyDecided)
}

func importAllOrNothing(f *fixture) {
	stored := f.create(nil)
	a, b := NewCase(20), NewCase(21)
	b.Ref = "CDOP-2026-0040"
	dup := NewCase(22)
	dup.NHSNumber = stored.NHSNumber
	err := f.s.ImportCases(ctx(), []*cdop.Case{a, b, dup})
	if rows, ok := err.(cdop.RowErrors); !ok || len(rows) != 1 || rows[0].Row != 2 || rows[0].Field != "nhs_number" {
		f.t.Errorf("import with a duplicate: %v; want row 3's NHS number", err)
	}
	if all, _ := f.s.FindCases(ctx(), cdop.CaseFilter{}); len(all) != 1 {
		f.t.Errorf("a refused import stored %d cases", len(all)-1)
	}
	f.must("import", f.s.ImportCases(ctx(), []*cdop.Case{a, b}))
	if a.Ref != "CDOP-2026-0041" || b.Ref != "CDOP-2026-0040" || a.ID == "" {
		f.t.Errorf("imported %s and %s; want the blank one numbered after the batch's highest", a.Ref, b.Ref)
	}
}

func recommendationsOrder(f *fixture) {
	c := f.at(cdop.StageCDOPReview)
	agency := f.agency("Northshire Healthcare", "health")
	save := func(r cdop.Recommendation) *cdop.Recommendation {
		f.t.Helper()
		f.must("save recommendation", f.s.SaveRecommendation(ctx(), &r))
		return &r
	}
	done := save(cdop.Recommendation{Theme: "Water", AgencyID: agency.ID, Action: "Signs", DueOn: cdop.NewDate(2026, time.April, 1), Status: cdop.RecommendationDone})
	open := save(cdop.Recommendation{CaseIDs: []string{c.ID, c.ID}, AgencyID: agency.ID, Action: " Audit ", DueOn: cdop.NewDate(2026, time.September, 1)})
	overdue := save(cdop.Recommendation{Theme: "Sleep", AgencyID: agency.ID, Action: "Advice", DueOn: cdop.NewDate(2026, time.May, 1), Status: cdop.RecommendationInProgress})
	if open.Status != cdop.RecommendationOpen || open.Action != "Audit" || !slices.Equal(open.CaseRefs, []string{c.Ref}) || open.Agency != agency.Name || open.CreatedOn != cdop.Today(f.clock) {
		f.t.Errorf("saved %+v", open)
	}
	list, err := f.s.Recommendations(ctx())
	f.must("recommendations", err)
	var ids []int64
	for _, r := range list {
		ids = append(ids, r.ID)
	}
	if want := []int64{overdue.ID, open.ID, done.ID}; !slices.Equal(ids, want) {
		f.t.Errorf("order = %v; want %v", ids, want)
	}
	f.must("update", f.s.UpdateRecommendation(ctx(), overdue.ID, cdop.RecommendationUpdate{Status: cdop.RecommendationDone, Note: " done "}))
	f.invalid("an update dated tomorrow", f.s.UpdateRecommendation(ctx(), open.ID, cdop.RecommendationUpdate{Status: cdop.RecommendationDone, On: cdop.NewDate(2026, time.June, 16)}), "on")
	list, err = f.s.Recommendations(ctx())
	f.must("recommendations", err)
	if list[0].ID != open.ID || list[2].ID != overdue.ID || len(list[2].Updates) != 1 || list[2].Updates[0].By != "conformance" || list[2].Updates[0].Note != "done" {
		f.t.Errorf("after the update: %+v", list)
	}
}

func settingsAndDirectory(f *fixture) {
	s, err := f.s.Settings(ctx())
	f.must("settings", err)
	if s.AgencyReportDays != cdop.DefaultSettings.AgencyReportDays {
		f.t.Errorf("a new store's settings = %+v; want the defaults", s)
	}
	s.AgencyReportDays = 21
	s.ExtraHolidays = []cdop.Date{cdop.NewDate(2026, time.December, 29), cdop.NewDate(2026, time.July, 1), cdop.NewDate(2026, time.July, 1)}
	f.must("save settings", f.s.SaveSettings(ctx(), s))
	got, err := f.s.Settings(ctx())
	f.must("settings", err)
	if got.AgencyReportDays != 21 || !slices.Equal(got.ExtraHolidays, []cdop.Date{cdop.NewDate(2026, time.July, 1), cdop.NewDate(2026, time.December, 29)}) {
		f.t.Errorf("saved settings = %+v", got)
	}
	s.CDRMMonths = -1
	f.invalid("a negative target", f.s.SaveSettings(ctx(), s), "cdrm_months")

	a := f.agency("Northshire Police", "police")
	other := cdop.Agency{Name: "NORTHSHIRE  police", Type: "police"}
	f.refused("an agency's name again", f.s.SaveAgency(ctx(), &other), cdop.RuleNameInUse)
	c := f.create(nil)
	r := cdop.AgencyRequest{CaseID: c.ID, AgencyID: a.ID, Form: "reporting_form", RequestedOn: cdop.NewDate(2026, time.June, 1)}
	f.must("request", f.s.SaveRequest(ctx(), &r))
	if r.DueOn != cdop.NewDate(2026, time.June, 22) || r.AgencyName != "Northshire Police" {
		f.t.Errorf("request due %s from %q; want the setting's 21 days, the agency's name", r.DueOn, r.AgencyName)
	}
	e := cdop.FactorCatalogueEntry{Domain: "B", Text: "Cold housing"}
	f.must("add a factor", f.s.AddCatalogueFactor(ctx(), &e))
	if e.Code != "BL01" || e.Domain != "b" {
		f.t.Errorf("added %+v; want the first local code of domain B", e)
	}
	f.refused("the same factor again", f.s.AddCatalogueFactor(ctx(), &cdop.FactorCatalogueEntry{Domain: "b", Text: "COLD HOUSING"}), cdop.RuleNameInUse)
}

func signOffWithoutQuorum(f *fixture) {
	ready := func() *cdop.Case {
		c := f.at(cdop.StageCDOPReview)
		c.Analysis = CompleteAnalysis()
		f.must("record the analysis", f.s.UpdateCase(ctx(), c))
		return f.reload(c)
	}
	c, second := ready(), ready()
	on := cdop.NewDate(2026, time.June, 12)
	m := f.meetingWith(cdop.MeetingPanel, on, nil, c) // nobody recorded as present
	f.refused("a sign-off with nobody present", f.s.SignOff(ctx(), m.ID, c.ID), cdop.RuleNotQuorate)
	f.refused("the chair's sign-off without a reason", f.s.SignOffWithoutQuorum(ctx(), m.ID, c.ID, " "), cdop.RuleReasonRequired)
	quorate := f.meeting(cdop.MeetingPanel, on)
	f.refused("the chair's sign-off at a quorate meeting", f.s.SignOffWithoutQuorum(ctx(), quorate.ID, c.ID, "x"), cdop.RuleQuorate)
	f.unchanged("the refused sign-offs", c)

	f.must("the chair's sign-off", f.s.SignOffWithoutQuorum(ctx(), m.ID, c.ID, " Police sent apologies; the chair agreed to go on "))
	if got := f.reload(c); got.Stage != cdop.StageClosed || got.CDOPReviewOn != on {
		f.t.Errorf("signed off by the chair: stage %s, reviewed %s", got.Stage, got.CDOPReviewOn)
	}
	m, err := f.s.Meeting(ctx(), m.ID)
	f.must("meeting", err)
	if w := m.WithoutQuorum; w.Reason != "Police sent apologies; the chair agreed to go on" || w.By != "conformance" || !w.At.Equal(Start) {
		f.t.Errorf("the chair's decision stored as %+v", w)
	}
	history, err := f.s.CaseHistory(ctx(), c.ID)
	f.must("history", err)
	if !hasChange(history, "signoff", cdop.WithoutQuorumField, "Police sent apologies; the chair agreed to go on") {
		f.t.Errorf("the sign-off's audit does not carry the chair's reason: %+v", history)
	}

	// Who attended and who chaired are locked; other details are not, and
	// the chair's decision stays.
	late := *m
	late.Attendees = append(slices.Clone(m.Attendees), cdop.Attendee{Name: "Late Arrival", AgencyType: "police"})
	f.refused("an attendee added after the sign-off", f.s.SaveMeeting(ctx(), &late), cdop.RuleAttendanceLocked)
	chair := *m
	chair.Chair = "Someone Else"
	f.refused("the chair changed after the sign-off", f.s.SaveMeeting(ctx(), &chair), cdop.RuleAttendanceLocked)
	notes := *m
	notes.Notes = "Minutes circulated"
	f.must("notes after the sign-off", f.s.SaveMeeting(ctx(), &notes))
	if notes.WithoutQuorum.Reason == "" || len(notes.Attendees) != 0 {
		f.t.Errorf("after saving the notes: %+v", notes)
	}

	// Another case at the same meeting goes on the chair's decision recorded.
	f.must("add a second case", f.s.AddToAgenda(ctx(), m.ID, second.ID))
	f.must("sign the second case off", f.s.SignOff(ctx(), m.ID, second.ID))

	// A chair's sign-off refused for the case records no decision either.
	incomplete := f.at(cdop.StageCDOPReview)
	other := f.meetingWith(cdop.MeetingPanel, on, Quorate[:1], incomplete)
	f.refused("the chair's sign-off of an incomplete analysis", f.s.SignOffWithoutQuorum(ctx(), other.ID, incomplete.ID, "x"), cdop.RuleAnalysisIncomplete)
	if got, _ := f.s.Meeting(ctx(), other.ID); got.WithoutQuorum.Recorded() {
		f.t.Errorf("a refused sign-off recorded the chair's decision %+v", got.WithoutQuorum)
	}
}

// hasChange reports whether an audit row of action records field's new value.
func hasChange(history []cdop.AuditEntry, action, field, value string) bool {
	for _, e := range history {
		for _, c := range e.Changes {
			if e.Action == action && c.Field == field && c.New == value {
				return true
			}
		}
	}
	return false
}

func datedActions(f *fixture) {
	day := func(m time.Month, d int) cdop.Date { return cdop.NewDate(2026, m, d) }
	c := f.at(cdop.StageInformationGathering) // died 2 March, notified on the 3rd; today is 15 June
	agency := f.agency("Northshire Police", "police")

	// A report received on 2 June and logged today counts from 2 June.
	r := cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: day(time.May, 5), DueOn: day(time.June, 3)}
	f.must("request", f.s.SaveRequest(ctx(), &r))
	r.ReceivedOn = day(time.June, 2)
	f.must("received", f.s.SaveRequest(ctx(), &r))
	file, err := f.s.CaseFile(ctx(), c.ID)
	f.must("case file", err)
	for _, d := range cdop.Deadlines(file, cdop.Settings{}, cdop.Today(f.clock)) {
		if d.Name == cdop.DeadlineAgencyReports && (d.Done != day(time.June, 2) || !d.Met()) {
			f.t.Errorf("the report's deadline = %+v; want met on 2 June", d)
		}
	}
	tomorrow := r
	tomorrow.ReceivedOn = day(time.June, 16)
	f.invalid("a form received tomorrow", f.s.CorrectRequest(ctx(), &tomorrow, "typo"), "received_on")
	early := cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: day(time.March, 1)}
	f.invalid("a request before the death", f.s.SaveRequest(ctx(), &early), "requested_on")

	// Corrected or undone only with a reason, which the audit keeps.
	moved := r
	moved.ReceivedOn = day(time.June, 1)
	f.refused("the date received changed without a reason", f.s.SaveRequest(ctx(), &moved), cdop.RuleReasonRequired)
	f.refused("the date received changed with a blank reason", f.s.CorrectRequest(ctx(), &moved, " "), cdop.RuleReasonRequired)
	f.must("the date received corrected", f.s.CorrectRequest(ctx(), &moved, "logged on the wrong day"))
	undone := moved
	undone.ReceivedOn = cdop.Date{}
	f.must("received undone", f.s.CorrectRequest(ctx(), &undone, "it was another child's form"))
	if undone.Status() != cdop.RequestRequested {
		f.t.Errorf("after the undo the request is %s", undone.Status())
	}

	// A contact, corrected and undone.
	k := cdop.Contact{CaseID: c.ID, On: day(time.June, 2), Method: "phone"}
	f.must("contact", f.s.AddContact(ctx(), &k))
	f.invalid("a contact before the death", f.s.AddContact(ctx(), &cdop.Contact{CaseID: c.ID, On: day(time.March, 1), Method: "phone"}), "on")
	fixed := k
	fixed.On = day(time.June, 1)
	f.refused("a contact corrected without a reason", f.s.CorrectContact(ctx(), &fixed, ""), cdop.RuleReasonRequired)
	f.must("a contact corrected", f.s.CorrectContact(ctx(), &fixed, "logged late"))
	if fixed.On != day(time.June, 1) || fixed.ID != k.ID {
		f.t.Errorf("corrected contact %+v", fixed)
	}
	f.refused("a contact undone without a reason", f.s.RemoveContact(ctx(), k.ID, ""), cdop.RuleReasonRequired)
	f.must("a contact undone", f.s.RemoveContact(ctx(), k.ID, "entered on the wrong case"))
	if got := cdop.ErrorCode(f.s.RemoveContact(ctx(), k.ID, "again")); got != cdop.ENOTFOUND {
		f.t.Errorf("a contact undone twice: %s", got)
	}

	// A pause: restarted on its day, corrected, undone.
	p := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDRM, From: day(time.June, 1), Reason: "awaiting post-mortem"}
	f.must("pause", f.s.PauseClock(ctx(), &p))
	f.invalid("a restart tomorrow", f.s.ResumeClock(ctx(), p.ID, day(time.June, 16)), "to")
	f.must("restart", f.s.ResumeClock(ctx(), p.ID, day(time.June, 10)))
	again := p
	again.To = cdop.Date{}
	f.refused("a pause corrected without a reason", f.s.CorrectPause(ctx(), &again, ""), cdop.RuleReasonRequired)
	f.must("the restart undone", f.s.CorrectPause(ctx(), &again, "restarted by mistake"))
	f.must("the pause undone", f.s.RemovePause(ctx(), p.ID, "paused the wrong clock"))
	other := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDRM, From: day(time.June, 1), Reason: "awaiting inquest"}
	f.must("a pause where the one undone was", f.s.PauseClock(ctx(), &other))

	file, err = f.s.CaseFile(ctx(), c.ID)
	f.must("case file", err)
	if len(file.Contacts) != 0 || len(file.Pauses) != 1 || file.Pauses[0].ID != other.ID || file.Requests[0].ReceivedOn != (cdop.Date{}) {
		f.t.Errorf("after the undos: %d contacts, pauses %+v, request %+v", len(file.Contacts), file.Pauses, file.Requests[0])
	}
	history, err := f.s.CaseHistory(ctx(), c.ID)
	f.must("history", err)
	for _, w := range []struct{ action, reason string }{
		{"request", "logged on the wrong day"}, {"request", "it was another child's form"},
		{"contact", "logged late"}, {"contact", "entered on the wrong case"},
		{"pause", "restarted by mistake"}, {"pause", "paused the wrong clock"},
	} {
		if !hasChange(history, w.action, cdop.CorrectionReasonField, w.reason) {
			f.t.Errorf("no %s audit row with the reason %q", w.action, w.reason)
		}
	}

	closed := f.at(cdop.StageClosed)
	file, err = f.s.CaseFile(ctx(), closed.ID)
	f.must("case file", err)
	late := file.Requests[0]
	late.ReceivedOn = day(time.March, 31)
	f.refused("a correction on a closed case", f.s.CorrectRequest(ctx(), &late, "typo"), cdop.RuleClosedReadOnly)
}
