ALTER TABLE reminders DROP COLUMN mail_claimed_until;
