-- Hasura's extensions.code (and message) for the errors PostgreSQL reports
-- while a request runs, by SQLSTATE: class 22 data-exception (22025, an
-- invalid escape in a LIKE pattern: bad-request), class 23
-- constraint-violation with Hasura's prefix (23514, a check violation:
-- permission-error), class 42 constraint-error for the two codes Hasura's
-- GraphQL statements expect (42704, 42P10), class 40 concurrent-update.
-- A failed request writes nothing.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;
CREATE TABLE parent (
  id int PRIMARY KEY,
  name text NOT NULL UNIQUE,
  kind regtype
);
CREATE TABLE child (
  id int PRIMARY KEY,
  parent_id int REFERENCES parent ON DELETE RESTRICT,
  qty int CHECK (qty > 0),
  amount numeric(5,2),
  note text
);
CREATE TABLE booking (
  id int PRIMARY KEY,
  during int4range,
  EXCLUDE USING gist (during WITH &&)
);
CREATE TABLE slot (
  id int PRIMARY KEY,
  code text,
  CONSTRAINT slot_code_key UNIQUE (code) DEFERRABLE
);
-- what child's trigger writes: no unique constraint on note
CREATE TABLE child_log (note text);
-- counts the trigger's serialization failures: a sequence is not rolled back
CREATE SEQUENCE serialization_failures;
INSERT INTO parent VALUES (1, 'abcd', 'int4'), (2, 'ABCD', NULL), (3, 'lonely', NULL);
INSERT INTO child VALUES (10, 1, 5, 1.50, NULL), (11, 2, 1, NULL, NULL);
INSERT INTO booking VALUES (1, '[1,5)');
INSERT INTO slot VALUES (1, 'a');
-- the whole state, to check after each failure that nothing was written
CREATE TEMP VIEW state AS
  SELECT (SELECT string_agg(format('%s:%s:%s', id, name, kind), ' ' ORDER BY id) FROM parent) AS parents,
         (SELECT string_agg(format('%s:%s:%s:%s:%s', id, parent_id, qty, amount, note), ' ' ORDER BY id) FROM child) AS children,
         (SELECT string_agg(format('%s:%s', id, during), ' ' ORDER BY id) FROM booking) AS bookings,
         (SELECT string_agg(format('%s:%s', id, code), ' ' ORDER BY id) FROM slot) AS slots,
         (SELECT count(*) FROM child_log) AS logged;
SELECT * FROM state;

-- class 22: a LIKE pattern ending in the escape character is bad-request
-- (PostgreSQL finds it only when matching a row against it: for "abc\\"
-- the planner would only read the rows equal to "abc" through the index)
SELECT graphql.resolve($$query { parent(where: {name: {_like: "ab%\\"}}) { id } }$$);
SELECT graphql.resolve($$query { parent(where: {name: {_ilike: "abc\\"}}) { id } }$$);
SELECT graphql.resolve($$query { parent(where: {name: {_nlike: "abc\\"}}) { id } }$$);
-- and in a mutation's where: nothing is written
SELECT graphql.resolve($$mutation {
  insert_parent_one(object: {id: 4, name: "new"}) { id }
  delete_parent(where: {name: {_like: "ab%\\"}}) { affected_rows }
}$$);
SELECT * FROM state;
-- other data exceptions stay data-exception: an invalid regular expression,
-- a number out of the column's range
SELECT graphql.resolve($$query { parent(where: {name: {_regex: "("}}) { id } }$$);
SELECT graphql.resolve($$mutation {
  insert_parent_one(object: {id: 4, name: "new"}) { id }
  insert_child_one(object: {id: 12, parent_id: 4, amount: 12345.67}) { id }
}$$);
SELECT * FROM state;

-- class 23: constraint-violation with Hasura's prefixes
-- not-null
SELECT graphql.resolve($$mutation {
  update_child(where: {}, _inc: {qty: 1}) { affected_rows }
  insert_parent_one(object: {id: 4}) { id }
}$$);
-- unique
SELECT graphql.resolve($$mutation {
  insert_parent_one(object: {id: 4, name: "new"}) { id }
  update_parent_by_pk(pk_columns: {id: 3}, _set: {name: "abcd"}) { id }
}$$);
-- foreign key: a missing parent
SELECT graphql.resolve($$mutation {
  insert_child_one(object: {id: 12, parent_id: 99}) { id }
}$$);
-- ON DELETE RESTRICT: PostgreSQL reports a foreign key violation (23503)
-- for it, as for NO ACTION
SELECT graphql.resolve($$mutation {
  delete_child_by_pk(id: 11) { id }
  delete_parent_by_pk(id: 1) { id }
}$$);
-- exclusion
SELECT graphql.resolve($$mutation {
  insert_booking(objects: [{id: 2, during: "[10,20)"}, {id: 3, during: "[4,6)"}]) { affected_rows }
}$$);
-- check: Hasura's code for it is permission-error
SELECT graphql.resolve($$mutation {
  insert_child_one(object: {id: 12, parent_id: 3, qty: 2}) { id }
  update_child(where: {id: {_eq: 10}}, _set: {qty: 0}) { affected_rows }
}$$);
SELECT * FROM state;

