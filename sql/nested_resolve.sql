-- graphql.resolve called while graphql.resolve runs a statement (a
-- computed field, a trigger or a policy function calling it): each call
-- keeps its own prepared statements and its own error paths.  The inner
-- call used to replace the outer one's (file statics): the outer
-- request's next root field found no prepared statement, and an error
-- after the inner call lost its path.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;
CREATE TABLE nr (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO nr VALUES (1, 'one'), (2, 'two');
-- a computed field that answers a GraphQL request of its own
CREATE FUNCTION nr_inner(r nr) RETURNS text STABLE LANGUAGE sql
  AS $$ SELECT graphql.resolve('{ nr(order_by: {id: desc}, limit: 1) { name } }')::text $$;

-- two root fields, the first one's rows each running an inner request
SELECT graphql.resolve('{ a: nr(order_by: {id: asc}) { id inner } b: nr(order_by: {id: asc}) { name } }');

-- an update_many: its later updates after inner requests
CREATE TABLE log (id serial PRIMARY KEY, seen text);
CREATE FUNCTION nr_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log (seen) VALUES (graphql.resolve('{ nr(order_by: {id: asc}) { id } }')::text);
  RETURN NEW;
END $$;
CREATE TRIGGER nr_log BEFORE UPDATE ON nr FOR EACH ROW EXECUTE FUNCTION nr_log();
SELECT graphql.resolve('mutation { update_nr_many(updates: [{where: {id: {_eq: 1}}, _set: {name: "uno"}}, {where: {id: {_eq: 2}}, _set: {name: "dos"}}]) { affected_rows } }');
SELECT count(*) AS inner_requests FROM log;

-- an error after an inner request keeps the outer statement's path
CREATE FUNCTION nr_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM graphql.resolve('{ nr { id } }');
  IF NEW.name = 'bad' THEN
    RAISE EXCEPTION 'name % refused', NEW.name USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER nr_check BEFORE INSERT ON nr FOR EACH ROW EXECUTE FUNCTION nr_check();
SELECT graphql.resolve('mutation { insert_nr(objects: [{id: 3, name: "three"}, {id: 4, name: "bad"}]) { affected_rows } }');
SELECT graphql.resolve('mutation { insert_nr_one(object: {id: 5, name: "bad"}) { id } }');
SELECT count(*) AS rows_after FROM nr;
ROLLBACK;
