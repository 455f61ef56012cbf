-- The sample database of test/demo.sh.
SET client_min_messages = warning;
CREATE EXTENSION graphql;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, born date);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, rating numeric,
                      author_id int NOT NULL REFERENCES author (id));
INSERT INTO author VALUES (1, 'Ann', '1980-04-01'), (2, 'Bob', NULL);
INSERT INTO article VALUES (1, 'Tables', 4.5, 1), (2, 'Views', 3, 1), (3, 'Indexes', NULL, 2);

-- Who may do what: requests without a token run as demo_anon (read only);
-- a token's role demo_editor may also add articles, as its own author
-- (x-hasura-user-id), which row-level security holds for every SQL client.
CREATE ROLE demo_anon;
CREATE ROLE demo_editor;
CREATE ROLE demo_server LOGIN NOINHERIT;
GRANT demo_anon, demo_editor TO demo_server;
GRANT USAGE ON SCHEMA graphql TO demo_anon, demo_editor;
GRANT SELECT ON author, article TO demo_anon, demo_editor;
GRANT INSERT ON article TO demo_editor;
ALTER TABLE article ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON article FOR SELECT USING (true);
CREATE POLICY own ON article FOR INSERT TO demo_editor
  WITH CHECK (author_id = graphql.session_var('x-hasura-user-id')::int);
