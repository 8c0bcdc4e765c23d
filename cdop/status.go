package cdop

import "strings"

// A case's record has a status beside its stage: a notification logged in
// error is voided (kept, read-only, out of every figure), and a case handed
// over to the panel of another area is transferred (kept here read-only,
// the other panel reviewing it).

// Voided reports whether the notification was voided as logged in error.
func (c *Case) Voided() bool { return strings.TrimSpace(c.VoidedReason) != "" }

// Transferred reports whether the case was handed over to another panel.
func (c *Case) Transferred() bool { return strings.TrimSpace(c.TransferredTo) != "" }

// Counted reports whether the case counts in the panel's figures and work:
// the annual report, the extract, the dashboard and what is due. A voided
// notification is no death; a transferred case is the other panel's.
func (c *Case) Counted() bool { return !c.Voided() && !c.Transferred() }

// RefuseReadOnly refuses a change to a case, or to what is recorded about
// it (requests, contacts, pauses, its stage), while the case is closed
// (RuleClosedReadOnly: reopen it first), voided (RuleVoidedReadOnly) or
// transferred (RuleTransferredReadOnly); nil when it may change.
func RefuseReadOnly(c *Case) error {
	switch {
	case c.Voided():
		return Refusef(RuleVoidedReadOnly, "case %s was voided as logged in error (%s); it is kept as it is, and changes nothing", c.Ref, strings.TrimSpace(c.VoidedReason))
	case c.Transferred():
		return Refusef(RuleTransferredReadOnly, "case %s was transferred to %s on %s, which reviews it now; it is kept here as it was", c.Ref, c.TransferredTo, c.TransferredOn.Display())
	}
	return RefuseClosed(c.Ref, c.Stage)
}

// Void returns c voided as a notification logged in error, with the reason
// (required), or why it cannot be: a voided or transferred case already is
// out of the panel's figures, and a closed case is reopened first. The
// store saves it as an edit (UpdateCase), audited like any other.
func Void(c *Case, reason string) (*Case, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, ValidationErrors{{Field: "voided_reason", Rule: RuleRequired, Message: "say why the notification was logged in error"}}
	}
	if err := RefuseReadOnly(c); err != nil {
		return nil, err
	}
	v := c.Clone()
	v.VoidedReason = reason
	return v, nil
}

// Transfer returns c handed over on today to the panel named to (required),
// or why it cannot be: a voided, transferred or closed case is not handed
// over. Export the case as it was (before this change) for the other
// panel, then save the transferred case (UpdateCase); it is read-only from
// then on and out of this panel's figures.
func Transfer(c *Case, to string, today Date) (*Case, error) {
	to = strings.TrimSpace(to)
	if to == "" {
		return nil, ValidationErrors{{Field: "transferred_to", Rule: RuleRequired, Message: "name the panel the case is transferred to"}}
	}
	if err := RefuseReadOnly(c); err != nil {
		return nil, err
	}
	t := c.Clone()
	t.TransferredTo, t.TransferredOn = to, today
	return t, nil
}

// checkStatusEdit refuses an edit of a voided or transferred case, but for
// restoring a notification voided by mistake: clearing its reason and
// nothing else.
func checkStatusEdit(before, after *Case) error {
	if before.Counted() {
		return nil
	}
	changes := Diff(before, after)
	if len(changes) == 0 {
		return nil
	}
	if before.Voided() && !before.Transferred() && len(changes) == 1 && changes[0].Field == "voided_reason" && !after.Voided() {
		return nil
	}
	return RefuseReadOnly(before)
}
