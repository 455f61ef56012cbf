-- Hasura metadata on a Chinook-like music store (mixed-case names, as
-- Chinook has them): relationships along the catalog and the sales,
-- custom names, a computed field, a tracked function, and permissions for
-- a customer (their own invoices, and the lines of them through a
-- relationship; tracks at most 3 at a time, no aggregates) and a support
-- employee (the customers they support, with aggregates); each role held
-- to the same rows by GraphQL and by plain SQL.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
\set ON_ERROR_ROLLBACK on
BEGIN;

CREATE TABLE "Artist" ("ArtistId" int PRIMARY KEY, "Name" text);
CREATE TABLE "Album" ("AlbumId" int PRIMARY KEY, "Title" text NOT NULL,
                      "ArtistId" int NOT NULL REFERENCES "Artist");
CREATE TABLE "Genre" ("GenreId" int PRIMARY KEY, "Name" text);
CREATE TABLE "Track" ("TrackId" int PRIMARY KEY, "Name" text NOT NULL, "AlbumId" int REFERENCES "Album",
                      "GenreId" int REFERENCES "Genre", "Milliseconds" int NOT NULL,
                      "UnitPrice" numeric(10, 2) NOT NULL);
CREATE TABLE "Employee" ("EmployeeId" int PRIMARY KEY, "LastName" text NOT NULL);
CREATE TABLE "Customer" ("CustomerId" int PRIMARY KEY, "FirstName" text NOT NULL, "Email" text NOT NULL,
                         "SupportRepId" int REFERENCES "Employee");
CREATE TABLE "Invoice" ("InvoiceId" int PRIMARY KEY, "CustomerId" int NOT NULL REFERENCES "Customer",
                        "Total" numeric(10, 2) NOT NULL);
CREATE TABLE "InvoiceLine" ("InvoiceLineId" int PRIMARY KEY, "InvoiceId" int NOT NULL REFERENCES "Invoice",
                            "TrackId" int NOT NULL REFERENCES "Track", "Quantity" int NOT NULL);
INSERT INTO "Artist" VALUES (1, 'AC/DC'), (2, 'Accept'), (3, 'Buddy Guy');
INSERT INTO "Album" VALUES (1, 'For Those About To Rock', 1), (2, 'Balls to the Wall', 2), (3, 'Let There Be Rock', 1),
  (4, 'Damn Right', 3);
INSERT INTO "Genre" VALUES (1, 'Rock'), (2, 'Jazz');
INSERT INTO "Track" VALUES (1, 'For Those About To Rock', 1, 1, 343719, 0.99), (2, 'Put The Finger On You', 1, 1, 205662, 0.99),
  (3, 'Balls to the Wall', 2, 1, 342562, 0.99), (4, 'Go Down', 3, 1, 331180, 0.99), (5, 'Dog Eat Dog', 3, 2, 215196, 1.99),
  (6, 'Mustang Sally', 4, 2, 240000, 0.99);
INSERT INTO "Employee" VALUES (3, 'Peacock'), (4, 'Park');
INSERT INTO "Customer" VALUES (1, 'Luís', 'luisg@embraer.com.br', 3), (2, 'Leonie', 'leonekohler@surfeu.de', 4),
  (3, 'François', 'ftremblay@gmail.com', 3);
INSERT INTO "Invoice" VALUES (98, 1, 3.98), (121, 1, 3.96), (99, 2, 1.98), (100, 3, 0.99);
INSERT INTO "InvoiceLine" VALUES (1, 98, 1, 1), (2, 98, 2, 1), (3, 121, 5, 2), (4, 99, 3, 2), (5, 100, 4, 1);
CREATE FUNCTION track_seconds(t "Track") RETURNS int LANGUAGE sql STABLE AS $$ SELECT t."Milliseconds" / 1000 $$;
CREATE FUNCTION search_tracks(search text) RETURNS SETOF "Track" LANGUAGE sql STABLE
  AS $$ SELECT * FROM "Track" WHERE "Name" ILIKE '%' || search || '%' $$;

