package cdop

// The child death review meeting is held only once the post-mortem report
// is available (or when there was no post-mortem): the meeting reviews it.

// PostMortemWait says why a child death review meeting cannot be held yet,
// or "" when it can: whether there was a post-mortem is not recorded, or
// its report has not been received.
func (c *Case) PostMortemWait() string {
	switch {
	case c.PostMortem == "":
		return "record whether there was a post-mortem (the meeting waits for its report)"
	case c.PostMortem == "yes" && c.PostMortemReportReceivedOn.IsZero():
		return "the post-mortem report has not been received"
	}
	return ""
}

// refuseCDRMHeld refuses (RuleCDRMAwaitsPostMortem) recording a child death
// review meeting as held on day while the post-mortem report is awaited,
// or before the day it was received.
func (c *Case) refuseCDRMHeld(day Date) error {
	if wait := c.PostMortemWait(); wait != "" {
		return Refusef(RuleCDRMAwaitsPostMortem, "the child death review meeting of case %s cannot be recorded as held: %s", c.Ref, wait)
	}
	if got := c.PostMortemReportReceivedOn; c.PostMortem == "yes" && day.Before(got) {
		return Refusef(RuleCDRMAwaitsPostMortem, "the child death review meeting of case %s cannot be recorded as held on %s: the post-mortem report was received on %s, after it",
			c.Ref, day.Display(), got.Display())
	}
	return nil
}

// CDRMHeldTooEarly says, for an open case with a post-mortem whose child
// death review meeting is recorded as held (on or before today), why that
// breaks the rule: no report recorded, or one received after the meeting;
// nil otherwise. A historical import, or a database from before the report
// was recorded, may hold such a case; `check` lists it while the case is
// open, so that the report's date is added before the panel's review. A
// closed case is not held to it: its review is done.
func (c *Case) CDRMHeldTooEarly(today Date) error {
	if c.Stage == StageClosed || c.PostMortem != "yes" || c.CDRMOn.IsZero() || c.CDRMOn.After(today) {
		return nil
	}
	return c.refuseCDRMHeld(c.CDRMOn)
}
