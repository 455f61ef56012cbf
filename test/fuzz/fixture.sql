-- Fixture of test/fuzz: what test/query_diff/fixture.sql and
-- test/mutation_diff/fixture.sql create (run.sh loads them first, so the
-- documents those tests generate are valid here too), plus every other
-- feature the extension has, so that generated queries reach every path:
--
--   fz_typed     one column of each type the catalog code distinguishes:
--                integers, floats, numeric, text kinds, bool, date/time
--                kinds, interval, uuid, json, jsonb, bytea, inet, point,
--                oid, money, bit, tsvector, ranges, an enum (with labels
--                that are not GraphQL names in another enum), a domain,
--                arrays (text, int, 2-D int, jsonb, enum), a composite
--                type; identity, generated and defaulted columns
--   fz_wide      300 columns
--   fz_node      a self-reference, a composite primary key, a composite
--                foreign key, two foreign keys to one table (fz_edge)
--   fz_a, fz_b   foreign keys both ways (a cycle), a unique one (one-to-one)
--   fz_nopk      no primary key (no _by_pk, no on_conflict)
--   fz_parted    a partitioned table (its partitions left out)
--   fz_secret    row-level security with policies on graphql.session_var
--                and request.jwt.claims, column privileges, a trigger that
--                raises, CHECK constraints; roles fz_user and fz_anon
--   views        with and without comment directives, a materialized view,
--                a security_invoker view, invalid directives (ignored with
--                a WARNING)
--   functions    STABLE/IMMUTABLE: SETOF a table, one row, scalars, enum,
--                array, jsonb, defaults; VOLATILE ones (mutations), one
--                that raises; computed fields (scalar, row, SETOF)
--   fz_other     a second schema (graphql.schemas = 'public,fz_other':
--                prefixed names)
--   names        quoted identifiers, names that are not GraphQL names (left
--                out), renames by directive, descriptions with quotes,
--                backslashes and block-string delimiters
--
-- ASCII only (loaded into UTF8, SQL_ASCII and LATIN1 databases).
-- Roles are cluster-wide: created once.
set client_min_messages = warning;

do $$
begin
  if not exists (select from pg_roles where rolname = 'fz_user') then create role fz_user; end if;
  if not exists (select from pg_roles where rolname = 'fz_anon') then create role fz_anon; end if;
end
$$;

drop schema if exists fz_other cascade;
create schema fz_other;
drop table if exists fz_typed, fz_wide, fz_edge, fz_node, fz_b, fz_a, fz_nopk, fz_parted, fz_secret,
  fz_secret_log, "fz odd", fz_renamed cascade;
drop type if exists fz_mood, fz_odd_enum, fz_pair cascade;
drop domain if exists fz_positive cascade;

create type fz_mood as enum ('sad', 'ok', 'happy', 'ecstatic');
create type fz_odd_enum as enum ('a b', 'c-d', 'ok');  -- not GraphQL names: a String
create domain fz_positive as int check (value > 0);
create type fz_pair as (x int, y text);

create table fz_typed (
  id          int primary key,
  c_int2      int2,
  c_int4      int4,
  c_int8      int8,
  c_float4    float4,
  c_float8    float8,
  c_numeric   numeric,
  c_num_10_2  numeric(10, 2),
  c_text      text,
  c_varchar   varchar(10),
  c_char      char(3),
  c_name      name,
  c_bool      bool,
  c_date      date,
  c_time      time,
  c_timetz    timetz,
  c_ts        timestamp,
  c_tstz      timestamptz,
  c_interval  interval,
  c_uuid      uuid,
  c_json      json,
  c_jsonb     jsonb,
  c_bytea     bytea,
  c_inet      inet,
  c_point     point,
  c_oid       oid,
  c_money     money,
  c_bit       bit(4),
  c_tsvector  tsvector,
  c_int4range int4range,
  c_mood      fz_mood,
  c_odd       fz_odd_enum,
  c_positive  fz_positive,
  c_pair      fz_pair,
  c_text_arr  text[],
  c_int_arr   int[],
  c_int_2d    int[][],
  c_jsonb_arr jsonb[],
  c_mood_arr  fz_mood[],
  c_ident     int generated always as identity,
  c_gen       int generated always as (c_int4 * 2) stored,
  c_default   text not null default 'dflt',
  "camelCase" text,
  "2bad"      int,           -- not a GraphQL name: left out
  "with space" text          -- not a GraphQL name: left out
);
comment on table fz_typed is 'Every type. "quotes" \backslash """ triple @graphql({"description": "Typed \"rows\""})';
comment on column fz_typed.c_text is '@graphql({"name": "textRenamed"})';
comment on column fz_typed.c_varchar is '@graphql({"name": "not a name"})';    -- ignored: keeps its name
comment on column fz_typed.c_char is '@graphql({"name": 5})';
comment on column fz_typed.c_name is '@graphql(not json';

