-- test/mutation_diff: two identical copies, mdiff_a (written through
-- graphql.resolve) and mdiff_b (written by hand-written SQL)
DROP SCHEMA IF EXISTS mdiff_a CASCADE;
DROP SCHEMA IF EXISTS mdiff_b CASCADE;
CREATE SCHEMA mdiff_a;
CREATE SCHEMA mdiff_b;
CREATE FUNCTION mdiff_b.bump_version() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$f$;
DO $do$
DECLARE
  s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['mdiff_a', 'mdiff_b'] LOOP
    EXECUTE format($t$
      CREATE TABLE %1$I.author (
        id int PRIMARY KEY,
        name text NOT NULL,
        email text UNIQUE,
        age int CHECK (age >= 0 AND age < 150),
        rating numeric(4,1),
        score float8,
        active boolean NOT NULL DEFAULT true,
        tags text[],
        meta jsonb,
        joined date DEFAULT '2024-01-01',
        version int NOT NULL DEFAULT 1
      );
      CREATE TRIGGER author_version BEFORE UPDATE ON %1$I.author
        FOR EACH ROW EXECUTE FUNCTION mdiff_b.bump_version();
      CREATE TABLE %1$I.article (
        id int PRIMARY KEY,
        author_id int NOT NULL REFERENCES %1$I.author,
        title text NOT NULL,
        views int NOT NULL DEFAULT 0 CHECK (views >= 0),
        likes bigint,
        data jsonb DEFAULT '{}',
        title_len int GENERATED ALWAYS AS (length(title)) STORED,
        UNIQUE (author_id, title)
      );
      CREATE TABLE %1$I.tag (
        code text PRIMARY KEY,
        label text,
        weight int2 DEFAULT 1
      );
      CREATE TABLE %1$I.article_tag (
        article_id int REFERENCES %1$I.article ON DELETE CASCADE,
        tag_code text REFERENCES %1$I.tag ON UPDATE CASCADE,
        note text,
        PRIMARY KEY (article_id, tag_code)
      );
      INSERT INTO %1$I.author (id, name, email, age, rating, score, active, tags, meta, joined) VALUES
        (1, 'Ann', 'ann@x.org', 31, 4.5, 1.5, true, '{sql,c}', '{"lang": "en", "level": 3}', '2023-05-01'),
        (2, 'Bob', 'bob@x.org', 45, 3.0, -2.25, false, '{go}', '{"lang": "de", "tags": ["a", "b"]}', '2022-01-15'),
        (3, 'Cid', NULL, NULL, NULL, NULL, true, NULL, NULL, NULL),
        (4, 'Dee', 'dee@x.org', 27, 5.0, 0, true, '{}', '{"lang": "en", "nested": {"a": 1}}', '2024-02-29'),
        (5, 'Émile', 'emile@x.org', 60, 2.5, 1e10, false, '{c,rust}', '[1, 2, 3]', '2021-12-31');
      INSERT INTO %1$I.article (id, author_id, title, views, likes, data) VALUES
        (1, 1, 'Tables', 10, 100, '{"draft": false}'),
        (2, 1, 'Views', 0, NULL, '{"draft": true, "n": 1}'),
        (3, 2, 'Joins', 7, 5, '[]'),
        (4, 2, 'Indexes', 3, 0, NULL),
        (5, 4, 'Triggers', 12, 9, '{"n": 2}'),
        (6, 4, 'It''s "quoted"', 1, 1, '{}'),
        (7, 5, 'Ünïcode', 4, NULL, '{"tags": ["x"]}');
      INSERT INTO %1$I.tag VALUES ('db', 'Databases', 3), ('sql', 'SQL', 2), ('go', 'Go', 1), ('misc', NULL, NULL);
      INSERT INTO %1$I.article_tag VALUES (1, 'db', 'main'), (1, 'sql', NULL), (2, 'sql', 'x'), (3, 'db', NULL), (5, 'db', 'y'), (7, 'misc', NULL);
    $t$, s);
  END LOOP;
END
$do$;
