-- Deadline reminders. A user may have an e-mail address (optional), where
-- reminders of their unit's reports are sent.
ALTER TABLE users ADD COLUMN email TEXT;

-- Leases: work that one instance at a time does (the reminder scheduler)
-- is held by `holder` until `until`; another instance takes it over only
-- once that has passed (a guarded UPDATE, or the first INSERT).
CREATE TABLE leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    until TIMESTAMP NOT NULL
);

-- Each reminder emitted: once per kind, campaign, unit and period, held so
-- by the UNIQUE constraint across instances and restarts. Its audit event
-- (`report.due_soon` / `report.overdue`) is the change the webhook
-- dispatcher sends; its e-mail is sent from here, with a few retries.
CREATE TABLE reminders (
    id TEXT PRIMARY KEY NOT NULL,
    -- due_soon | overdue
    kind TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    org_unit_id TEXT NOT NULL,
    period_id TEXT NOT NULL,
    due_on DATE NOT NULL,
    event_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- none (no SMTP server set, or nobody to write to) | pending | sent | failed
    mail_status TEXT NOT NULL,
    mail_attempts INTEGER NOT NULL DEFAULT 0,
    mail_error TEXT,
    UNIQUE (kind, campaign_id, org_unit_id, period_id)
);
CREATE INDEX reminders_mail ON reminders (mail_status);
