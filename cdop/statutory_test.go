package cdop_test

import (
	"fmt"
	"strings"
	"testing"

	"casemanager/cdop"
)

// The statutory dataset's items are recorded only beside the answers they
// detail, with dates in the order things happen.
func TestValidateStatutoryDataset(t *testing.T) {
	d := cdop.MustParseDate
	tests := []struct {
		name   string
		change func(c *cdop.Case)
		wants  []want
	}{
		{"nothing recorded", func(c *cdop.Case) {}, nil},
		{"a non-resident child's panel", func(c *cdop.Case) { c.Residency, c.PanelOfResidence = "non_resident", "Kent and Medway CDOP" }, nil},
		{"a panel of residence for a resident child", func(c *cdop.Case) { c.Residency, c.PanelOfResidence = "resident", "Kent and Medway CDOP" },
			[]want{{"panel_of_residence", []string{"only when residency is non_resident"}}}},
		{"a panel of residence, residency not recorded", func(c *cdop.Case) { c.PanelOfResidence = "Kent and Medway CDOP" },
			[]want{{"panel_of_residence", []string{"non_resident"}}}},
		{"a looked-after child's notification", func(c *cdop.Case) { c.LookedAfter, c.LACNotifiedOn = "yes", d("2025-11-03") }, nil},
		{"Ofsted told of a child not looked after", func(c *cdop.Case) { c.LookedAfter, c.LACNotifiedOn = "no", d("2025-11-03") },
			[]want{{"lac_notified_on", []string{"looked_after is yes"}}}},
		{"Ofsted told before the death", func(c *cdop.Case) { c.LookedAfter, c.LACNotifiedOn = "yes", d("2025-11-01") },
			[]want{{"lac_notified_on", []string{"before the date of death"}}}},
		{"referred to the coroner on a day", func(c *cdop.Case) { c.CoronerReferred, c.CoronerReferredOn = "yes", d("2025-11-02") }, nil},
		{"a referral date without a referral", func(c *cdop.Case) { c.CoronerReferred, c.CoronerReferredOn = "no", d("2025-11-02") },
			[]want{{"coroner_referred_on", []string{"coroner_referred is yes"}}}},
		{"post-mortem and its report", func(c *cdop.Case) {
			c.PostMortem, c.PostMortemOn, c.PostMortemReportReceivedOn = "yes", d("2025-11-05"), d("2026-01-20")
		}, nil},
		{"a report with no post-mortem", func(c *cdop.Case) { c.PostMortem, c.PostMortemReportReceivedOn = "no", d("2026-01-20") },
			[]want{{"post_mortem_report_received_on", []string{"post_mortem is yes"}}}},
		{"a report before the post-mortem", func(c *cdop.Case) {
			c.PostMortem, c.PostMortemOn, c.PostMortemReportReceivedOn = "yes", d("2025-11-05"), d("2025-11-04")
		}, []want{{"post_mortem_report_received_on", []string{"before the post-mortem (2025-11-05)"}}}},
		{"an inquest open", func(c *cdop.Case) { c.Inquest, c.InquestOpenedOn = "pending", d("2025-11-10") }, nil},
		{"an inquest concluded", func(c *cdop.Case) {
			c.Inquest, c.InquestOpenedOn, c.InquestConcludedOn = "yes", d("2025-11-10"), d("2026-05-01")
		}, nil},
		{"an inquest opened, inquest no", func(c *cdop.Case) { c.Inquest, c.InquestOpenedOn = "no", d("2025-11-10") },
			[]want{{"inquest_opened_on", []string{"disagrees with inquest = no"}}}},
		{"an inquest concluded while pending", func(c *cdop.Case) {
			c.Inquest, c.InquestOpenedOn, c.InquestConcludedOn = "pending", d("2025-11-10"), d("2026-05-01")
		}, []want{{"inquest_concluded_on", []string{"inquest is yes"}}}},
		{"an inquest concluded before it opened", func(c *cdop.Case) {
			c.Inquest, c.InquestOpenedOn, c.InquestConcludedOn = "yes", d("2025-11-10"), d("2025-11-09")
		}, []want{{"inquest_concluded_on", []string{"before the inquest opened"}}}},
		{"the local authority aware before the death", func(c *cdop.Case) { c.LAAwareOn = d("2025-10-20") }, nil},
		{"the local authority aware before the birth", func(c *cdop.Case) { c.LAAwareOn = d("2015-04-09") },
			[]want{{"la_aware_on", []string{"before the date of birth"}}}},
		{"the local authority aware tomorrow", func(c *cdop.Case) { c.LAAwareOn = today.AddDays(1) },
			[]want{{"la_aware_on", []string{"in the future"}}}},
		{"submitted to NCMD by someone on a day", func(c *cdop.Case) { c.NCMDSubmittedOn, c.NCMDSubmittedBy = d("2026-05-01"), "sam" }, nil},
		{"submitted by someone on no day", func(c *cdop.Case) { c.NCMDSubmittedBy = "sam" },
			[]want{{"ncmd_submitted_by", []string{"the date the case was submitted to NCMD"}}}},
		{"a transfer", func(c *cdop.Case) { c.TransferredTo, c.TransferredOn = "Kent and Medway CDOP", d("2025-12-01") }, nil},
		{"a transfer to no panel", func(c *cdop.Case) { c.TransferredOn = d("2025-12-01") },
			[]want{{"transferred_on", []string{"the panel it was transferred to"}}}},
		{"a transfer on no day", func(c *cdop.Case) { c.TransferredTo = "Kent and Medway CDOP" },
			[]want{{"transferred_to", []string{"the date of the transfer"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseCase(t)
			tt.change(c)
			if tt.wants == nil {
				checkValid(t, c.ValidateOn(today))
				return
			}
			checkErrors(t, c.ValidateOn(today), tt.wants...)
		})
	}
}

// Scope: a stillbirth is reviewed only when no healthcare professional
// attended it, and then it is counted as a stillbirth, never as a
// neonatal death.
func TestStillbirthScope(t *testing.T) {
	d := cdop.MustParseDate
	tests := []struct {
		name     string
		outcome  string
		birth    cdop.Date
		band     cdop.AgeBand
		problems []want
	}{
		{"a neonate born alive", "live_birth", d("2025-11-02"), cdop.AgeBandNeonatal, nil},
		{"birth outcome not recorded", "", d("2025-11-02"), cdop.AgeBandNeonatal, nil},
		{"an unattended stillbirth", "unattended_stillbirth", d("2025-11-02"), cdop.AgeBandStillbirth, nil},
		{"a stillbirth a day before the death", "unattended_stillbirth", d("2025-11-01"), cdop.AgeBandStillbirth,
			[]want{{"birth_outcome", []string{"same day"}}}},
		{"an attended stillbirth", "stillbirth", d("2025-11-02"), cdop.AgeBandNeonatal,
			[]want{{"birth_outcome", []string{"out of scope", "unattended_stillbirth"}}}},
		{"an attended stillbirth, in other words", "attended_stillbirth", d("2025-11-02"), cdop.AgeBandNeonatal,
			[]want{{"birth_outcome", []string{"out of scope"}}}},
		{"a late foetal loss", "late_foetal_loss", d("2025-11-02"), cdop.AgeBandNeonatal,
			[]want{{"birth_outcome", []string{"is not allowed", "live_birth, unattended_stillbirth"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseCase(t)
			c.DateOfBirth, c.BirthOutcome = tt.birth, tt.outcome
			if tt.problems == nil {
				checkValid(t, c.ValidateOn(today))
			} else {
				checkErrors(t, c.ValidateOn(today), tt.problems...)
			}
			if got := c.AgeBand(); got != tt.band {
				t.Errorf("AgeBand = %q; want %q", got, tt.band)
			}
		})
	}
	if cdop.CaseAgeBands[0] != cdop.AgeBandStillbirth || len(cdop.CaseAgeBands) != len(cdop.AgeBands)+1 {
		t.Errorf("CaseAgeBands = %q; want the stillbirth band, then every band of a live birth", cdop.CaseAgeBands)
	}
}

// Category 3 names medical and surgical complications and error: the words
// that place a death from medical error there.
func TestCategoryThreeNamesMedicalError(t *testing.T) {
	if got := cdop.Categories.Label("3"); !strings.Contains(got, "including medical/surgical complications/error") {
		t.Errorf("category 3 reads %q", got)
	}
}

// A non-resident child's case gathers information only once the panel of
// the child's residence is named.
func TestNonResidentNeedsItsPanel(t *testing.T) {
	for _, tt := range []struct {
		residency, panel string
		needs            bool
	}{
		{"", "", false},
		{"resident", "", false},
		{"non_resident", "", true},
		{"non_resident", "Kent and Medway CDOP", false},
	} {
		c := baseCase(t)
		c.Stage = cdop.StageImmediateDecisions
		c.Residency, c.PanelOfResidence = tt.residency, tt.panel
		found := false
		for _, r := range cdop.MissingFor(&cdop.CaseFile{Case: c}, cdop.StageInformationGathering) {
			found = found || r.Field == "panel_of_residence"
		}
		if found != tt.needs {
			t.Errorf("residency %q, panel %q: needs the panel = %v; want %v", tt.residency, tt.panel, found, tt.needs)
		}
	}
}

// The child death review meeting is held only once the post-mortem report
// is in, or when there was no post-mortem; the reason it waits is given
// wherever it is refused: recording it held, a meeting's sign-off, and the
// move past it.
func TestCDRMWaitsForThePostMortemReport(t *testing.T) {
	tests := []struct {
		name       string
		pm         string
		report     cdop.Date
		held       cdop.Date
		refused    bool
		says       string
		needsField string
	}{
		{"no post-mortem", "no", cdop.Date{}, dt("2026-02-10"), false, "", ""},
		{"the report received before the meeting", "yes", dt("2026-01-20"), dt("2026-02-10"), false, "", ""},
		{"the report received on the meeting's day", "yes", dt("2026-02-10"), dt("2026-02-10"), false, "", ""},
		{"the report not received", "yes", cdop.Date{}, dt("2026-02-10"), true, "the post-mortem report has not been received", "post_mortem_report_received_on"},
		{"the report received after the meeting", "yes", dt("2026-03-01"), dt("2026-02-10"), true, "received on 1 Mar 2026, after it", ""},
		{"whether there was a post-mortem not recorded", "", cdop.Date{}, dt("2026-02-10"), true, "record whether there was a post-mortem", "post_mortem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setup := func(c *cdop.Case) {
				c.PostMortem, c.PostMortemReportReceivedOn = tt.pm, tt.report
				if tt.pm == "yes" {
					c.CoronerReferred = "yes"
				}
			}
			rule := cdop.Rule("")
			if tt.refused {
				rule = cdop.RuleCDRMAwaitsPostMortem
			}

			// Recording the meeting as held on the case.
			before := completeFile(t, cdop.StageCDRM).Case
			setup(before)
			before.CDRMOn, before.CDOPReviewOn, before.Analysis.SignedOffOn = cdop.Date{}, cdop.Date{}, cdop.Date{}
			after := before.Clone()
			after.CDRMOn = tt.held
			_, err := cdop.PrepareEdit(before, after, today)
			wantRule(t, "recording the meeting held", err, rule, tt.says)

			// Booking it ahead is always allowed.
			booked := before.Clone()
			booked.CDRMOn = today.AddDays(30)
			if _, err := cdop.PrepareEdit(before, booked, today); err != nil {
				t.Errorf("booking the meeting ahead: %v", err)
			}

			// A child death review meeting signing the case off.
			m, item, c := onAgenda(t, cdop.MeetingCDRM, tt.held.String(), cdop.StageCDRM)
			setup(c)
			_, err = cdop.SignOff(m, item, c, cdop.QuorumTypes, today)
			wantRule(t, "the meeting's sign-off", err, rule, tt.says)

			// The move past the meeting, with a meeting recorded.
			f := completeFile(t, cdop.StageCDRM)
			setup(f.Case)
			f.Case.CDRMOn = tt.held
			var found bool
			for _, r := range cdop.MissingFor(f, cdop.StageCDOPReview) {
				found = found || r.Field == tt.needsField && strings.Contains(r.Message, tt.says)
			}
			if found != (tt.needsField != "") {
				t.Errorf("MissingFor(CDOP review) = %v; want a need of %q: %v", cdop.MissingFor(f, cdop.StageCDOPReview), tt.needsField, tt.needsField != "")
			}
		})
	}
	// No meeting at all, with a reason: nothing to wait for.
	f := completeFile(t, cdop.StageCDRM)
	f.Case.PostMortem, f.Case.PostMortemReportReceivedOn = "yes", cdop.Date{}
	f.Case.CDRMOn, f.Case.CDRMNotHeldReason = cdop.Date{}, "Expected death; the panel agreed no meeting was needed"
	if missing := cdop.MissingFor(f, cdop.StageCDOPReview); len(missing) != 0 {
		t.Errorf("no meeting held, yet the move needs %v", missing)
	}
}

// What `check` lists: a meeting recorded as held before the post-mortem
// report of a case that had one (as a historical import may hold).
func TestCDRMHeldTooEarly(t *testing.T) {
	for _, tt := range []struct {
		name   string
		pm     string
		report cdop.Date
		held   cdop.Date
		wrong  bool
	}{
		{"no meeting yet", "yes", cdop.Date{}, cdop.Date{}, false},
		{"a meeting booked ahead", "yes", cdop.Date{}, today.AddDays(10), false},
		{"held without the report", "yes", cdop.Date{}, dt("2026-02-10"), true},
		{"held before the report", "yes", dt("2026-03-01"), dt("2026-02-10"), true},
		{"held after the report", "yes", dt("2026-01-10"), dt("2026-02-10"), false},
		{"no post-mortem", "no", cdop.Date{}, dt("2026-02-10"), false},
		{"post-mortem not recorded (history)", "", cdop.Date{}, dt("2026-02-10"), false},
	} {
		c := baseCase(t)
		c.Stage = cdop.StageCDOPReview
		c.PostMortem, c.PostMortemReportReceivedOn, c.CDRMOn = tt.pm, tt.report, tt.held
		if err := c.CDRMHeldTooEarly(today); (err != nil) != tt.wrong || err != nil && cdop.ErrorRule(err) != cdop.RuleCDRMAwaitsPostMortem {
			t.Errorf("%s: %v; want wrong = %v", tt.name, err, tt.wrong)
		}
		c.Stage = cdop.StageClosed
		if err := c.CDRMHeldTooEarly(today); err != nil {
			t.Errorf("%s, closed: %v; want a closed case left alone", tt.name, err)
		}
	}
}

// A notification logged in error is voided with a reason and kept; a case
// handed to another panel is transferred. Either is read-only from then on
// (a void made by mistake may be undone by clearing its reason alone),
// moves no further, joins no agenda, and leaves every figure and deadline.
func TestVoidAndTransfer(t *testing.T) {
	open := completeFile(t, cdop.StageInformationGathering).Case
	closed := closedCase(t)
	voided, err := cdop.Void(open, "  Logged twice: the hospital notified the death again  ")
	if err != nil || voided.VoidedReason != "Logged twice: the hospital notified the death again" || !voided.Voided() || voided.Counted() {
		t.Fatalf("Void = %+v, %v", voided, err)
	}
	if open.Voided() {
		t.Error("Void changed the case it was given")
	}
	transferred, err := cdop.Transfer(open, " Kent and Medway CDOP ", today)
	if err != nil || transferred.TransferredTo != "Kent and Medway CDOP" || transferred.TransferredOn != today || transferred.Counted() {
		t.Fatalf("Transfer = %+v, %v", transferred, err)
	}
	if err := transferred.ValidateOn(today); err != nil {
		t.Errorf("a transferred case is not valid: %v", err)
	}

	for _, tt := range []struct {
		name string
		err  error
		rule cdop.Rule
		says string
	}{
		{"void without a reason", second(cdop.Void(open, "  ")), cdop.RuleRequired, "say why"},
		{"void a voided case", second(cdop.Void(voided, "again")), cdop.RuleVoidedReadOnly, "voided as logged in error"},
		{"void a closed case", second(cdop.Void(closed, "error")), cdop.RuleClosedReadOnly, "reopen it"},
		{"transfer to no panel", second(cdop.Transfer(open, " ", today)), cdop.RuleRequired, "name the panel"},
		{"transfer a voided case", second(cdop.Transfer(voided, "Kent", today)), cdop.RuleVoidedReadOnly, ""},
		{"transfer twice", second(cdop.Transfer(transferred, "Kent", today)), cdop.RuleTransferredReadOnly, "transferred to Kent and Medway CDOP"},
		{"transfer a closed case", second(cdop.Transfer(closed, "Kent", today)), cdop.RuleClosedReadOnly, ""},
		{"a request on a voided case", cdop.RefuseReadOnly(voided), cdop.RuleVoidedReadOnly, ""},
		{"a request on a transferred case", cdop.RefuseReadOnly(transferred), cdop.RuleTransferredReadOnly, ""},
		{"a request on an open case", cdop.RefuseReadOnly(open), "", ""},
		{"a voided case moved on", cdop.CheckStageMove(&cdop.CaseFile{Case: voided}, cdop.StageCDRM, ""), cdop.RuleVoidedReadOnly, ""},
		{"a transferred case moved back", cdop.CheckStageMove(&cdop.CaseFile{Case: transferred}, cdop.StageNotified, "why"), cdop.RuleTransferredReadOnly, ""},
		{"a voided case on an agenda", (&cdop.Meeting{Kind: cdop.MeetingCDRM}).CanAddToAgenda(withStage(voided, cdop.StageCDRM)), cdop.RuleVoidedReadOnly, ""},
		{"an edit of a voided case", cdop.CheckEdit(voided, withSummary(voided)), cdop.RuleVoidedReadOnly, ""},
		{"an edit of a transferred case", cdop.CheckEdit(transferred, withSummary(transferred)), cdop.RuleTransferredReadOnly, ""},
		{"a voided case saved unchanged", cdop.CheckEdit(voided, voided.Clone()), "", ""},
		{"a void undone: its reason cleared", cdop.CheckEdit(voided, open.Clone()), "", ""},
		{"a void undone with another change", cdop.CheckEdit(voided, withSummary(open)), cdop.RuleVoidedReadOnly, ""},
		{"a transfer undone", cdop.CheckEdit(transferred, open.Clone()), cdop.RuleTransferredReadOnly, ""},
		{"voiding by an edit", cdop.CheckEdit(open, voided), "", ""},
	} {
		if tt.rule == "" {
			if tt.err != nil {
				t.Errorf("%s: %v; want allowed", tt.name, tt.err)
			}
			continue
		}
		got := cdop.ErrorRule(tt.err)
		if v, ok := cdop.AsValidationErrors(tt.err); ok && len(v) > 0 {
			got = v[0].Rule
		}
		if got != tt.rule || !strings.Contains(fmt.Sprint(tt.err), tt.says) {
			t.Errorf("%s: %v (rule %q); want rule %q saying %q", tt.name, tt.err, got, tt.rule, tt.says)
		}
	}

	// Out of every deadline, and of the duplicate rules.
	for _, c := range []*cdop.Case{voided, transferred} {
		if ds := cdop.DueItems([]*cdop.CaseFile{{Case: c}}, cdop.Settings{}, today); len(ds) != 0 {
			t.Errorf("%s: due items %v; want none", c.VoidedReason+c.TransferredTo, ds)
		}
	}
	again := open.Clone()
	again.ID = "renotified"
	if m := again.Compare(voided); m.Likeness != cdop.NotAlike {
		t.Errorf("a notification made again after voiding the first is %+v of it; want not alike", m)
	}
	if m := again.Compare(transferred); !m.Refused() {
		t.Errorf("the same child as a transferred case is %+v; want refused (the death is on record)", m)
	}
}

func second[T any](_ T, err error) error { return err }

func withStage(c *cdop.Case, s cdop.Stage) *cdop.Case {
	c = c.Clone()
	c.Stage = s
	return c
}

func withSummary(c *cdop.Case) *cdop.Case {
	c = c.Clone()
	c.Summary = "Changed."
	return c
}
