-- Row evidence: every row a command writes travels into its audit entry, so that replaying the log
-- rebuilds every table and a row changed, added or removed behind Kazna's back is caught.
--
-- Statement-level triggers (installed on every state table by the migration runner, see
-- src/db/evidence.ts) copy the rows a statement wrote into a per-session temporary table; the audit
-- append takes them out of it before commit and puts them in the transaction's entry. The triggers
-- only collect evidence: verification never trusts them, it compares the live tables with the log.
--
-- Only the application's own sessions collect (`kazna.capture = on` is set at connection start-up);
-- a row written by any other session, a superuser's included, is simply not in the log, which is
-- exactly what verification reports.

CREATE FUNCTION kazna_rows_guard() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('kazna.capture', true) IS DISTINCT FROM 'on' THEN
    RETURN false;
  END IF;
  -- An autocommitted write could not carry an entry: refuse it instead of losing its evidence.
  IF current_setting('kazna.tx', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION USING ERRCODE = 'KZ001',
      MESSAGE = 'a write outside a transaction carries no audit evidence';
  END IF;
  RETURN true;
END $$;

-- The image of a row is PostgreSQL's own to_jsonb, under fixed output settings, so that the same
-- row renders to the same text in the session that wrote it and in the one that verifies it.
CREATE FUNCTION kazna_rows_written() RETURNS trigger LANGUAGE plpgsql
  SET TimeZone = 'UTC' SET bytea_output = 'hex' SET extra_float_digits = 1 SET IntervalStyle = 'iso_8601'
AS $$
BEGIN
  IF kazna_rows_guard() THEN
    INSERT INTO pg_temp.kazna_rows (entry, tbl, op, img)
      SELECT nullif(current_setting('kazna.entry', true), '')::bigint, TG_TABLE_NAME,
             CASE TG_OP WHEN 'INSERT' THEN 'i' ELSE 'u' END, to_jsonb(n)
        FROM new_rows n;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION kazna_rows_deleted() RETURNS trigger LANGUAGE plpgsql
  SET TimeZone = 'UTC' SET bytea_output = 'hex' SET extra_float_digits = 1 SET IntervalStyle = 'iso_8601'
AS $$
BEGIN
  IF kazna_rows_guard() THEN
    INSERT INTO pg_temp.kazna_rows (entry, tbl, op, img)
      SELECT nullif(current_setting('kazna.entry', true), '')::bigint, TG_TABLE_NAME, 'd', to_jsonb(o)
        FROM old_rows o;
  END IF;
  RETURN NULL;
END $$;

-- Run just before COMMIT (in the same round trip): a transaction whose rows no entry took is a
-- state change without evidence, which is a bug, so the commit is refused.
CREATE FUNCTION kazna_rows_evidenced() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t text;
BEGIN
  IF current_setting('kazna.capture', true) IS DISTINCT FROM 'on' THEN
    RETURN;
  END IF;
  SELECT tbl INTO t FROM pg_temp.kazna_rows LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'KZ002',
      MESSAGE = format('a change to %s has no audit entry in its transaction', t);
  END IF;
END $$;