CREATE TEMP TABLE m (metadata jsonb);
INSERT INTO m VALUES ($${
  "version": 3,
  "sources": [{"name": "chinook", "kind": "postgres",
    "configuration": {"connection_info": {"database_url": {"from_env": "CHINOOK_URL"}}},
    "tables": [
      {"table": {"schema": "public", "name": "Artist"},
       "configuration": {"custom_name": "artist", "column_config": {"ArtistId": {"custom_name": "id"}, "Name": {"custom_name": "name"}},
                         "custom_root_fields": {"select": "artists", "select_by_pk": "artist"}},
       "array_relationships": [{"name": "albums", "using": {"foreign_key_constraint_on": {"table": {"schema": "public", "name": "Album"}, "column": "ArtistId"}}}],
       "select_permissions": [{"role": "regress_chinook_customer", "permission": {"columns": ["ArtistId", "Name"], "filter": {}}}]},
      {"table": {"schema": "public", "name": "Album"},
       "configuration": {"custom_name": "album", "column_config": {"AlbumId": {"custom_name": "id"}, "Title": {"custom_name": "title"}}},
       "object_relationships": [{"name": "artist", "using": {"foreign_key_constraint_on": "ArtistId"}}],
       "array_relationships": [{"name": "tracks", "using": {"foreign_key_constraint_on": {"table": {"schema": "public", "name": "Track"}, "column": "AlbumId"}}}],
       "select_permissions": [{"role": "regress_chinook_customer", "permission": {"columns": ["AlbumId", "Title", "ArtistId"], "filter": {}}}]},
      {"table": {"schema": "public", "name": "Genre"},
       "configuration": {"custom_name": "genre"}},
      {"table": {"schema": "public", "name": "Track"},
       "configuration": {"custom_name": "track", "column_config": {"TrackId": {"custom_name": "id"}, "Name": {"custom_name": "name"},
                                                                   "UnitPrice": {"custom_name": "price"}}},
       "object_relationships": [{"name": "album", "using": {"foreign_key_constraint_on": "AlbumId"}},
                                {"name": "genre", "using": {"manual_configuration": {"remote_table": {"schema": "public", "name": "Genre"},
                                                                                     "column_mapping": {"GenreId": "GenreId"}}}}],
       "computed_fields": [{"name": "seconds", "definition": {"function": {"schema": "public", "name": "track_seconds"}}}],
       "select_permissions": [{"role": "regress_chinook_customer",
                               "permission": {"columns": ["TrackId", "Name", "AlbumId", "Milliseconds", "UnitPrice"],
                                              "filter": {"album": {"artist": {"Name": {"_like": "A%"}}}}, "limit": 3}}]},
      {"table": {"schema": "public", "name": "Employee"}},
      {"table": {"schema": "public", "name": "Customer"},
       "configuration": {"custom_name": "customer"},
       "object_relationships": [{"name": "support_rep", "using": {"foreign_key_constraint_on": "SupportRepId"}}],
       "array_relationships": [{"name": "invoices", "using": {"foreign_key_constraint_on": {"table": {"schema": "public", "name": "Invoice"}, "column": "CustomerId"}}}],
       "select_permissions": [
         {"role": "regress_chinook_customer", "permission": {"columns": ["CustomerId", "FirstName", "Email"],
                                                             "filter": {"CustomerId": {"_eq": "X-Hasura-User-Id"}}}},
         {"role": "regress_chinook_support", "permission": {"columns": ["CustomerId", "FirstName", "SupportRepId"],
                                                            "filter": {"SupportRepId": {"_eq": "X-Hasura-User-Id"}},
                                                            "allow_aggregations": true}}],
       "update_permissions": [{"role": "regress_chinook_customer", "permission": {"columns": ["Email"],
                                                                                  "filter": {"CustomerId": {"_eq": "X-Hasura-User-Id"}},
                                                                                  "check": {"Email": {"_like": "%@%"}}}}]},
      {"table": {"schema": "public", "name": "Invoice"},
       "configuration": {"custom_name": "invoice"},
       "object_relationships": [{"name": "customer", "using": {"foreign_key_constraint_on": "CustomerId"}}],
       "array_relationships": [{"name": "lines", "using": {"foreign_key_constraint_on": {"table": {"schema": "public", "name": "InvoiceLine"}, "column": "InvoiceId"}}}],
       "select_permissions": [
         {"role": "regress_chinook_customer", "permission": {"columns": "*", "filter": {"CustomerId": {"_eq": "X-Hasura-User-Id"}}}},
         {"role": "regress_chinook_support", "permission": {"columns": "*", "filter": {"customer": {"SupportRepId": {"_eq": "X-Hasura-User-Id"}}},
                                                            "allow_aggregations": true}}]},
      {"table": {"schema": "public", "name": "InvoiceLine"},
       "configuration": {"custom_name": "invoice_line"},
       "object_relationships": [{"name": "invoice", "using": {"foreign_key_constraint_on": "InvoiceId"}},
                                {"name": "track", "using": {"foreign_key_constraint_on": "TrackId"}}],
       "select_permissions": [{"role": "regress_chinook_customer",
                               "permission": {"columns": ["InvoiceLineId", "InvoiceId", "TrackId", "Quantity"],
                                              "filter": {"invoice": {"CustomerId": {"_eq": "X-Hasura-User-Id"}}}}}]}
    ],
    "functions": [{"function": {"schema": "public", "name": "search_tracks"}}]
  }]
}$$);

