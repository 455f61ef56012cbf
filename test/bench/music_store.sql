-- Music-store dataset for test/bench/query_speed.sh (Chinook-like shape),
-- generated with generate_series in schema music_store.  psql variable
-- :scale (default 1): 1,000 artists, 5,000 albums, 50,000 tracks, 25 genres,
-- 5,000 customers, 20,000 invoices and 100,000 invoice lines per unit.
\if :{?scale}
\else
\set scale 1
\endif
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS music_store CASCADE;
CREATE SCHEMA music_store;
SET search_path = music_store;

CREATE TABLE genre (genre_id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE artist (artist_id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE album (
  album_id int PRIMARY KEY,
  title text NOT NULL,
  artist_id int NOT NULL REFERENCES artist (artist_id));
CREATE TABLE track (
  track_id int PRIMARY KEY,
  name text NOT NULL,
  album_id int NOT NULL REFERENCES album (album_id),
  genre_id int REFERENCES genre (genre_id),
  composer text,
  milliseconds int NOT NULL,
  bytes int,
  unit_price numeric(10,2) NOT NULL);
CREATE TABLE customer (
  customer_id int PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL,
  country text);
CREATE TABLE invoice (
  invoice_id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customer (customer_id),
  invoice_date date NOT NULL,
  billing_country text,
  total numeric(10,2) NOT NULL);
CREATE TABLE invoice_line (
  invoice_line_id int PRIMARY KEY,
  invoice_id int NOT NULL REFERENCES invoice (invoice_id),
  track_id int NOT NULL REFERENCES track (track_id),
  unit_price numeric(10,2) NOT NULL,
  quantity int NOT NULL);

INSERT INTO genre
SELECT g, (ARRAY['Rock','Jazz','Metal','Blues','Pop','Classical','Latin','Reggae','Soul','Funk',
                 'Punk','Folk','Country','Electronic','Hip Hop','Ambient','Disco','Gospel',
                 'Opera','Soundtrack','World','Indie','Grunge','Techno','House'])[g]
FROM generate_series(1, 25) g;

INSERT INTO artist
SELECT a, 'Artist ' || a FROM generate_series(1, 1000 * :scale) a;

INSERT INTO album
SELECT b, 'Album ' || b, (b - 1) % (1000 * :scale) + 1
FROM generate_series(1, 5000 * :scale) b;

INSERT INTO track
SELECT t, 'Track ' || t,
       (t - 1) % (5000 * :scale) + 1,
       CASE WHEN t % 50 = 0 THEN NULL ELSE (t * 7) % 25 + 1 END,
       CASE WHEN t % 3 = 0 THEN NULL ELSE 'Composer ' || (t % 700) END,
       120000 + (t::bigint * 7919) % 300000,
       3000000 + (t::bigint * 104729) % 9000000,
       CASE WHEN t % 10 = 0 THEN 1.99 ELSE 0.99 END
FROM generate_series(1, 50000 * :scale) t;

INSERT INTO customer
SELECT c, 'First' || c, 'Last' || c, 'customer' || c || '@example.com',
       (ARRAY['USA','Canada','Brazil','France','Germany','India','UK','Portugal'])[c % 8 + 1]
FROM generate_series(1, 5000 * :scale) c;

INSERT INTO invoice
SELECT i, (i::bigint * 31) % (5000 * :scale) + 1,
       date '2020-01-01' + (i % 1500),
       (ARRAY['USA','Canada','Brazil','France','Germany','India','UK','Portugal'])[i % 8 + 1],
       0
FROM generate_series(1, 20000 * :scale) i;

INSERT INTO invoice_line
SELECT l, (l - 1) % (20000 * :scale) + 1, (l::bigint * 37) % (50000 * :scale) + 1,
       CASE WHEN l % 10 = 0 THEN 1.99 ELSE 0.99 END, 1 + l % 3
FROM generate_series(1, 100000 * :scale) l;

UPDATE invoice i SET total = s.total
FROM (SELECT invoice_id, sum(unit_price * quantity) AS total
      FROM invoice_line GROUP BY invoice_id) s
WHERE s.invoice_id = i.invoice_id;

CREATE INDEX ON album (artist_id);
CREATE INDEX ON track (album_id);
CREATE INDEX ON track (genre_id);
CREATE INDEX ON invoice (customer_id);
CREATE INDEX ON invoice_line (invoice_id);
CREATE INDEX ON invoice_line (track_id);

ANALYZE genre, artist, album, track, customer, invoice, invoice_line;