insert into fz_typed (id, c_int2, c_int4, c_int8, c_float4, c_float8, c_numeric, c_num_10_2, c_text, c_varchar,
  c_char, c_name, c_bool, c_date, c_time, c_timetz, c_ts, c_tstz, c_interval, c_uuid, c_json, c_jsonb, c_bytea,
  c_inet, c_point, c_oid, c_money, c_bit, c_tsvector, c_int4range, c_mood, c_odd, c_positive, c_pair,
  c_text_arr, c_int_arr, c_int_2d, c_jsonb_arr, c_mood_arr, "camelCase", "2bad", "with space")
select g, (g * 7 % 100 - 50)::int2, g * 1000, g::int8 * 10000000000, g / 3.0, g * 1.5e300 / 1e300,
  g * 1.0 / 7, (g * 13.37)::numeric(10, 2), 'text ' || g || repeat(E'\\', g % 3) || case when g % 4 = 0 then '"q"' else '' end,
  left('v' || g, 10), 'c' || (g % 10), 'name' || g, g % 2 = 0, date '2020-01-01' + g, time '10:00' + g * interval '1 minute',
  timetz '10:00+02', timestamp '2021-06-01' + g * interval '1 hour', timestamptz '2021-06-01 00:00+00' + g * interval '1 day',
  g * interval '90 minutes', ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
  json_build_object('k', g, 'a', json_build_array(g, 'x')), jsonb_build_object('k', g, 'nested', jsonb_build_object('n', g % 3), 'arr', jsonb_build_array(g, g + 1)),
  decode(lpad(to_hex(g), 4, '0'), 'hex'), ('10.0.0.' || g)::inet, point(g, -g), (g + 100)::oid, (g * 1.25)::numeric::money,
  (g % 16)::bit(4), to_tsvector('simple', 'word' || g || ' other'), int4range(g, g + 10),
  (enum_range(null::fz_mood))[1 + g % 4], (enum_range(null::fz_odd_enum))[1 + g % 3], g,
  row(g, 'p' || g)::fz_pair,
  array['a' || g, null, 'b'], array[g, g + 1, null], array[[g, 1], [2, 3]], array[jsonb_build_object('i', g)],
  array['ok', 'sad']::fz_mood[], 'camel' || g, g, 'sp' || g
from generate_series(1, 20) g;
insert into fz_typed (id) values (21), (22);  -- all NULL (but the defaults)