-- restrict_violation (23001) and the other codes of the class, raised by a
-- trigger (PostgreSQL's own foreign keys report 23503)
CREATE FUNCTION child_guard() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF NEW.note = 'restrict' THEN
    RAISE EXCEPTION 'child % is referred to', NEW.id USING ERRCODE = 'restrict_violation';
  ELSIF NEW.note = 'integrity' THEN
    RAISE EXCEPTION 'child % breaks a rule', NEW.id USING ERRCODE = 'integrity_constraint_violation';
  ELSIF NEW.note = 'log' THEN
    INSERT INTO child_log VALUES (NEW.note) ON CONFLICT (note) DO NOTHING;
  ELSIF NEW.note = 'type' THEN
    PERFORM 'no_such_type'::pg_catalog.regtype;
  ELSIF NEW.note = 'serialization' THEN
    INSERT INTO child_log VALUES (NEW.note);
    PERFORM nextval('serialization_failures');
    RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure';
  ELSIF NEW.note = 'deadlock' THEN
    RAISE EXCEPTION 'deadlock on child %', NEW.id USING ERRCODE = 'deadlock_detected';
  ELSIF NEW.note = 'column' THEN
    RAISE EXCEPTION 'no column here' USING ERRCODE = 'undefined_column';
  END IF;
  RETURN NEW;
END
$f$;
CREATE TRIGGER child_guard BEFORE INSERT OR UPDATE ON child
  FOR EACH ROW EXECUTE FUNCTION child_guard();
SELECT graphql.resolve($$mutation {
  insert_parent_one(object: {id: 4, name: "new"}) { id }
  update_child_by_pk(pk_columns: {id: 10}, _set: {note: "restrict"}) { id }
}$$);
SELECT graphql.resolve($$mutation { update_child(where: {}, _set: {note: "integrity"}) { affected_rows } }$$);
SELECT * FROM state;

-- class 42: 42P10 (an ON CONFLICT with no unique constraint on its
-- columns, here in the trigger: the on_conflict argument only names
-- existing unique constraints) gets Hasura's message; 42704 keeps
-- PostgreSQL's; both are constraint-error
SELECT graphql.resolve($$mutation {
  insert_parent_one(object: {id: 4, name: "new"}) { id }
  insert_child_one(object: {id: 12, parent_id: 4, note: "log"}) { id }
}$$);
SELECT graphql.resolve($$mutation { update_child(where: {}, _set: {note: "type"}) { affected_rows } }$$);
SELECT graphql.resolve($$query { parent(where: {kind: {_eq: "no_such_type"}}) { id } }$$);
-- other codes of class 42 stay unexpected, as in Hasura (a column not
-- found, 42703), and so do other classes (a deferrable unique constraint
-- named in on_conflict cannot be an arbiter: 55000); a refused privilege
-- (42501) stays permission-error (tests mutation_errors, views)
SELECT graphql.resolve($$mutation { update_child(where: {}, _set: {note: "column"}) { affected_rows } }$$);
SELECT graphql.resolve($$mutation {
  insert_slot_one(object: {id: 2, code: "a"}, on_conflict: {constraint: slot_code_key, update_columns: []}) { id }
}$$);
SELECT * FROM state;

-- class 40: concurrent-update; a serialization failure with Hasura's
-- message (raised here by the trigger: one session cannot conflict with
-- itself), run once and written nowhere
SELECT graphql.resolve($$mutation {
  insert_parent_one(object: {id: 4, name: "new"}) { id }
  insert_child_one(object: {id: 12, parent_id: 4, note: "serialization"}) { id }
}$$);
SELECT last_value, is_called FROM serialization_failures;
-- another code of the class keeps PostgreSQL's message
SELECT graphql.resolve($$mutation { update_child(where: {id: {_eq: 11}}, _set: {note: "deadlock"}) { affected_rows } }$$);
SELECT * FROM state;

ROLLBACK;
