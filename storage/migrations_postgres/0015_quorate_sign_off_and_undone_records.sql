-- A panel meeting that is not quorate signs cases off only with the
-- chair's decision to go on without a quorum: why, who recorded it and
-- when (cdop.ChairSignOff). NULL while there is none. The reason is typed
-- text, read and written in one place (storage/meetings.go).
ALTER TABLE meetings ADD COLUMN without_quorum_reason TEXT;
ALTER TABLE meetings ADD COLUMN without_quorum_by TEXT;
ALTER TABLE meetings ADD COLUMN without_quorum_at TEXT;  -- RFC 3339 UTC

-- A contact or a clock pause recorded in error is undone, not deleted: it
-- keeps its ID (no later record takes it, so the audit rows naming it name
-- it alone) and is marked with when it was undone; the reason and the old
-- values are in the audit log. Readers leave undone rows out
-- (storage/flow.go). A running pause undone no longer holds its clock.
ALTER TABLE contacts ADD COLUMN undone_at TEXT;      -- RFC 3339 UTC; NULL while it stands
ALTER TABLE clock_pauses ADD COLUMN undone_at TEXT;  -- RFC 3339 UTC; NULL while it stands
DROP INDEX clock_pauses_running;
CREATE UNIQUE INDEX clock_pauses_running ON clock_pauses (case_id, deadline) WHERE to_on IS NULL AND undone_at IS NULL;