-- 300 columns
do $$
begin
  execute 'create table fz_wide (id int primary key, ' ||
    (select string_agg(format('c%s %s', i, case i % 3 when 0 then 'int' when 1 then 'text' else 'jsonb' end), ', ')
       from generate_series(1, 299) i) || ')';
  execute 'insert into fz_wide select g, ' ||
    (select string_agg(case i % 3 when 0 then format('g * %s', i) when 1 then format('''w%s_'' || g', i)
                                  else format('jsonb_build_object(''i'', %s, ''g'', g)', i) end, ', ')
       from generate_series(1, 299) i) || ' from generate_series(1, 5) g';
end
$$;

-- a tree with a composite primary key, edges between nodes
create table fz_node (
  org     int not null,
  id      int not null,
  parent  int,
  label   text not null,
  weight  float8,
  mood    fz_mood,
  data    jsonb default '{}',
  primary key (org, id),
  foreign key (org, parent) references fz_node (org, id)
);
comment on constraint fz_node_org_parent_fkey on fz_node is '@graphql({"local_name": "up", "foreign_name": "children"})';
create table fz_edge (
  id        serial primary key,
  org       int not null,
  src       int not null,
  dst       int not null,
  kind      text check (kind in ('strong', 'weak')),
  foreign key (org, src) references fz_node (org, id) on delete cascade,
  foreign key (org, dst) references fz_node (org, id) on delete cascade
);
-- node g of org 1 + (g - 1) % 3 is the i-th of its org (i = 1 + (g - 1) / 3), child of its org's i/2-th
insert into fz_node select 1 + (g - 1) % 3, g, case when (g - 1) / 3 >= 1 then ((1 + (g - 1) / 3) / 2 - 1) * 3 + 1 + (g - 1) % 3 end,
  'node ' || g, g / 4.0, (enum_range(null::fz_mood))[1 + g % 4], jsonb_build_object('depth', g / 3)
from generate_series(1, 39) g order by g;
insert into fz_edge (org, src, dst, kind)
select a.org, a.id, b.id, case when (a.id + b.id) % 2 = 0 then 'strong' else 'weak' end
from fz_node a join fz_node b on a.org = b.org and a.id < b.id and (a.id * b.id) % 5 = 0;

-- a cycle of foreign keys, and a one-to-one
create table fz_a (id int primary key, b_id int, name text);
create table fz_b (id int primary key, a_id int unique references fz_a (id), name text);
alter table fz_a add foreign key (b_id) references fz_b (id) deferrable initially deferred;
insert into fz_a values (1, null, 'a1'), (2, null, 'a2'), (3, null, 'a3');
insert into fz_b values (1, 1, 'b1'), (2, 2, 'b2'), (3, null, 'b3');
update fz_a set b_id = 4 - id;

-- no primary key
create table fz_nopk (k text, v int, j jsonb);
insert into fz_nopk values ('x', 1, '{"a": 1}'), ('y', 2, null), (null, null, '[]'), ('x', 1, '{"a": 1}');

-- partitioned
create table fz_parted (id int, region text, amount numeric, primary key (id, region)) partition by list (region);
create table fz_parted_eu partition of fz_parted for values in ('eu');
create table fz_parted_us partition of fz_parted for values in ('us');
insert into fz_parted select g, case when g % 2 = 0 then 'eu' else 'us' end, g * 10.5 from generate_series(1, 10) g;

-- row-level security, column privileges, a trigger that raises
create table fz_secret (
  id      int primary key,
  owner   text not null,
  body    text not null,
  stars   int not null default 0 check (stars >= 0),
  hidden  text default 'only the owner role sees this column'
);
create table fz_secret_log (id serial primary key, secret_id int references fz_secret (id) on delete cascade, note text);
insert into fz_secret values (1, 'u1', 'one', 1), (2, 'u1', 'two', 2), (3, 'u2', 'three', 3), (4, 'u3', 'four', 0);
insert into fz_secret_log (secret_id, note) values (1, 'n1'), (1, 'n2'), (3, 'n3');
alter table fz_secret enable row level security;
alter table fz_secret_log enable row level security;
create policy own on fz_secret using (owner = graphql.session_var('x-hasura-user-id'))
  with check (owner = graphql.session_var('x-hasura-user-id') and body <> 'forbidden');
create policy claims on fz_secret_log using (
  (current_setting('request.jwt.claims', true)::jsonb ->> 'role') is distinct from 'nobody');
create function fz_secret_guard() returns trigger language plpgsql as $$
begin
  if new.body = 'raise' then
    raise exception 'fz_secret_guard: body may not be "raise"' using errcode = 'P0001';
  end if;
  if new.body = 'division' then
    perform 1 / 0;
  end if;
  return new;
end
$$;
create trigger fz_secret_guard before insert or update on fz_secret for each row execute function fz_secret_guard();

-- names: a table renamed by directive, one whose name is not a GraphQL name
create table fz_renamed (id int primary key, "firstName" text, "Upper" int);
comment on table fz_renamed is '@graphql({"name": "Renamed", "description": "renamed by a directive"})';
insert into fz_renamed values (1, 'x', 1), (2, null, 2);
create table "fz odd" (id int primary key);

-- views
create or replace view fz_view_plain as select id, label, org from fz_node;
create or replace view fz_view_keyed as select org, id, parent, label from fz_node;
comment on view fz_view_keyed is
  '@graphql({"primary_key_columns": ["org", "id"], "foreign_keys": [{"local_columns": ["org", "parent"], "foreign_table": "fz_node", "foreign_columns": ["org", "id"], "local_name": "parent_node", "foreign_name": "view_children"}]})';
create or replace view fz_view_bad as select id from fz_a;
comment on view fz_view_bad is '@graphql({"primary_key_columns": ["nope"], "foreign_keys": [{"local_columns": ["id"], "foreign_table": "missing", "foreign_columns": ["id"]}]})';
create or replace view fz_view_invoker with (security_invoker = true) as select id, owner, body from fz_secret;
drop materialized view if exists fz_matview;
create materialized view fz_matview as select org, count(*)::int as n, sum(weight) as w from fz_node group by org;
comment on materialized view fz_matview is '@graphql({"primary_key_columns": ["org"]})';

-- functions: query fields (STABLE/IMMUTABLE) and mutations (VOLATILE);
-- their bodies name tables and types with their schema, as search_path
-- varies (the fuzzer sets it: the extension's own SQL must not depend on it)
create or replace function fz_search_nodes(q text, lim int default 10) returns setof fz_node
  language sql stable as $$ select * from public.fz_node where label like '%' || q || '%' limit lim $$;
create or replace function fz_node_by_label(l text) returns fz_node
  language sql stable as $$ select * from public.fz_node where label = l $$;
create or replace function fz_add(a int, b int default 1) returns int language sql immutable as $$ select a + b $$;
create or replace function fz_big(n numeric) returns numeric language sql immutable as $$ select n * n $$;
create or replace function fz_flip(m fz_mood) returns fz_mood language sql immutable
  as $$ select case m when 'sad' then 'happy'::public.fz_mood else 'sad'::public.fz_mood end $$;
create or replace function fz_letters(n int) returns text[] language sql immutable
  as $$ select array_agg(chr(96 + (i % 26) + 1)) from generate_series(1, least(n, 1000)) i $$;
create or replace function fz_doc(k text, doc jsonb default '{}') returns jsonb language sql immutable
  as $$ select doc || jsonb_build_object('k', k) $$;
create or replace function fz_fail(msg text) returns int language plpgsql stable
  as $$ begin raise exception '%', msg using errcode = '22023'; end $$;
create or replace function fz_ids(ids int[]) returns setof fz_a language sql stable
  as $$ select * from public.fz_a where id = any (ids) $$;
create or replace function fz_bump(node_id int, by_ int default 1) returns setof fz_node language sql volatile
  as $$ update public.fz_node set weight = coalesce(weight, 0) + by_ where id = node_id returning * $$;
create or replace function fz_counter() returns int language sql volatile as $$ select nextval('public.fz_edge_id_seq')::int $$;
create or replace function fz_volatile_fail() returns int language plpgsql volatile
  as $$ begin raise exception 'volatile failure'; end $$;
comment on function fz_add(int, int) is 'Adds. @graphql({"name": "fzAdd"})';

-- computed fields: a scalar, a row, rows
create or replace function fz_node_path(n fz_node) returns text language sql stable
  as $$ select n.org || '/' || n.id || coalesce('<-' || n.parent, '') $$;
create or replace function fz_node_root(n fz_node) returns fz_node language sql stable
  as $$ select * from public.fz_node r where r.org = n.org and r.parent is null limit 1 $$;
create or replace function fz_node_siblings(n fz_node) returns setof fz_node language sql stable
  as $$ select * from public.fz_node s where s.org = n.org and s.parent is not distinct from n.parent and s.id <> n.id $$;
create or replace function fz_typed_twice(t fz_typed) returns int language sql immutable as $$ select t.c_int4 * 2 $$;

-- a second schema
create table fz_other.thing (id int primary key, a_id int references public.fz_a (id), label text);
insert into fz_other.thing values (1, 1, 'thing 1'), (2, 2, 'thing 2');
create function fz_other.things_like(p text) returns setof fz_other.thing language sql stable
  as $$ select * from fz_other.thing where label like p $$;

-- privileges for the two other roles
grant usage on schema public, fz_other, graphql to fz_user, fz_anon;
grant select, insert, update, delete on all tables in schema public to fz_user;
grant usage on all sequences in schema public to fz_user;
revoke select on fz_secret from fz_user;
grant select (id, owner, body, stars) on fz_secret to fz_user;
grant select on fz_a, fz_b, fz_node, fz_view_plain, author, article to fz_anon;
grant select (id, label) on fz_other.thing to fz_anon;
grant execute on all functions in schema public to fz_user, fz_anon;

analyze;
reset client_min_messages;
