-- A reminder's e-mail is claimed by the instance about to send it, until
-- this time: a second instance (one that took the scheduler's lease over
-- while the first was still sending) skips it, so it is sent once. A claim
-- left by an instance that stopped mid-send runs out and is taken again.
ALTER TABLE reminders ADD COLUMN mail_claimed_until TIMESTAMP;
