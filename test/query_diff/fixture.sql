-- Fixture of test/query_diff/run.js: a small but varied schema in public,
-- recreated from scratch (it needs nothing but itself; run.js creates the
-- graphql extension). Data are deterministic: explicit rows, and
-- generate_series with formulas. Nullable columns hold NULLs, ordering
-- columns hold duplicates, text holds non-ASCII characters, quotes,
-- backslashes and line breaks.
--
-- Shapes: a one-to-one FK (profile), two FKs to one table (article ->
-- author), a self-reference (comment.parent_id), a many-to-many table with a
-- composite primary key (article_tag), a composite FK (tag_vote), a view with
-- a primary key and a FK given by a comment directive (published_article),
-- columns renamed by a comment directive (comment.created_at -> postedAt) or
-- needing quotes ("sortKey", "group").

set client_min_messages = warning;
drop view if exists public.published_article;
drop table if exists public.tag_vote, public.article_tag, public.tag, public.comment,
  public.article, public.profile, public.author cascade;
reset client_min_messages;

create table public.author (
  id      int primary key,
  name    text not null,
  age     int,
  rating  numeric,
  score   float8,
  born    date,
  active  boolean not null default true,
  tags    text[],
  meta    jsonb
);

-- one-to-one: a unique (primary key) FK gives an object relationship both ways
create table public.profile (
  author_id int primary key references public.author (id),
  bio       text,
  website   text
);

-- two FKs to author: the array relationships become articles_by_<column>
create table public.article (
  id          int primary key,
  title       text not null,
  body        text,
  author_id   int not null references public.author (id),
  editor_id   int references public.author (id),
  published   boolean not null,
  views       int,
  created_at  timestamptz not null
);

create table public.comment (
  id          int primary key,
  article_id  int not null references public.article (id),
  author_id   int references public.author (id),
  body        text not null,
  likes       bigint,
  created_at  timestamp,
  parent_id   int references public.comment (id)
);
comment on column public.comment.created_at is 'When it was posted. @graphql({"name": "postedAt"})';

create table public.tag (
  id         int primary key,
  name       text not null unique,
  color      text,
  "sortKey"  int,
  "group"    text
);

create table public.article_tag (
  article_id  int not null references public.article (id),
  tag_id      int not null references public.tag (id),
  weight      smallint,
  primary key (article_id, tag_id)
);

-- a FK of two columns: object relationship "article_tag", array "tag_votes"
create table public.tag_vote (
  id          int primary key,
  article_id  int not null,
  tag_id      int not null,
  value       int not null,
  foreign key (article_id, tag_id) references public.article_tag (article_id, tag_id)
);

create view public.published_article as
  select id, title, author_id, views, created_at from public.article where published;
comment on view public.published_article is
  '@graphql({"primary_key_columns": ["id"], "foreign_keys": [{"local_columns": ["author_id"], "foreign_table": "author", "foreign_columns": ["id"]}]})';

insert into public.author (id, name, age, rating, score, born, active, tags, meta) values
  (1,  'Ann',          34,   4.5,  7.25,   '1990-03-01', true,  '{sf,poetry}',         '{"lang": "en", "level": 3, "langs": ["en", "fr"]}'),
  (2,  'Bob',          41,   3.0,  5.5,    '1983-07-15', true,  '{history}',           '{"lang": "en", "level": 1}'),
  (3,  'Zoë',          NULL, 4.5,  NULL,   '1990-03-01', false, '{}',                  '{"lang": "fr", "langs": ["fr"], "nested": {"a": 1}}'),
  (4,  'José Álvarez', 29,   NULL, 9.0,    NULL,         true,  '{sf}',                NULL),
  (5,  '李雷',          41,   2.25, 3.125,  '1983-07-15', true,  NULL,                  '{"lang": "zh", "level": 2}'),
  (6,  'ann',          34,   4.50, 7.25,   '2001-12-31', false, '{poetry,sf}',         '{"lang": "en"}'),
  (7,  'Σοφία',        52,   5,    -1.5,   '1971-01-01', true,  '{philosophy,history}', '{"lang": "el", "level": 5, "tags": []}'),
  (8,  'Ærøskøbing',   NULL, NULL, NULL,   NULL,         true,  NULL,                  NULL),
  (9,  'Bob',          19,   1.75, 0,      '2005-06-06', true,  '{sf,sf}',             '{"level": 1}'),
  (10, 'O''Brien',     67,   3.0,  2.5,    '1957-09-09', false, '{history,war}',       '{"lang": "en", "quote": "it''s"}'),
  (11, 'Ümit',         29,   4.0,  8.75,   '1995-02-28', true,  '{poetry}',            '{"lang": "tr", "langs": ["tr", "en", "de"]}'),
  (12, '🙂 Smile',      NULL, 0.5,  1e10,   '2000-01-01', true,  '{emoji}',             '{}'),
  (13, 'Ann',          NULL, 4.5,  7.25,   '1990-03-01', true,  '{sf,poetry}',         '{"lang": "en", "level": 3}'),
  (14, 'Chloé',        38,   3.75, 6.0,    '1986-05-20', false, '{}',                  '{"lang": "fr", "level": 4, "langs": ["fr", "en"]}'),
  (15, 'dmitri',       45,   2.0,  4.0,    NULL,         true,  '{war,history}',       '{"lang": "ru"}'),
  (16, 'Émile 100%',   60,   NULL, 5.5,    '1964-10-10', true,  '{poetry}',            '{"lang": "fr", "level": null}'),
  (17, 'under_score',  23,   1.0,  -0.25,  '2002-02-02', false, '{sf}',                '{"level": 2, "langs": []}'),
  (18, 'Ангелина',     31,   4.25, 7.75,   '1993-08-08', true,  '{poetry,history,sf}', '{"lang": "ru", "level": 3}'),
  (19, 'Ann-Marie',    34,   3.0,  NULL,   '1990-03-01', true,  NULL,                  '{"lang": "en", "level": 3, "langs": ["en"]}'),
  (20, 'zed',          NULL, NULL, 'Infinity', '1999-09-09', true, '{}',              '{"nested": {"a": 2}}'),
  (21, 'Quote "Q" \ back', 34, 'NaN', 'NaN', '2010-10-10', false, '{"a b",q\"x}',    '{"lang": "x\\\"y", "s p": 1}'),
  (22, E'Line\nbreak\ttab', 29, 3.14159265358979323846264338327950288, 1.0000000000000002, '1990-03-01', true, '{sf}', '[1, "two", null]');

