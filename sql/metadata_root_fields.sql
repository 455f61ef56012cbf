-- A select permission's lists (Hasura metadata): query_root_fields, the
-- root fields the role has for the table (all unless given: the table
-- stays reachable through relationships), subscription_root_fields
-- (checked and kept; graphql serves no subscriptions) and computed_fields,
-- the computed fields the role sees (none unless given).  A role the
-- metadata gives no permission sees everything its privileges allow.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
\set ON_ERROR_ROLLBACK on
BEGIN;

CREATE TABLE shop (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE item (id int PRIMARY KEY, shop_id int NOT NULL REFERENCES shop, title text NOT NULL,
                   price numeric NOT NULL);
INSERT INTO shop VALUES (1, 'corner'), (2, 'market');
INSERT INTO item VALUES (1, 1, 'tea', 3), (2, 1, 'cake', 5), (3, 2, 'fish', 9);
CREATE FUNCTION item_label(i item) RETURNS text LANGUAGE sql STABLE AS $$ SELECT i.title || ' at ' || i.price $$;
CREATE FUNCTION item_taxed(i item) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT i.price * 1.2 $$;

CREATE TEMP TABLE m (metadata jsonb);
INSERT INTO m VALUES ($${"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
  {"table": {"schema": "public", "name": "shop"},
   "array_relationships": [{"name": "items", "using": {"foreign_key_constraint_on":
                              {"table": {"schema": "public", "name": "item"}, "column": "shop_id"}}}],
   "select_permissions": [
     {"role": "regress_buyer", "permission": {"columns": ["id", "name"], "filter": {},
                                              "query_root_fields": ["select_by_pk"],
                                              "subscription_root_fields": ["select", "select_stream"]}}]},
  {"table": {"schema": "public", "name": "item"},
   "object_relationships": [{"name": "shop", "using": {"foreign_key_constraint_on": "shop_id"}}],
   "computed_fields": [{"name": "label", "definition": {"function": {"schema": "public", "name": "item_label"}}},
                       {"name": "taxed", "definition": {"function": {"schema": "public", "name": "item_taxed"}}}],
   "select_permissions": [
     {"role": "regress_buyer", "permission": {"columns": ["id", "shop_id", "title", "price"], "filter": {},
                                              "computed_fields": ["label"], "allow_aggregations": true,
                                              "query_root_fields": []}},
     {"role": "regress_clerk", "permission": {"columns": "*", "filter": {}, "allow_aggregations": true}}]}
]}]}$$);
SELECT * FROM graphql.apply_metadata((SELECT metadata FROM m)) WHERE status <> 'applied' OR item LIKE '%permission%';
SELECT graphql.export_metadata() = (SELECT metadata FROM m) AS round_trip;

-- the buyer: shop by primary key only; item through shop.items only, with
-- the computed field "label" and not "taxed"
SET ROLE regress_buyer;
SELECT graphql.resolve('{ __type(name: "query_root") { fields { name } } }');
SELECT graphql.resolve('{ shop_by_pk(id: 1) { name items(order_by: {id: asc}) { title label } } }');
SELECT graphql.resolve('{ shop { name } }');
SELECT graphql.resolve('{ item { title } }');
SELECT graphql.resolve('{ shop_by_pk(id: 1) { items { taxed } } }');
SELECT graphql.resolve('{ shop_by_pk(id: 2) { items(where: {label: {_like: "fish%"}}) { id } } }');
SELECT graphql.resolve('{ __type(name: "item") { fields { name } } }');
-- plain SQL is held to the rows and columns (the root fields are GraphQL's)
SELECT count(*) FROM item;
RESET ROLE;

-- the clerk's permission gives no lists: every root field, no computed field
SET ROLE regress_clerk;
SELECT graphql.resolve('{ __type(name: "query_root") { fields { name } } }');
SELECT graphql.resolve('{ item(order_by: {id: asc}) { title } }');
SELECT graphql.resolve('{ item { label } }');
RESET ROLE;

-- a role without a permission in the metadata (the superuser): everything
SELECT graphql.resolve('{ item(where: {id: {_eq: 1}}) { label taxed } shop(order_by: {id: asc}) { name } }');

-- refused: a root field that is not one, a computed field the table lacks,
-- a name twice, the lists on another permission
SELECT object, item, status, reason FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "kind": "postgres", "tables": [
  {"table": {"schema": "public", "name": "shop"},
   "select_permissions": [
     {"role": "regress_buyer", "permission": {"columns": ["id"], "filter": {}, "query_root_fields": ["select_stream"]}},
     {"role": "regress_clerk", "permission": {"columns": ["id"], "filter": {}, "subscription_root_fields": "select"}}],
   "insert_permissions": [
     {"role": "regress_clerk", "permission": {"columns": ["id"], "check": {}, "query_root_fields": ["select"]}}]},
  {"table": {"schema": "public", "name": "item"},
   "computed_fields": [{"name": "label", "definition": {"function": {"schema": "public", "name": "item_label"}}}],
   "select_permissions": [
     {"role": "regress_buyer", "permission": {"columns": ["id"], "filter": {}, "computed_fields": ["taxed"]}},
     {"role": "regress_clerk", "permission": {"columns": ["id"], "filter": {}, "computed_fields": ["label", "label"]}}]}
]}]}$$) WHERE status <> 'applied' ORDER BY 1, 2;

SELECT graphql.clear_metadata();
ROLLBACK;
