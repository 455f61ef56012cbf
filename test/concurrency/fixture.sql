-- The fixture of test/concurrency/run.js, run by it as a superuser in a
-- database of its own; @ACCOUNTS@ and @START@ are replaced by run.js.
--
-- account/transfer: the invariant.  Every account starts with @START@;
-- every mutation the clients send moves an amount between two accounts and
-- records it in transfer, so at any snapshot
--   account.balance = @START@ + (transfers to it) - (transfers from it)
-- for each account, and the balances add up to @ACCOUNTS@ * @START@.
-- A deferred constraint trigger (account_total) refuses, at commit, a
-- transaction after which they do not; transfer's foreign keys are
-- deferred too.
--
-- fixed (with fixed_view, fixed_total()): contents no client changes, so a
-- query of them has exactly one right answer.
--
-- Every client runs as regress_graphql_conc, which holds only the privileges
-- granted here (the DDL session revokes and grants some of them again).
CREATE EXTENSION graphql;
DO $$
BEGIN
  CREATE ROLE regress_graphql_conc;
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;
-- helpers that must not appear in the GraphQL schema (graphql.schemas = public)
CREATE SCHEMA conc_private;

CREATE TABLE account (
  id int PRIMARY KEY,
  balance int NOT NULL,
  weight smallint NOT NULL DEFAULT 1,	-- smallint <-> int: a rewrite; GraphQL's Int both ways
  owner text NOT NULL,
  tag text NOT NULL DEFAULT 't'	-- dropped and added again
);
INSERT INTO account SELECT i, @START@, 1, 'owner ' || i FROM generate_series(1, @ACCOUNTS@) i;

CREATE TABLE transfer (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  from_id int NOT NULL REFERENCES account (id) DEFERRABLE INITIALLY DEFERRED,
  to_id int NOT NULL REFERENCES account (id) DEFERRABLE INITIALLY DEFERRED,
  amount int NOT NULL CHECK (amount > 0),
  memo smallint NOT NULL DEFAULT 0	-- smallint <-> int: a rewrite
);
CREATE INDEX transfer_from_id ON transfer (from_id);
CREATE INDEX transfer_to_id ON transfer (to_id);

CREATE FUNCTION conc_private.check_total() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  total bigint;
BEGIN
  SELECT sum(balance) INTO total FROM public.account;
  IF total IS DISTINCT FROM @ACCOUNTS@ * @START@ THEN
    RAISE EXCEPTION 'the balances add up to %, not %', total, @ACCOUNTS@ * @START@
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER account_total AFTER UPDATE OF balance ON account
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION conc_private.check_total();

-- a computed field (account.balance_check = balance) the DDL session drops
-- and creates again
CREATE FUNCTION account_balance_check(a account) RETURNS int
LANGUAGE sql STABLE AS 'SELECT $1.balance';

-- row-level security: policies the DDL session changes, none of which
-- changes what the clients see (p_all always lets every row through)
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
CREATE POLICY p_all ON account USING (true) WITH CHECK (true);

CREATE TABLE fixed (
  id int PRIMARY KEY,
  label text NOT NULL,		-- renamed to label_renamed and back
  val int NOT NULL,		-- int <-> smallint: a rewrite
  secret text			-- SELECT on it revoked and granted again
);
INSERT INTO fixed SELECT i, 'label ' || i, i * 7 % 100, 'secret ' || i FROM generate_series(1, 40) i;
CREATE VIEW fixed_view AS SELECT id, label FROM fixed WHERE id <= 10;
CREATE FUNCTION fixed_total() RETURNS bigint
LANGUAGE sql STABLE AS 'SELECT sum(val)::bigint FROM public.fixed';

-- mode_probe: a client checks that the constraint mode is still DEFERRED
-- after graphql.resolve by inserting a row whose foreign key is violated
-- and deleting it again
CREATE TABLE anchor (id int PRIMARY KEY);
CREATE TABLE mode_probe (
  id int PRIMARY KEY,
  anchor_id int REFERENCES anchor (id) DEFERRABLE INITIALLY DEFERRED
);

GRANT SELECT, UPDATE ON account TO regress_graphql_conc;
GRANT SELECT, INSERT ON transfer TO regress_graphql_conc;
GRANT SELECT (id, label, val, secret) ON fixed TO regress_graphql_conc;
GRANT SELECT ON fixed_view TO regress_graphql_conc;
GRANT SELECT, INSERT, DELETE ON mode_probe TO regress_graphql_conc;