insert into public.profile (author_id, bio, website) values
  (1, 'Writes science fiction.', 'https://ann.example'),
  (2, 'Historian.', NULL),
  (5, '作家', 'https://li.example'),
  (7, 'Φιλόσοφος', NULL),
  (11, NULL, 'https://umit.example'),
  (14, 'Écrivaine', 'https://chloe.example'),
  (18, 'Поэт', NULL);

insert into public.article (id, title, body, author_id, editor_id, published, views, created_at)
select
  g,
  (array['Intro', 'On Time', 'Café Stories', 'Ωmega', 'Intro', '100% Pure', 'Dusk_and_Dawn', 'Notes', 'Über alles', 'Zen'])[1 + g % 10]
    || case when g % 4 = 0 then '' else ' ' || (g % 7)::text end,
  case when g % 6 = 0 then NULL
       when g = 7 then E'C:\\temp\\new "file"'
       when g = 13 then E'two\nlines'
       when g % 6 = 1 then 'Short body ' || g
       when g % 6 = 2 then 'Le café est prêt. ' || repeat('x', g % 5)
       when g % 6 = 3 then 'Lorem ipsum dolor sit amet'
       when g % 6 = 4 then ''
       else 'Ending with 🙂 emoji ' || g end,
  1 + (g * 7) % 20,
  case when g % 3 = 0 then NULL else 1 + (g * 11) % 20 end,
  g % 3 <> 1,
  case when g % 9 = 0 then NULL else (g * 37) % 250 end,
  timestamptz '2023-01-01 00:00:00+00' + ((g % 15) * interval '1 day') + ((g % 4) * interval '1 hour 30 minutes')
from generate_series(1, 60) as g;

insert into public.comment (id, article_id, author_id, body, likes, created_at, parent_id)
select
  g,
  1 + (g * 13) % 60,
  case when g % 5 = 0 then NULL else 1 + (g * 3) % 20 end,
  (array['Great!', 'I disagree.', 'Très bien', 'Spam? no', 'nice', 'NICE', '👍', 'Why_not', 'Great!', 'see %50'])[1 + g % 10],
  case when g % 8 = 0 then NULL else ((g * 97) % 40)::bigint * 100000000 end,
  case when g % 11 = 0 then NULL else timestamp '2023-02-01 12:00' + ((g % 20) * interval '6 hours') end,
  case when g % 4 = 0 and g > 8 then g - 1 - (g % 7) when g % 9 = 1 and g > 1 then 1 else NULL end
from generate_series(1, 150) as g;

insert into public.tag (id, name, color, "sortKey", "group") values
  (1, 'news', 'red', 2, 'a'),
  (2, 'opinion', NULL, 1, NULL),
  (3, 'tech', 'blue', 2, 'b'),
  (4, 'culture', 'red', NULL, 'a'),
  (5, 'ça va', 'green', 1, 'b'),
  (6, 'misc', NULL, 3, 'a');

insert into public.article_tag (article_id, tag_id, weight)
select a, t, case when (a + t) % 4 = 0 then NULL else ((a * t) % 5)::smallint end
from generate_series(1, 60) as a, generate_series(1, 6) as t
where (a * 5 + t * 3) % 7 < 3;

insert into public.tag_vote (id, article_id, tag_id, value)
select row_number() over (order by article_id, tag_id, k), article_id, tag_id, (article_id + tag_id * k) % 5 - 2
from public.article_tag, generate_series(1, 3) as k
where (article_id + tag_id + k) % 4 = 0;

analyze public.tag_vote, public.author, public.profile, public.article, public.comment, public.tag, public.article_tag;
