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
