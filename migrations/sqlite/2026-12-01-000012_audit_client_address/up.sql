-- The client address of each change (issue 20): the caller as the trusted
-- reverse proxies report it, or the direct peer; NULL for the command line
-- and for events recorded before this column.
ALTER TABLE audit_events ADD COLUMN client_address TEXT;