SELECT status, count(*) FROM graphql.apply_metadata((SELECT metadata FROM m)) GROUP BY 1 ORDER BY 1;
SELECT object, item, reason FROM graphql.apply_metadata((SELECT metadata FROM m)) WHERE status <> 'applied';

-- the catalog, by its custom names (as the superuser, who has no permission to keep to)
SELECT jsonb_pretty(graphql.resolve($$
  { artists(order_by: {id: asc}) { name albums(order_by: {id: asc}) { title tracks(order_by: {id: asc}) { name price seconds genre { Name } } } } }
$$)::jsonb);
SELECT graphql.resolve('{ search_tracks(args: {search: "o"}, order_by: {id: desc}) { id } }');

-- the customer Luís (CustomerId 1, Cognito's custom claim as x-hasura-user-id)
SET ROLE regress_chinook_customer;
SELECT set_config('request.jwt.claims', '{"https://hasura.io/jwt/claims": {"x-hasura-user-id": "1"}}', false);
SELECT jsonb_pretty(graphql.resolve($$
  { customer { FirstName invoices(order_by: {InvoiceId: asc}) { InvoiceId Total lines(order_by: {InvoiceLineId: asc}) { Quantity track { name album { title } } } } } }
$$)::jsonb);
-- another customer's invoice is not there, by GraphQL nor by SQL
SELECT graphql.resolve('{ invoice_by_pk(InvoiceId: 99) { Total } }');
SELECT "InvoiceId" FROM "Invoice" ORDER BY 1;
SELECT "InvoiceLineId" FROM "InvoiceLine" ORDER BY 1;
-- tracks of artists whose name starts with A (not Buddy Guy's), at most 3; no aggregates
SELECT graphql.resolve('{ track(order_by: {id: desc}) { id } }');
SELECT graphql.resolve('{ track_aggregate { aggregate { count } } }');
SELECT count(*) FROM "Track";
-- the customer's own email, checked; not someone else's
SELECT graphql.resolve($$mutation { update_customer_by_pk(pk_columns: {CustomerId: 1}, _set: {Email: "luis@example.com"}) { Email } }$$);
SELECT graphql.resolve($$mutation { update_customer_by_pk(pk_columns: {CustomerId: 1}, _set: {Email: "nowhere"}) { Email } }$$);
SELECT graphql.resolve($$mutation { update_customer(where: {}, _set: {Email: "x@y"}) { affected_rows } }$$);
UPDATE "Customer" SET "Email" = 'x@y' WHERE "CustomerId" = 2;
RESET ROLE;
SELECT "CustomerId", "Email" FROM "Customer" ORDER BY 1;

-- the support employee Peacock (EmployeeId 3): their customers' invoices, aggregated
SET ROLE regress_chinook_support;
SELECT set_config('request.jwt.claims', '{"https://hasura.io/jwt/claims": {"x-hasura-user-id": "3"}}', false);
SELECT graphql.resolve('{ invoice_aggregate { aggregate { count sum { Total } } } customer(order_by: {CustomerId: asc}) { FirstName } }');
SELECT count(*), sum("Total") FROM "Invoice";
SELECT graphql.resolve('{ customer { Email } }');
RESET ROLE;

ROLLBACK;
