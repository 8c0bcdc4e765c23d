package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// newGuideScroll scrolls the guide within its dialog.
func newGuideScroll(o fyne.CanvasObject) fyne.CanvasObject { return container.NewVScroll(o) }

// flowchartGuide is the built-in guide (Help → Guide to the flowchart, F1):
// the statutory stages, what each needs before a case moves on, and where
// in the app it is done.
const flowchartGuide = `Every death is reviewed in six stages, in order. **Move to …** on a case's page checks what the next stage needs and says what is missing, with a button to the tab where it is entered. **Move back…** and **Reopen…** ask for a reason. Every move is recorded.

1. **Notified** — log the death with **New notification** (Ctrl+N): the child, the death, who told the panel and when. A possible duplicate is flagged before saving.
2. **Immediate decisions** — needs the date the panel was notified. On the *Decisions* tab record whether the death was expected, whether a Joint Agency Response is needed (and why), whether abuse or neglect is suspected (the Child Safeguarding Practice Review Panel must then be told within 5 working days), and the coroner referral.
3. **Information gathering** — needs those decisions. On *Agency reports* request a reporting form from every agency that knew the child; chase, and mark each received or declined. On *Family* note the key worker and each contact with the family.
4. **Child death review meeting** — needs at least one form requested and every request received or declined. Book the meeting under **Meetings**, put the case on its agenda, and record it held (or why none was held).
5. **CDOP review** — needs the meeting's date or the reason none was held. The panel completes the *Analysis*: factors and a score for each of the four domains, the outcome, the category of death, learning.
6. **Closed** — needs the panel's review date and a complete, consistent analysis signed off at a panel meeting. A closed case is read-only until reopened.

**Deadlines.** The *Dashboard* lists every open deadline, most urgent first; the *Deadlines* tab of a case shows its clocks, which can be paused with a reason (e.g. awaiting an inquest).

**Keys.** Ctrl+N new notification · Ctrl+F find a case · Ctrl+S save · Ctrl+1 … Ctrl+7 the screens · Ctrl+, settings · Ctrl+L lock · Ctrl+Q quit · F1 this guide (in a text box too) · Tab and Shift+Tab move between fields, leaving boxes of several lines too · in a dialog, Enter confirms and Escape cancels. On a Mac, ⌘ in place of Ctrl.`
