#!/usr/bin/env node
'use strict';
/*
 * Remote schemas (issue 15), against services this script starts on
 * loopback (test/remote/services.js).  Connection from the PG* environment
 * (a superuser).  Ends with "remote: N passed, M failed".
 *
 * remote_definition: graphql.add_remote_schema, remove_remote_schema and
 * reload_remote_schema: the remote introspected with the definition's
 * headers, the definition checked (each kind of mistake named), a remote
 * that is down, slow, or answers something that is not a schema, a cancel
 * while waiting, and who may call them.
 */
const assert = require('node:assert/strict');
const { Client } = require('pg');
const { startOrdering, startFixed, startIntrospection, startScripted, startHandler } = require('./services');

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let db;
let ordering;

async function sql(text, params = []) {
  return (await db.query(text, params)).rows;
}
// the error message of a statement that must fail
async function failure(text, params = []) {
  try {
    await db.query(text, params);
  } catch (e) {
    return e;
  }
  throw new Error(`no error from ${text}`);
}
const add = (name, def) => sql('SELECT graphql.add_remote_schema($1, $2)', [name, JSON.stringify(def)]);

// A variable the database server's environment has: pg_ctlcluster (Debian,
// pg_virtualenv) gives the server little more than PG_OOM_ADJUST_FILE;
// pg_ctl run by hand passes on the caller's PATH.  Both hold a path.
const serverEnv = ['PG_OOM_ADJUST_FILE', 'PATH'];

test('remote_definition: added, the remote introspected with the definition\'s headers', async () => {
  let before;
  for (const v of serverEnv) {
    before = ordering.requests.length;
    try {
      await add('ordering', {
        url: ordering.url, timeout_seconds: 5,
        headers: [{ name: 'X-Api-Key', value: 'k1' }, { name: 'X-From-Env', value_from_env: v }],
      });
      break;
    } catch (e) {
      if (!e.message.endsWith(`the environment variable "${v}" is not set`) || v === serverEnv.at(-1)) throw e;
    }
  }
  assert.equal(ordering.requests.length, before + 1);
  const got = ordering.requests[before];
  assert.equal(got.headers['x-api-key'], 'k1');
  assert.match(got.headers['x-from-env'], /\//, 'value_from_env: a path from the server\'s environment');
  assert.equal(got.headers['content-type'], 'application/json');
  assert.match(JSON.parse(got.body).query, /__schema/);
  const [row] = await sql(`SELECT definition, introspection->'queryType'->>'name' AS query,
                                  (SELECT array_agg(t->>'name' ORDER BY t->>'name') FROM jsonb_array_elements(introspection->'types') t
                                    WHERE t->>'name' IN ('Order', 'Item', 'OrderStatus', 'PlaceOrderInput')) AS types
                             FROM graphql.remote_schema WHERE name = 'ordering'`);
  assert.equal(row.query, 'Query');
  assert.deepEqual(row.types, ['Item', 'Order', 'OrderStatus', 'PlaceOrderInput']);
  assert.equal(row.definition.headers[0].value, 'k1', 'the definition is stored as given');
});

test('remote_definition: a name taken, a name missing', async () => {
  const dup = await failure('SELECT graphql.add_remote_schema($1, $2)', ['ordering', JSON.stringify({ url: ordering.url })]);
  assert.equal(dup.message, 'remote schema with name "ordering" already exists');
  const missing = await failure("SELECT graphql.remove_remote_schema('nope')");
  assert.equal(missing.message, 'remote schema with name "nope" does not exist');
  const reload = await failure("SELECT graphql.reload_remote_schema('nope')");
  assert.equal(reload.message, 'remote schema with name "nope" does not exist');
  const empty = await failure('SELECT graphql.add_remote_schema($1, $2)', ['', JSON.stringify({ url: ordering.url })]);
  assert.equal(empty.message, "a remote schema's name cannot be empty");
});

test('remote_definition: reload introspects again; remove forgets', async () => {
  const before = ordering.requests.length;
  await sql("SELECT graphql.reload_remote_schema('ordering')");
  assert.equal(ordering.requests.length, before + 1);
  assert.equal(ordering.requests[before].headers['x-api-key'], 'k1', 'with the stored headers');
  await sql("SELECT graphql.remove_remote_schema('ordering')");
  assert.deepEqual(await sql("SELECT name FROM graphql.remote_schema"), []);
});

test('remote_definition: each mistake in a definition is named', async () => {
  const cases = [
    [{}, 'definition: exactly one of "url" and "url_from_env" is required'],
    [{ url: ordering.url, url_from_env: 'X' }, 'definition: exactly one of "url" and "url_from_env" is required'],
    [{ url: ordering.url, timeout: 5 }, 'definition: unknown key "timeout"'],
    [{ url: 5 }, 'definition.url: expected a string, got a number'],
    [{ url: 'ftp://x/' }, 'definition.url: "ftp://x/" is not an http or https URL'],
    [{ url_from_env: 'GRAPHQL_TEST_NOT_SET' }, 'definition.url_from_env: the environment variable "GRAPHQL_TEST_NOT_SET" is not set'],
    [{ url: ordering.url, headers: [{ name: 'A' }] }, 'definition.headers[0]: exactly one of "value" and "value_from_env" is required'],
    [{ url: ordering.url, headers: [{ name: 'A', value: 'x', value_from_env: 'HOME' }] }, 'definition.headers[0]: exactly one of "value" and "value_from_env" is required'],
    [{ url: ordering.url, headers: [{ name: 'A: b', value: 'x' }] }, 'definition.headers[0]: "name" must be a header name'],
    [{ url: ordering.url, headers: [{ name: 'A', value: 'x\r\nB: y' }] }, 'definition.headers[0]: a header value cannot hold a line break'],
    [{ url: ordering.url, headers: [{ name: 'A', value_from_env: 'GRAPHQL_TEST_NOT_SET' }] }, 'definition.headers[0]: the environment variable "GRAPHQL_TEST_NOT_SET" is not set'],
    [{ url: ordering.url, timeout_seconds: 0 }, 'definition.timeout_seconds: expected a whole number of seconds from 1 to 3600'],
    [{ url: ordering.url, timeout_seconds: 1.5 }, 'definition.timeout_seconds: expected a whole number of seconds from 1 to 3600'],
    [{ url: ordering.url, forward_client_headers: 'yes' }, 'definition.forward_client_headers: expected a boolean, got a string'],
    [{ url: ordering.url, customization: { type_prefix: 'x' } }, 'customization: unknown key "type_prefix"'],
    [{ url: ordering.url, customization: { root_fields_namespace: 'my-ns' } }, 'customization.root_fields_namespace: "my-ns" is not a GraphQL name'],
    [{ url: ordering.url, customization: { type_names: { prefix: '1x' } } }, 'customization.type_names.prefix: "1x" is not a GraphQL name'],
    [{ url: ordering.url, customization: { type_names: { mapping: { Order: 'Or der' } } } }, 'customization.type_names.mapping.Order: expected a GraphQL name'],
    [{ url: ordering.url, customization: { field_names: [{ prefix: 'x_' }] } }, 'customization.field_names[0]: "parent_type" is required'],
  ];
  const before = ordering.requests.length;
  for (const [def, why] of cases) {
    const e = await failure('SELECT graphql.add_remote_schema($1, $2)', ['bad', JSON.stringify(def)]);
    assert.equal(e.message, `invalid definition of remote schema "bad": ${why}`, JSON.stringify(def));
  }
  assert.equal(ordering.requests.length, before, 'nothing is fetched for a definition with a mistake');
  await add('custom', { url: ordering.url, customization: {
    root_fields_namespace: 'ordering', type_names: { prefix: 'o_', suffix: '_t', mapping: { Order: 'Purchase' } },
    field_names: [{ parent_type: 'Order', prefix: 'f_', mapping: { total: 'amount' } }] } });
  await sql("SELECT graphql.remove_remote_schema('custom')");
});

test('remote_definition: a remote that is down, answers an error, or no schema', async () => {
  const closed = await startFixed(200, '{}');
  await closed.close();
  const down = await failure('SELECT graphql.add_remote_schema($1, $2)', ['down', JSON.stringify({ url: closed.url })]);
  assert.match(down.message, /^remote schema "down" could not be introspected: (Couldn't|Could not|Failed to) connect/);
  const cases = [
    [500, '{"error": "boom"}', 'remote schema "r" could not be introspected: HTTP status 500'],
    [200, 'not json', 'remote schema "r" could not be introspected: its answer is not a JSON object: '],
    [200, '[1]', 'remote schema "r" could not be introspected: its answer is not a JSON object'],
    [200, '{"errors": [{"message": "introspection is disabled"}]}', 'remote schema "r" could not be introspected: its answer has no data.__schema'],
  ];
  for (const [status, body, why] of cases) {
    const svc = await startFixed(status, body);
    const e = await failure('SELECT graphql.add_remote_schema($1, $2)', ['r', JSON.stringify({ url: svc.url })]);
    await svc.close();
    assert.ok(e.message.startsWith(why), `${body}: ${e.message}`);
    if (body.includes('disabled')) assert.equal(e.detail, 'errors: [{"message":"introspection is disabled"}]');
  }
  assert.deepEqual(await sql('SELECT name FROM graphql.remote_schema'), []);
});

test('remote_definition: timeout_seconds bounds the wait; a statement_timeout cancels it', async () => {
  const slow = await startFixed(200, '{}', 3000);
  let t0 = Date.now();
  const late = await failure('SELECT graphql.add_remote_schema($1, $2)', ['slow', JSON.stringify({ url: slow.url, timeout_seconds: 1 })]);
  assert.equal(late.message, 'remote schema "slow" could not be introspected: no response within 1000 ms');
  assert.ok(Date.now() - t0 < 2500, `took ${Date.now() - t0} ms`);
  await sql("SET statement_timeout = '300ms'");
  t0 = Date.now();
  const cancelled = await failure('SELECT graphql.add_remote_schema($1, $2)', ['slow', JSON.stringify({ url: slow.url })]);
  await sql('RESET statement_timeout');
  assert.equal(cancelled.message, 'canceling statement due to statement timeout');
  assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
  await slow.close();
});

test('remote_definition: only a superuser adds, removes or reloads, or reads the table', async () => {
  await sql('DROP ROLE IF EXISTS remote_nobody');
  await sql('CREATE ROLE remote_nobody');
  await sql('SET ROLE remote_nobody');
  try {
    for (const call of ["graphql.add_remote_schema('x', '{}')", "graphql.remove_remote_schema('x')",
      "graphql.reload_remote_schema('x')"]) {
      const e = await failure(`SELECT ${call}`);
      assert.match(e.message, /^permission denied for function (add|remove|reload)_remote_schema$/);
    }
    const e = await failure('SELECT * FROM graphql.remote_schema');
    assert.equal(e.message, 'permission denied for table remote_schema');
  } finally {
    await sql('RESET ROLE');
    await sql('DROP ROLE remote_nobody');
  }
});

const gql = async (query, variables = {}) =>
  (await sql('SELECT graphql.resolve($1, $2)::text AS r', [query, JSON.stringify(variables)]))[0].r;
// the definition of a type in the SDL, without descriptions and blank lines, or undefined
async function sdlType(name) {
  const [{ sdl }] = await sql('SELECT graphql.sdl() AS sdl');
  const lines = sdl.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^(type|input|enum|scalar) ${name}( |$)`).test(l));
  if (start < 0) return undefined;
  const out = [];
  let inBlock = false;
  for (let i = start; i < lines.length; i++) {
    const l = lines[i];
    if (/^\s*"""/.test(l) && !/^\s*""".*"""\s*$/.test(l)) { inBlock = !inBlock; continue; }
    if (inBlock || l.trim() === '' || /^\s*"/.test(l)) continue;
    out.push(l);
    if (l === '}' || /^scalar /.test(l)) break;
  }
  return out.join('\n');
}

test('remote_schema_merge: the remote\'s types and root fields join the database\'s', async () => {
  await sql('CREATE TABLE IF NOT EXISTS stock (sku text PRIMARY KEY, quantity int NOT NULL)');
  await add('ordering', { url: ordering.url });
  const order = await sdlType('Order');
  assert.match(order, /^type Order \{\n  customer: String\n  id: Int!\n  items: \[Item!\]!\n  status: OrderStatus!\n  total: Float!\n\}$/);
  assert.match(await sdlType('OrderStatus'), /^enum OrderStatus \{\n  DELIVERED\n  PENDING\n  SHIPPED\n\}$/);
  assert.match(await sdlType('PlaceOrderInput'), /^input PlaceOrderInput \{/);
  const root = await sdlType('query_root');
  assert.match(root, /\n  order\(id: Int!\): Order\n/);
  assert.match(root, /\n  orders\(first: Int, status: OrderStatus\): \[Order!\]!\n/);
  assert.match(root, /\n  stock\(/, 'the database\'s fields stay');
  assert.match(await sdlType('mutation_root'), /\n  placeOrder\(input: PlaceOrderInput!\): Order!\n/);
  // validation covers the merged schema
  const bad = JSON.parse(await gql('{ order(id: 1) { id nope } }'));
  assert.equal(bad.errors[0].message, "field 'nope' not found in type: 'Order'");
  const badArg = JSON.parse(await gql('{ orders(status: LOST) { id } }'));
  assert.match(badArg.errors[0].message, /LOST/);
});

test('remote_schema_merge: graphql-js builds the merged schema from our introspection', async () => {
  const { buildClientSchema, getIntrospectionQuery, validate, parse } = require('graphql');
  const intro = JSON.parse(await gql(getIntrospectionQuery()));
  assert.equal(intro.errors, undefined);
  const schema = buildClientSchema(intro.data);
  const doc = parse('{ order(id: 1) { id status items { sku quantity } } stock { sku } }');
  assert.deepEqual(validate(schema, doc).map(String), []);
  assert.ok(schema.getType('OrderStatus'));
});

test('remote_schema_merge: customization renames types and fields, and namespaces the root fields', async () => {
  await sql("SELECT graphql.remove_remote_schema('ordering')");
  await add('ordering', { url: ordering.url, customization: {
    root_fields_namespace: 'ordering', type_names: { prefix: 'o_', mapping: { OrderStatus: 'Status' } },
    field_names: [{ parent_type: 'Order', mapping: { total: 'amount' } }, { parent_type: 'Query', prefix: 'get_' }] } });
  assert.equal(await sdlType('Order'), undefined);
  assert.match(await sdlType('o_Order'), /^type o_Order \{\n  amount: Float!\n  customer: String\n  id: Int!\n  items: \[o_Item!\]!\n  status: Status!\n\}$/);
  assert.match(await sdlType('Status'), /^enum Status \{/);
  assert.match(await sdlType('query_root'), /\n  ordering: o_Query!\n/, 'under a namespace the root types are prefixed too');
  assert.match(await sdlType('o_Query'), /\n  get_order\(id: Int!\): o_Order\n/);
  assert.match(await sdlType('mutation_root'), /\n  ordering: o_Mutation!\n/);
  assert.doesNotMatch(await sdlType('query_root'), /\n  order\(/);
  await sql("SELECT graphql.remove_remote_schema('ordering')");
  assert.equal(await sdlType('o_Order'), undefined, 'removing it removes its types');
});

test('remote_schema_merge: a name clash is refused when added, and leaves the remote out when it comes later', async () => {
  await sql('CREATE TABLE "Order" (id int PRIMARY KEY)');
  const e = await failure('SELECT graphql.add_remote_schema($1, $2)', ['ordering', JSON.stringify({ url: ordering.url })]);
  assert.equal(e.message, 'remote schema "ordering" cannot be merged: its type "Order" has the name of a type the schema has');
  assert.deepEqual(await sql('SELECT name FROM graphql.remote_schema'), []);
  // a prefix resolves it
  await add('ordering', { url: ordering.url, customization: { type_names: { prefix: 'o_' } } });
  assert.match(await sdlType('o_Order'), /^type o_Order \{/);
  await sql("SELECT graphql.remove_remote_schema('ordering')");
  // the table comes after the remote: the remote is left out, with a warning
  await sql('DROP TABLE "Order"');
  await add('ordering', { url: ordering.url });
  await sql('CREATE TABLE "Order" (id int PRIMARY KEY)');
  const notices = [];
  const listen = (n) => notices.push(n.message);
  db.on('notice', listen);
  try {
    const root = await sdlType('query_root');
    assert.doesNotMatch(root, /\n  orders\(/);
    assert.match(await sdlType('Order'), /^type Order \{\n  id: Int!\n\}$/, 'the table keeps its type');
    assert.deepEqual(notices, ['remote schema "ordering" is left out: its type "Order" has the name of a type the schema has']);
    const other = await startIntrospection('type Query { other: Int }');
    const e = await failure('SELECT graphql.add_remote_schema($1, $2)', ['other', JSON.stringify({ url: other.url })]);
    await other.close();
    assert.equal(e.message, 'remote schema "other" cannot be merged while remote schema "ordering" is left out: its type "Order" has the name of a type the schema has');
  } finally {
    db.off('notice', listen);
    await sql("SELECT graphql.remove_remote_schema('ordering')");
    await sql('DROP TABLE "Order"');
  }
});

test('remote_schema_merge: another session sees a remote added and removed; VACUUM of the table drops no cache', async () => {
  const other = new Client();
  await other.connect();
  try {
    const stats = async () => (await other.query('SELECT misses FROM graphql.cache_stats()')).rows[0].misses;
    const ask = async (q) => JSON.parse((await other.query('SELECT graphql.resolve($1)::text AS r', [q])).rows[0].r);
    assert.equal((await ask('{ __type(name: "Order") { name } }')).data.__type, null);
    await add('ordering', { url: ordering.url });
    assert.deepEqual((await ask('{ __type(name: "Order") { name } }')).data.__type, { name: 'Order' });
    await ask('{ stock { sku } }');
    const before = Number(await stats());
    await sql('VACUUM graphql.remote_schema');
    await sql('VACUUM');
    await ask('{ stock { sku } }');
    assert.equal(Number(await stats()), before, 'a VACUUM is no change');
    await sql("SELECT graphql.remove_remote_schema('ordering')");
    assert.equal((await ask('{ __type(name: "Order") { name } }')).data.__type, null);
  } finally {
    await other.end();
  }
});

test('remote_schema_merge: references to the root type; ID shared by two remotes', async () => {
  const a = await startIntrospection('type Query { me: Payload, node(id: ID!): Int } type Payload { n: Int, query: Query }');
  const b = await startIntrospection('type Query { thing(id: ID!): String }');
  try {
    await add('a', { url: a.url });
    await add('b', { url: b.url });
    assert.match(await sdlType('Payload'), /^type Payload \{\n  n: Int\n  query: query_root\n\}$/);
    assert.match(await sdlType('query_root'), /\n  node\(id: ID!\): Int\n/);
    assert.match(await sdlType('query_root'), /\n  thing\(id: ID!\): String\n/);
  } finally {
    await sql("SELECT graphql.remove_remote_schema(n) FROM unnest(ARRAY['a', 'b']) n WHERE n IN (SELECT name FROM graphql.remote_schema)");
    await a.close();
    await b.close();
  }
});

test('remote_schema_merge: a hostile or broken schema is refused, never merged in part', async () => {
  const typeOf = (x, name) => x.__schema.types.find((t) => t.name === name);
  const cases = [
    ['type Query { a: Int }', (x) => { typeOf(x, 'Query').name = 'Q'.repeat(300); x.__schema.queryType.name = 'Q'.repeat(300); return x; },
      `type "${'Q'.repeat(300)}" does not have a GraphQL name`],
    ['type Query { a: E } enum E { X Y }', (x) => { typeOf(x, 'E').enumValues[1] = { description: 'no name' }; return x; },
      'a value of enum "E" is malformed'],
    ['type Query { a: T } type T { b: Int }', (x) => { typeOf(x, 'T').fields = { b: 1 }; return x; },
      '"fields" of type "T" is not a list'],
    ['type Query { a: T } type T { b: Int }', (x) => { typeOf(x, 'T').fields[0].type = { kind: 'OBJECT', name: 'Nope' }; return x; },
      'type "Nope" is not defined'],
    ['type Query { a: T } type T { b: Int }', (x) => { typeOf(x, 'T').fields[0].type = { kind: 'OBJECT', name: '__Schema' }; return x; },
      'a field refers to the introspection type "__Schema"'],
    ['type Query { a: Int } type mutation_root { b: Int } schema { query: Query mutation: mutation_root }', (x) => x,
      'its type "mutation_root" would take the name of a root type'],
    ['type Query { a: Int } interface I { a: Int } type T implements I { a: Int }', (x) => x,
      'type "I" is an interface, which remote schemas cannot have yet'],
  ];
  for (const [sdl, edit, why] of cases) {
    const svc = await startIntrospection(sdl, edit);
    try {
      const custom = sdl.includes('mutation_root') ? { root_fields_namespace: 'x' } : undefined;
      const e = await failure('SELECT graphql.add_remote_schema($1, $2)', ['bad', JSON.stringify({ url: svc.url, customization: custom })]);
      assert.equal(e.message, `remote schema "bad" cannot be merged: ${why}`, sdl);
    } finally {
      await svc.close();
    }
  }
  const dup = await startIntrospection('type Query { a: Int, b: Int }');
  const e = await failure('SELECT graphql.add_remote_schema($1, $2)', ['bad', JSON.stringify({ url: dup.url,
    customization: { field_names: [{ parent_type: 'Query', mapping: { a: 'b' } }] } })]);
  await dup.close();
  assert.equal(e.message, 'remote schema "bad" cannot be merged: two fields of type "Query" would be named "b"');
  assert.deepEqual(await sql('SELECT name FROM graphql.remote_schema'), []);
});

test('remote_schema_merge: a default value that is not one GraphQL value is dropped', async () => {
  const svc = await startIntrospection('type Query { a(x: Int = 1, y: Int = 2): Int }', (x) => {
    const args = x.__schema.types.find((t) => t.name === 'Query').fields[0].args;
    args[1].defaultValue = '2) b(z: 3';
    return x;
  });
  try {
    await add('d', { url: svc.url });
    assert.match(await sdlType('query_root'), /\n  a\(x: Int = 1, y: Int\): Int\n/);
  } finally {
    await sql("SELECT graphql.remove_remote_schema('d')");
    await svc.close();
  }
});

test('remote_delegation: the document a remote root field is sent as (graphql.explain)', async () => {
  await add('ordering', { url: ordering.url, customization: {
    type_names: { prefix: 'o_' }, field_names: [{ parent_type: 'Order', mapping: { total: 'amount' } }] } });
  try {
    const query = `query Q($id: Int!, $s: o_OrderStatus) {
      stock { sku }
      first: order(id: $id) { ...F amount __typename }
      orders(status: $s, first: 2) @include(if: true) { ... on o_Order { id } }
    }
    fragment F on o_Order { id items { sku ...G } }
    fragment G on o_Item { quantity }`;
    const [{ plan }] = await sql('SELECT graphql.explain($1, $2) AS plan', [query, JSON.stringify({ id: 1, s: 'PENDING' })]);
    const sent = (key) => {
      const m = plan.match(new RegExp(`-- ${key} \\(remote schema "ordering"\\)\\n(.*)\\n`));
      return m && JSON.parse(m[1]);
    };
    assert.deepEqual(sent('first'), {
      query: 'query($id: Int!) { first: order(id: $id) { ...F amount: total __typename } } ' +
        'fragment F on Order { id items { sku ...G } } fragment G on Item { quantity }',
      variables: { id: 1 },
    });
    assert.deepEqual(sent('orders'), {
      query: 'query($s: OrderStatus) { orders(status: $s, first: 2) @include(if: true) { ... on Order { id } } }',
      variables: { s: 'PENDING' },
    });
    assert.match(plan, /-- stock\n/, 'the database\'s field is SQL, as before');
    // run: each remote field's answer under the client's key, in the client's order,
    // __typename with the merged schema's name; the database's field beside them
    const before = ordering.requests.length;
    assert.deepEqual(JSON.parse(await gql(query, { id: 1, s: 'PENDING' })), { data: {
      stock: [],
      first: { id: 1, items: [{ sku: 'A-1', quantity: 2 }], amount: 12.5, __typename: 'o_Order' },
      orders: [{ id: 1 }],
    } });
    assert.deepEqual(ordering.requests.slice(before).map((r) => JSON.parse(r.body)).sort((a, b) => (a.query < b.query ? -1 : 1)),
      [sent('first'), sent('orders')], 'the documents explain shows are the ones sent');
  } finally {
    await sql("SELECT graphql.remove_remote_schema('ordering')");
  }
  // under a namespace, the namespace field's selections are the document
  await add('ordering', { url: ordering.url, customization: { root_fields_namespace: 'svc' } });
  try {
    const [{ plan }] = await sql('SELECT graphql.explain($1) AS plan', ['{ svc { o: order(id: 1) { id } orders { status } } }']);
    const m = plan.match(/-- svc \(remote schema "ordering"\)\n(.*)\n/);
    assert.deepEqual(JSON.parse(m[1]), { query: 'query { o: order(id: 1) { id } orders { status } }', variables: {} });
    assert.deepEqual(JSON.parse(await gql('{ svc { o: order(id: 1) { id __typename } __typename orders(first: 2) { status } } }')), {
      data: { svc: { o: { id: 1, __typename: 'Order' }, __typename: 'Query', orders: [{ status: 'PENDING' }, { status: 'SHIPPED' }] } },
    });
    assert.deepEqual(JSON.parse(await gql('mutation { svc { placeOrder(input: {customer: "cy", items: [{sku: "Z-9", quantity: 3}]}) { customer status items { sku quantity } } } }')), {
      data: { svc: { placeOrder: { customer: 'cy', status: 'PENDING', items: [{ sku: 'Z-9', quantity: 3 }] } } },
    });
  } finally {
    await sql("SELECT graphql.remove_remote_schema('ordering')");
  }
});

// the database's answer to a request, as an object
const ask = async (query, variables = {}) => JSON.parse(await gql(query, variables));
// the error a remote field gets when the call fails
const callError = (key, message) => ({ message, path: [key], extensions: { path: `$.selectionSet.${key}`, code: 'remote-schema-error' } });

test('remote_delegation: errors the remote answers are passed on, with the field null', async () => {
  await add('ordering', { url: ordering.url });
  try {
    assert.deepEqual(await ask('{ stock { sku } a: order(id: 1) { id } b: order(id: 666) { id } }'), {
      data: { stock: [], a: { id: 1 }, b: null },
      errors: [{ message: 'order 666 cannot be shown', path: ['b'] }],
    });
    // a remote mutation, after a database one in the same request
    const placed = await ask('mutation { insert_stock_one(object: {sku: "Q-1", quantity: 5}) { sku } placeOrder(input: {customer: "dee", items: []}) { customer } }');
    assert.deepEqual(placed, { data: { insert_stock_one: { sku: 'Q-1' }, placeOrder: { customer: 'dee' } } });
  } finally {
    await sql("DELETE FROM stock WHERE sku = 'Q-1'");
    await sql("SELECT graphql.remove_remote_schema('ordering')");
  }
});

test('remote_delegation_headers: the definition\'s headers, the session variables, the client\'s headers', async () => {
  await add('ordering', { url: ordering.url, forward_client_headers: true,
    headers: [{ name: 'X-Api-Key', value: 'k1' }] });
  const headersOf = async () => {
    const got = await ask('{ echoHeaders { name value } }');
    assert.equal(got.errors, undefined, JSON.stringify(got.errors));
    return Object.fromEntries(got.data.echoHeaders.map((h) => [h.name, h.value]));
  };
  try {
    await sql('SET request.headers = $$' + JSON.stringify({
      authorization: 'Bearer abc', cookie: 'a=b', 'x-api-key': 'from-client', 'x-hasura-role': 'admin',
      'x-hasura-user-id': '99', 'user-agent': 'curl/8', host: 'evil', 'content-length': '5', 'x-trace': 't1',
      'x-bad': 'a\r\nInjected: yes', x_hasura_role: 'admin',
    }) + '$$');
    await sql(`SET request.jwt.claims = '{"https://hasura.io/jwt/claims": {"X-Hasura-User-Id": "7", "x-hasura-org": "acme"}}'`);
    const h = await headersOf();
    assert.equal(h['x-api-key'], 'k1', 'the definition\'s header wins over the client\'s');
    assert.equal(h['x-hasura-role'], 'postgres', 'the session\'s role, not the client\'s header');
    assert.equal(h['x-hasura-user-id'], '7');
    assert.equal(h['x-hasura-org'], 'acme');
    assert.equal(h.authorization, 'Bearer abc');
    assert.equal(h.cookie, 'a=b');
    assert.equal(h['x-trace'], 't1');
    assert.equal(h['content-type'], 'application/json');
    assert.equal(h['user-agent'], 'graphql-postgresql-extension', 'the client\'s own user-agent is not forwarded');
    assert.match(h.host, /^127\.0\.0\.1:\d+$/);
    assert.equal(h['x-bad'], undefined, 'a value with a line break is not sent');
    assert.equal(h.x_hasura_role, undefined, 'an x-hasura header spelled with underscores is not forwarded either');
    assert.equal(h.injected, undefined);
    // without forward_client_headers: only the definition's and the session's
    await sql("SELECT graphql.remove_remote_schema('ordering')");
    await add('ordering', { url: ordering.url });
    const plain = await headersOf();
    assert.equal(plain.authorization, undefined);
    assert.equal(plain['x-trace'], undefined);
    assert.equal(plain['x-hasura-user-id'], '7');
    // a session variable that cannot be a header value: the field's error, no call
    await sql(`SET request.jwt.claims = '{"https://hasura.io/jwt/claims": {"x-hasura-note": "a\\nb"}}'`);
    const before = ordering.requests.length;
    assert.deepEqual(await ask('{ stock { sku } echoHeaders { name } }'), {
      data: { stock: [], echoHeaders: null },
      errors: [callError('echoHeaders', 'the session variable "x-hasura-note" cannot be sent to remote schema "ordering" as a header')],
    });
    assert.equal(ordering.requests.length, before);
  } finally {
    await sql('RESET request.headers');
    await sql('RESET request.jwt.claims');
    await sql("SELECT graphql.remove_remote_schema('ordering')");
  }
});

const slowSdl = 'type Query { a: Int b: Int c: Int t: T } type T { x: Int y: Int }';

test('remote_delegation_concurrent: a request\'s remote fields are called at once', async () => {
  const svc = await startScripted(slowSdl, () => ({ body: { data: { a: 1, b: 2, c: 3 } }, delayMs: 400 }));
  await add('slow', { url: svc.url });
  try {
    const t0 = Date.now();
    assert.deepEqual(await ask('{ a b c stock { sku } }'), { data: { a: 1, b: 2, c: 3, stock: [] } });
    const took = Date.now() - t0;
    assert.equal(svc.requests.length, 3);
    const lastStart = Math.max(...svc.requests.map((r) => r.start));
    const firstEnd = Math.min(...svc.requests.map((r) => r.end));
    assert.ok(lastStart < firstEnd, 'every call had started before the first was answered');
    assert.ok(took < 1200, `three calls of 400 ms took ${took} ms`);
  } finally {
    await sql("SELECT graphql.remove_remote_schema('slow')");
    await svc.close();
  }
});

test('remote_delegation_failures: a remote down, slow, or answering no GraphQL response', async () => {
  let answer;
  const svc = await startScripted(slowSdl, (got) => answer(got));
  await add('r', { url: svc.url, timeout_seconds: 1, customization: { root_fields_namespace: 'ns' } });
  const cases = [
    [{ status: 500, body: 'oops' }, 'remote schema "r" answered HTTP status 500'],
    [{ status: 502, body: { error: 'bad gateway' } }, 'remote schema "r" answered HTTP status 502'],
    [{ body: 'not json' }, 'remote schema "r" answered something that is not JSON'],
    [{ body: { data: 5 } }, 'remote schema "r" did not answer a GraphQL response'],
    [{ body: { errors: 'no' } }, 'remote schema "r" did not answer a GraphQL response'],
    [{ body: '['.repeat(100) + ']'.repeat(100) }, 'remote schema "r" answered something that is not JSON'],
    [{ body: { data: { a: 1 }, x: '\u0000' } }, 'remote schema "r" answered something that is not JSON'],
    [{ body: { data: {} }, delayMs: 3000 }, 'remote schema "r" did not answer: no response within 1000 ms'],
  ];
  try {
    for (const [a, message] of cases) {
      answer = () => a;
      const t0 = Date.now();
      const got = await ask('{ stock { sku } ns { a } }');
      assert.ok(Date.now() - t0 < 2500, `took ${Date.now() - t0} ms`);
      assert.deepEqual(got.data, { stock: [], ns: null }, JSON.stringify(a));
      assert.equal(got.errors.length, 1);
      assert.ok(got.errors[0].message.startsWith(message), got.errors[0].message);
      assert.deepEqual({ ...got.errors[0], message }, callError('ns', message));
    }
    // its own errors: passed on with the namespace's key first, without locations
    answer = () => ({ body: { data: { a: null, b: 2 }, errors: [
      { message: 'a failed', path: ['a'], locations: [{ line: 1, column: 3 }], extensions: { code: 'E1' } },
      { message: 7 }] } });
    assert.deepEqual(await ask('{ ns { a b } }'), {
      data: { ns: { a: null, b: 2 } },
      errors: [{ message: 'a failed', path: ['ns', 'a'], extensions: { code: 'E1' } },
        { message: 'remote schema "r" answered an error without a message' }],
    });
    // an answer with keys not asked for, without some asked for, a __typename of its own
    answer = () => ({ body: { data: { t: { x: 1, evil: 2, __typename: 'Evil' }, extra: 1 } } });
    assert.deepEqual(await ask('{ ns { t { x y kind: __typename } } }'), { data: { ns: { t: { x: 1, y: null, kind: 'T' } } } });
    // down
    await svc.close();
    const got = await ask('{ stock { sku } ns { a } }');
    assert.deepEqual(got.data, { stock: [], ns: null });
    assert.match(got.errors[0].message, /^remote schema "r" did not answer: (Couldn't|Could not|Failed to) connect/);
  } finally {
    await sql("SELECT graphql.remove_remote_schema('r')");
    await svc.close();
  }
});

test('remote_delegation_limits: graphql.remote_max_concurrent calls per remote; a cancel ends the wait', async () => {
  const svc = await startScripted(slowSdl, () => ({ body: { data: { a: 1, b: 2 } }, delayMs: 300 }));
  await add('slow', { url: svc.url });
  const slotsHeld = async () => (await sql("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 3"))[0].n;
  try {
    await sql('SET graphql.remote_max_concurrent = 1');
    assert.deepEqual(await ask('{ a b }'), {
      data: { a: 1, b: null },
      errors: [callError('b', 'remote schema "slow" is busy: graphql.remote_max_concurrent (1) calls to it are running')],
    });
    assert.equal(await slotsHeld(), 0, 'the slots are released when the calls end');
    assert.deepEqual(await ask('{ b }'), { data: { b: 2 } });
    await sql("SET statement_timeout = '100ms'");
    const t0 = Date.now();
    const e = await failure('SELECT graphql.resolve($1)', ['{ a }']);
    assert.equal(e.message, 'canceling statement due to statement timeout');
    assert.ok(Date.now() - t0 < 290, `took ${Date.now() - t0} ms`);
    await sql('RESET statement_timeout');
    assert.equal(await slotsHeld(), 0, 'a cancelled call releases its slot');
    assert.deepEqual(await ask('{ a }'), { data: { a: 1 } });
    // a setting of the superuser's: a role cannot raise it for itself
    await sql('DROP ROLE IF EXISTS remote_nobody');
    await sql('CREATE ROLE remote_nobody');
    await sql('SET ROLE remote_nobody');
    const set = await failure('SET graphql.remote_max_concurrent = 50');
    await sql('RESET ROLE');
    await sql('DROP ROLE remote_nobody');
    assert.equal(set.message, 'permission denied to set parameter "graphql.remote_max_concurrent"');
  } finally {
    await sql('RESET statement_timeout');
    await sql('RESET graphql.remote_max_concurrent');
    await sql("SELECT graphql.remove_remote_schema('slow')");
    await svc.close();
  }
});

// a table of the team's requests, each pointing at an order in the ordering service
async function requestTable() {
  await sql('DROP TABLE IF EXISTS request, desk');
  await sql('CREATE TABLE desk (id int PRIMARY KEY, name text NOT NULL)');
  await sql(`CREATE TABLE request (id int PRIMARY KEY, desk_id int REFERENCES desk, order_id int,
             status text, note text)`);
  await sql("INSERT INTO desk VALUES (1, 'north'), (2, 'south')");
  // 1,000 rows: orders 1, 2, 3 and 99 (which does not exist), some without an order, one whose order fails
  await sql(`INSERT INTO request SELECT i, 1 + i % 2, CASE WHEN i % 10 = 0 THEN NULL WHEN i = 7 THEN 666 ELSE (ARRAY[1, 2, 3, 99])[1 + i % 4] END,
             CASE WHEN i % 2 = 0 THEN 'PENDING' ELSE 'SHIPPED' END, 'n' || i FROM generate_series(1, 1000) i`);
}
const addRel = (table, name, def) => sql('SELECT graphql.add_remote_relationship($1, $2, $3)', [table, name, JSON.stringify(def)]);
const toOrder = { to_remote_schema: { remote_schema: 'ordering', lhs_fields: ['order_id'], remote_field: { order: { arguments: { id: '$order_id' } } } } };

test('remote_relationship: a table\'s field answered by the remote, one call per relationship field for 1,000 rows', async () => {
  await requestTable();
  await add('ordering', { url: ordering.url });
  try {
    await addRel('request', 'order', toOrder);
    assert.equal(await sdlType('request').then((t) => t.split('\n').find((l) => /^\s+order/.test(l))), '  order: Order');
    let before = ordering.requests.length;
    const small = await ask('{ request(order_by: {id: asc}, limit: 3) { id order { id status __typename } } }');
    assert.deepEqual(small, { data: { request: [
      { id: 1, order: { id: 2, status: 'SHIPPED', __typename: 'Order' } },
      { id: 2, order: { id: 3, status: 'DELIVERED', __typename: 'Order' } },
      { id: 3, order: null }, // order 99 does not exist
    ] } });
    assert.equal(ordering.requests.length, before + 1);
    const sent = JSON.parse(ordering.requests[before].body);
    assert.deepEqual(sent, {
      query: 'query($__join0_id: Int!, $__join1_id: Int!, $__join2_id: Int!) { r0: order(id: $__join0_id) { id status __typename } ' +
        'r1: order(id: $__join1_id) { id status __typename } r2: order(id: $__join2_id) { id status __typename } }',
      variables: { __join0_id: 2, __join1_id: 3, __join2_id: 99 },
    });
    // 1,000 rows, through an array relationship: one call, each distinct order asked once
    before = ordering.requests.length;
    const all = await ask('{ desk(order_by: {id: asc}) { name requests(order_by: {id: asc}) { id order_id order { id total } } } }');
    assert.equal(ordering.requests.length, before + 1, 'one call for the level');
    const asked = JSON.parse(ordering.requests[before].body);
    assert.deepEqual(Object.values(asked.variables).sort((x, y) => x - y), [1, 2, 3, 99, 666]);
    const totals = { 1: 12.5, 2: 40, 3: 7.25 };
    let rows = 0;
    for (const d of all.data.desk) {
      for (const r of d.requests) {
        rows++;
        const want = totals[r.order_id] === undefined ? null : { id: r.order_id, total: totals[r.order_id] };
        assert.deepEqual(r.order, want, `request ${r.id}`);
      }
    }
    assert.equal(rows, 1000);
    // the remote's error for order 666: at the first row that asked for it
    assert.deepEqual(all.errors, [{ message: 'order 666 cannot be shown', path: ['desk', 1, 'requests', 3, 'order'] }]);
  } finally {
    await sql("SELECT graphql.remove_remote_relationship('request', 'order')");
    await sql("SELECT graphql.remove_remote_schema('ordering')");
  }
});

test('remote_relationship: arguments of the client\'s, variables and fragments in the selection, two relationships at once', async () => {
  await requestTable();
  await add('ordering', { url: ordering.url });
  try {
    await addRel('request', 'order', toOrder);
    await addRel('request', 'sameStatus', { to_remote_schema: { remote_schema: 'ordering', lhs_fields: ['status'],
      remote_field: { orders: { arguments: { status: '$status' } } } } });
    assert.match(await sdlType('request'), /\n  sameStatus\(first: Int\): \[Order!\]\n/, 'the arguments it does not set are the field\'s');
    const before = ordering.requests.length;
    const got = await ask(`query($n: Int) { request(where: {id: {_in: [1, 2]}}, order_by: {id: asc}) {
        id order { ...O } same: sameStatus(first: $n) { id status } } }
      fragment O on Order { id customer }`, { n: 1 });
    assert.deepEqual(got, { data: { request: [
      { id: 1, order: { id: 2, customer: 'bob' }, same: [{ id: 2, status: 'SHIPPED' }] },
      { id: 2, order: { id: 3, customer: null }, same: [{ id: 1, status: 'PENDING' }] },
    ] } });
    const bodies = ordering.requests.slice(before).map((r) => JSON.parse(r.body));
    assert.equal(bodies.length, 2, 'one call per relationship field');
    const same = bodies.find((b) => b.query.includes('orders'));
    assert.deepEqual(same, {
      query: 'query($__join0_status: OrderStatus, $__join1_status: OrderStatus, $n: Int) { ' +
        'r0: orders(status: $__join0_status, first: $n) { id status } r1: orders(status: $__join1_status, first: $n) { id status } }',
      variables: { __join0_status: 'SHIPPED', __join1_status: 'PENDING', n: 1 },
    });
    const order = bodies.find((b) => b.query.includes('order('));
    assert.equal(order.query, 'query($__join0_id: Int!, $__join1_id: Int!) { r0: order(id: $__join0_id) { ...O } ' +
      'r1: order(id: $__join1_id) { ...O } } fragment O on Order { id customer }');
    // a role that may not select the lhs column sees no relationship
    await sql('DROP ROLE IF EXISTS remote_clerk');
    await sql('CREATE ROLE remote_clerk');
    await sql('GRANT USAGE ON SCHEMA graphql TO remote_clerk');
    await sql('GRANT SELECT (id, note, status) ON request TO remote_clerk');
    await sql('SET ROLE remote_clerk');
    try {
      const denied = await ask('{ request(limit: 1) { id order { id } } }');
      assert.equal(denied.errors[0].message, "field 'order' not found in type: 'request'");
      const allowed = await ask('{ request(where: {id: {_eq: 1}}) { sameStatus(first: 1) { id } } }');
      assert.deepEqual(allowed, { data: { request: [{ sameStatus: [{ id: 2 }] }] } });
    } finally {
      await sql('RESET ROLE');
      await sql('DROP OWNED BY remote_clerk');
      await sql('DROP ROLE remote_clerk');
    }
  } finally {
    await sql("SELECT graphql.remove_remote_relationship('request', 'order')");
    await sql("SELECT graphql.remove_remote_relationship('request', 'sameStatus')");
    await sql("SELECT graphql.remove_remote_schema('ordering')");
  }
});

test('remote_relationship: each mistake in a definition is named; what the schema cannot merge is refused', async () => {
  await requestTable();
  await add('ordering', { url: ordering.url });
  const to = (x) => ({ to_remote_schema: { remote_schema: 'ordering', lhs_fields: ['order_id'], remote_field: { order: { arguments: { id: '$order_id' } } }, ...x } });
  try {
    const cases = [
      [{ to_source: {} }, 'definition.to_source: relationships to another database are not supported'],
      [{ remote_schema: 'ordering' }, 'definition: unknown key "remote_schema"'],
      [{}, 'definition: "to_remote_schema" is required'],
      [to({ hasura_fields: ['id'] }), 'to_remote_schema: unknown key "hasura_fields"'],
      [to({ remote_schema: 'nope' }), 'to_remote_schema.remote_schema: remote schema "nope" does not exist'],
      [to({ lhs_fields: [] }), 'to_remote_schema.lhs_fields: expected at least one column'],
      [to({ lhs_fields: ['nope'] }), 'to_remote_schema.lhs_fields[0]: table "request" has no column "nope"'],
      [to({ lhs_fields: ['ctid'] }), 'to_remote_schema.lhs_fields[0]: table "request" has no column "ctid"'],
      [to({ remote_field: {} }), 'to_remote_schema.remote_field: expected exactly one field'],
      [to({ remote_field: { order: { arguments: { id: '$note' } } } }), 'to_remote_schema.remote_field.order.arguments.id: "$note" is not one of the lhs_fields'],
      [to({ remote_field: { order: { arguments: { id: '$order_id' }, field: { items: {} } } } }), 'to_remote_schema.remote_field.order.field: a remote field nested in another is not supported yet'],
      [to({ remote_field: { order: { args: {} } } }), 'to_remote_schema.remote_field.order: unknown key "args"'],
    ];
    for (const [def, why] of cases) {
      const e = await failure('SELECT graphql.add_remote_relationship($1, $2, $3)', ['request', 'order', JSON.stringify(def)]);
      assert.equal(e.message, `invalid definition of remote relationship "order": ${why}`, JSON.stringify(def));
    }
    const bad = await failure('SELECT graphql.add_remote_relationship($1, $2, $3)', ['request', 'my-order', JSON.stringify(toOrder)]);
    assert.equal(bad.message, 'a remote relationship\'s name must be a GraphQL name, not "my-order"');
    const merged = [
      ['order', to({ remote_field: { nope: { arguments: {} } } }), 'remote schema "ordering" has no query field "nope"'],
      ['order', to({ remote_field: { order: { arguments: { id: '$order_id', x: 1 } } } }), 'field "order" of remote schema "ordering" has no argument "x"'],
      ['note', toOrder, 'type "request" has a field of that name'],
      ['desk', toOrder, 'type "request" has a field of that name'],
    ];
    for (const [name, def, why] of merged) {
      const e = await failure('SELECT graphql.add_remote_relationship($1, $2, $3)', ['request', name, JSON.stringify(def)]);
      assert.equal(e.message, `remote relationship "${name}" of table "request" cannot be added: ${why}`);
    }
    assert.deepEqual(await sql('SELECT name FROM graphql.remote_relationship'), [], 'nothing refused was kept');
    await addRel('request', 'order', toOrder);
    const dup = await failure('SELECT graphql.add_remote_relationship($1, $2, $3)', ['request', 'order', JSON.stringify(toOrder)]);
    assert.equal(dup.message, 'remote relationship "order" of table "request" already exists');
    const used = await failure("SELECT graphql.remove_remote_schema('ordering')");
    assert.equal(used.message, 'remote schema "ordering" has remote relationships: remove them first');
    await sql("SELECT graphql.remove_remote_relationship('request', 'order')");
    const gone = await failure("SELECT graphql.remove_remote_relationship('request', 'order')");
    assert.equal(gone.message, 'remote relationship "order" of table "request" does not exist');
    // a column added later under the relationship's name wins; the relationship is left out
    await addRel('request', 'order', toOrder);
    await sql('ALTER TABLE request ADD COLUMN "order" int');
    const later = await ask('{ request(limit: 1, where: {id: {_eq: 1}}) { order } }');
    assert.deepEqual(later, { data: { request: [{ order: null }] } });
    await sql('ALTER TABLE request DROP COLUMN "order"');
    await sql("SELECT graphql.remove_remote_relationship('request', 'order')");
    // only a superuser
    await sql('DROP ROLE IF EXISTS remote_nobody');
    await sql('CREATE ROLE remote_nobody');
    await sql('SET ROLE remote_nobody');
    try {
      const e = await failure(`SELECT graphql.add_remote_relationship('request', 'x', '{}')`);
      assert.equal(e.message, 'permission denied for function add_remote_relationship');
      const r = await failure('SELECT * FROM graphql.remote_relationship');
      assert.equal(r.message, 'permission denied for table remote_relationship');
    } finally {
      await sql('RESET ROLE');
      await sql('DROP ROLE remote_nobody');
    }
  } finally {
    await sql('DELETE FROM graphql.remote_relationship');
    await sql("SELECT graphql.remove_remote_schema('ordering')");
  }
});

test('remote_relationship: a remote that fails gives null for the relationship, the rows still answer', async () => {
  await requestTable();
  let answer;
  const svc = await startScripted('type Query { order(id: Int!): O } type O { id: Int }', (got) => answer(got));
  await add('r', { url: svc.url, timeout_seconds: 1 });
  try {
    await addRel('request', 'order', { to_remote_schema: { remote_schema: 'r', lhs_fields: ['order_id'], remote_field: { order: { arguments: { id: '$order_id' } } } } });
    answer = () => ({ status: 500, body: 'oops' });
    const got = await ask('{ request(where: {id: {_in: [1, 2]}}, order_by: {id: asc}) { id order { id } } }');
    assert.deepEqual(got, {
      data: { request: [{ id: 1, order: null }, { id: 2, order: null }] },
      errors: [{ message: 'remote schema "r" answered HTTP status 500', path: ['request', 0, 'order'],
        extensions: { path: '$.selectionSet.request.selectionSet.order', code: 'remote-schema-error' } }],
    });
    // an answer with other aliases than asked, and hostile keys: only what was asked is written
    answer = () => ({ body: { data: { r0: { id: 2, evil: 1 }, r9: { id: 9 } } } });
    assert.deepEqual(await ask('{ request(where: {id: {_in: [1, 2]}}, order_by: {id: asc}) { id order { id } } }'),
      { data: { request: [{ id: 1, order: { id: 2 } }, { id: 2, order: null }] } });
    // rows without values: no call at all
    const before = svc.requests.length;
    assert.deepEqual(await ask('{ request(where: {id: {_eq: 10}}) { id order { id } } }'), { data: { request: [{ id: 10, order: null }] } });
    assert.equal(svc.requests.length, before);
  } finally {
    await sql('DELETE FROM graphql.remote_relationship');
    await sql("SELECT graphql.remove_remote_schema('r')");
    await svc.close();
  }
});

// the expense-settlement service's custom types: an object with relationships to the request table
const settleTypes = {
  scalars: [{ name: 'Money' }],
  enums: [{ name: 'Priority', values: [{ value: 'LOW' }, { value: 'HIGH' }] }],
  input_objects: [{ name: 'SettleInput', fields: [{ name: 'request_ids', type: '[Int!]!' },
    { name: 'priority', type: 'Priority' }, { name: 'amount', type: 'Money' }] }],
  objects: [{ name: 'SettleOutput',
    fields: [{ name: 'settlement_id', type: 'Int!' }, { name: 'request_id', type: 'Int' },
      { name: 'desk_id', type: 'Int' }, { name: 'state', type: 'Priority' }, { name: 'amount', type: 'Money' },
      { name: 'parent', type: 'SettleOutput' }],
    relationships: [
      { name: 'request', type: 'object', remote_table: 'request', field_mapping: { request_id: 'id' } },
      { name: 'desk_requests', type: 'array', remote_table: { schema: 'public', name: 'request' }, field_mapping: { desk_id: 'desk_id' } },
    ] }],
};
const addAction = (name, def) => sql('SELECT graphql.add_action($1, $2)', [name, JSON.stringify(def)]);

test('action: the handler gets Hasura\'s payload; its answer joined to tables', async () => {
  await requestTable();
  let answer;
  const h = await startHandler((got) => answer(got));
  await sql('SELECT graphql.set_custom_types($1)', [JSON.stringify(settleTypes)]);
  await addAction('settle', { kind: 'synchronous', type: 'mutation', handler: `${h.url}/settle`,
    arguments: [{ name: 'input', type: 'SettleInput!' }], output_type: '[SettleOutput!]!',
    headers: [{ name: 'X-Secret', value: 's3' }], forward_client_headers: true, timeout: 2 });
  await addAction('quote', { type: 'query', handler: `${h.url}/quote`, arguments: [{ name: 'id', type: 'Int!' }],
    output_type: 'SettleOutput' });
  try {
    assert.equal(await sdlType('SettleOutput'), ['type SettleOutput {', '  amount: Money', '  desk_id: Int',
      '  desk_requests(', '    distinct_on: [request_select_column!]', '    limit: Int', '    offset: Int',
      '    order_by: [request_order_by!]', '    where: request_bool_exp', '  ): [request!]!',
      '  parent: SettleOutput', '  request: request', '  request_id: Int', '  settlement_id: Int!', '  state: Priority',
      '}'].join('\n'));
    answer = () => ({ body: [{ settlement_id: 10, request_id: 1, desk_id: 1, state: 'HIGH', amount: { cur: 'EUR', v: 5 } },
      { settlement_id: 11, request_id: 5000, desk_id: null, state: null, amount: null }] });
    await sql(`SET request.headers = '{"authorization": "Bearer t", "x-hasura-role": "admin"}'`);
    const query = `mutation($ids: [Int!]!) { settle(input: {request_ids: $ids, priority: HIGH, amount: {cur: "EUR", v: 5}}) {
      settlement_id __typename state amount request { id note } desk_requests(order_by: {id: asc}, limit: 2) { id } } }`;
    const got = await ask(query, { ids: [1, 2] });
    assert.deepEqual(got, { data: { settle: [
      { settlement_id: 10, __typename: 'SettleOutput', state: 'HIGH', amount: { cur: 'EUR', v: 5 },
        request: { id: 1, note: 'n1' }, desk_requests: [{ id: 2 }, { id: 4 }] },
      { settlement_id: 11, __typename: 'SettleOutput', state: null, amount: null, request: null, desk_requests: [] },
    ] } });
    assert.equal(h.requests.length, 1);
    const sent = h.requests[0];
    assert.equal(sent.path, '/settle');
    assert.deepEqual(sent.body, {
      action: { name: 'settle' },
      input: { input: { request_ids: [1, 2], priority: 'HIGH', amount: { cur: 'EUR', v: 5 } } },
      session_variables: { 'x-hasura-role': 'postgres' },
      request_query: query,
    });
    assert.equal(sent.headers['x-secret'], 's3');
    assert.equal(sent.headers.authorization, 'Bearer t', 'forward_client_headers');
    assert.equal(sent.headers['x-hasura-role'], undefined, 'the session goes in the payload, not in headers');
    await sql('RESET request.headers');
    // a query action, called before the statements run
    answer = () => ({ body: { settlement_id: 12, request_id: 3, desk_id: 2 } });
    assert.deepEqual(await ask('{ quote(id: 3) { settlement_id request { note } } request(where: {id: {_eq: 5}}) { id } }'),
      { data: { quote: { settlement_id: 12, request: { note: 'n3' } }, request: [{ id: 5 }] } });
    assert.deepEqual(h.requests[1].body.input, { id: 3 });
    const [{ plan }] = await sql('SELECT graphql.explain($1) AS plan', ['{ quote(id: 3) { settlement_id } }']);
    assert.match(plan, /^-- quote \(action "quote"\)\n\{"action": \{"name": "quote"\}, "input": \{"id": 3\}/);
  } finally {
    await sql('RESET request.headers');
    await sql('DELETE FROM graphql.action');
    await h.close();
  }
});

test('action: an error answer reaches the client as Hasura passes it; a bad answer is an error', async () => {
  await requestTable();
  let answer;
  const h = await startHandler((got) => answer(got));
  await sql('SELECT graphql.set_custom_types($1)', [JSON.stringify(settleTypes)]);
  await addAction('quote', { type: 'query', handler: `${h.url}/quote`, arguments: [{ name: 'id', type: 'Int!' }],
    output_type: 'SettleOutput', timeout: 1 });
  const err = (message, extensions = { path: '$.selectionSet.quote', code: 'unexpected' }) => ({ message, path: ['quote'], extensions });
  const cases = [
    [{ status: 400, body: { message: 'not enough funds', extensions: { code: 'funds-low', left: 3 } } },
      err('not enough funds', { code: 'funds-low', left: 3 })],
    [{ status: 422, body: { message: 'no such request' } }, err('no such request')],
    [{ status: 404, body: 'nope' }, err('the handler of action "quote" answered HTTP status 404')],
    [{ status: 500, body: { message: 'boom' } }, err('the handler of action "quote" answered HTTP status 500')],
    [{ body: 'not json' }, err('the handler of action "quote" answered something that is not JSON')],
    [{ body: [1] }, err('the handler of action "quote" answered a value that is not of its output type: $: expected an object, got an array')],
    [{ body: { settlement_id: 'x' } }, err('the handler of action "quote" answered a value that is not of its output type: $.settlement_id: expected an Int')],
    [{ body: { request_id: 1 } }, err('the handler of action "quote" answered a value that is not of its output type: $.settlement_id: null where a value is required')],
    [{ body: { settlement_id: 1, state: 'MID' } }, err('the handler of action "quote" answered a value that is not of its output type: $.state: not a value of enum Priority')],
    [{ body: { settlement_id: 1 }, delayMs: 3000 }, err('the handler of action "quote" did not answer: no response within 1000 ms')],
  ];
  try {
    for (const [a, want] of cases) {
      answer = () => a;
      const got = await ask('{ quote(id: 1) { settlement_id } request(where: {id: {_eq: 1}}) { id } }');
      assert.deepEqual(got, { data: { quote: null, request: [{ id: 1 }] }, errors: [want] }, JSON.stringify(a));
    }
  } finally {
    await sql('DELETE FROM graphql.action');
    await h.close();
  }
});

test('action: each mistake in a definition or the custom types is named', async () => {
  await requestTable();
  await sql('SELECT graphql.set_custom_types($1)', [JSON.stringify(settleTypes)]);
  const ok = { handler: 'http://127.0.0.1:1/x', output_type: 'SettleOutput' };
  try {
    const cases = [
      [{ ...ok, timeot: 5 }, 'invalid definition of action "a": definition: unknown key "timeot"'],
      [{ output_type: 'SettleOutput' }, 'invalid definition of action "a": definition: "handler" is required'],
      [{ ...ok, handler: 'ftp://x' }, 'invalid definition of action "a": definition.handler: "ftp://x" is not an http or https URL'],
      [{ ...ok, handler: '{{GRAPHQL_TEST_NOT_SET}}/x' }, 'invalid definition of action "a": definition.handler: the environment variable "GRAPHQL_TEST_NOT_SET" is not set'],
      [{ ...ok, timeout: 0 }, 'invalid definition of action "a": definition.timeout: expected a whole number of seconds from 1 to 3600'],
      [{ ...ok, request_transform: {} }, 'invalid definition of action "a": definition: request and response transforms are not supported'],
      [{ ...ok, kind: 'asynchronous' }, 'action "a" cannot be added: action "a" is left out of the schema: only synchronous actions are supported'],
      [{ ...ok, output_type: 'Nope' }, 'action "a" cannot be added: action "a" is left out of the schema: output_type: type "Nope" is not an output type (a scalar, an enum or a custom object)'],
      [{ ...ok, output_type: 'SettleInput' }, 'action "a" cannot be added: action "a" is left out of the schema: output_type: type "SettleInput" is not an output type (a scalar, an enum or a custom object)'],
      [{ ...ok, output_type: '[SettleOutput' }, 'action "a" cannot be added: action "a" is left out of the schema: output_type: the type is not a GraphQL type'],
      [{ ...ok, arguments: [{ name: 'x', type: 'SettleOutput' }] }, 'action "a" cannot be added: action "a" is left out of the schema: argument "x": type "SettleOutput" is not an input type (a scalar, an enum or an input object)'],
    ];
    for (const [def, why] of cases) {
      const e = await failure('SELECT graphql.add_action($1, $2)', ['a', JSON.stringify(def)]);
      assert.equal(e.message, why, JSON.stringify(def));
    }
    const clash = await failure('SELECT graphql.add_action($1, $2)', ['request', JSON.stringify({ ...ok, type: 'query' })]);
    assert.equal(clash.message, 'action "request" cannot be added: action "request" is left out of the schema: query_root has a field "request"');
    await addAction('a', ok);
    const dup = await failure('SELECT graphql.add_action($1, $2)', ['a', JSON.stringify(ok)]);
    assert.equal(dup.message, 'action "a" already exists');
    const typeCases = [
      [{ objects: [{ name: 'O', fields: [{ name: 'f', type: 'Nope' }] }] }, 'O.f: type "Nope" is not an output type (a scalar, an enum or a custom object)'],
      [{ objects: [{ name: 'request', fields: [{ name: 'f', type: 'Int' }] }] }, 'type "request" has the name of a type the schema has'],
      [{ objects: [{ name: 'O', fields: [{ name: 'f', type: 'Int' }], relationships: [{ name: 'r', type: 'object', remote_table: 'nope', field_mapping: { f: 'id' } }] }] },
        'O.r: its remote_table is not a table of graphql.schemas'],
      [{ enums: [{ name: 'E', values: [{ value: 'true' }] }] }, 'enum "E": values[0] must be a GraphQL name (not true, false or null)'],
    ];
    for (const [types, why] of typeCases) {
      const e = await failure('SELECT graphql.set_custom_types($1)', [JSON.stringify(types)]);
      assert.equal(e.message, `the custom types cannot be set: custom types "custom_types" is left out of the schema: ${why}`);
    }
    const shape = await failure('SELECT graphql.set_custom_types($1)', [JSON.stringify({ types: [] })]);
    assert.equal(shape.message, 'invalid custom types: unknown key "types"');
    await sql("SELECT graphql.remove_action('a')");
    const gone = await failure("SELECT graphql.remove_action('a')");
    assert.equal(gone.message, 'action "a" does not exist');
    await sql('DROP ROLE IF EXISTS remote_nobody');
    await sql('CREATE ROLE remote_nobody');
    await sql('SET ROLE remote_nobody');
    try {
      for (const call of ["graphql.add_action('x', '{}')", "graphql.remove_action('x')", "graphql.set_custom_types('{}')"]) {
        const e = await failure(`SELECT ${call}`);
        assert.match(e.message, /^permission denied for function (add_action|remove_action|set_custom_types)$/);
      }
    } finally {
      await sql('RESET ROLE');
      await sql('DROP ROLE remote_nobody');
    }
  } finally {
    await sql('DELETE FROM graphql.action');
  }
});

test('remote_permissions: a role sees the SDL its permission gives, presets from its session', async () => {
  await add('ordering', { url: ordering.url });
  await sql('DROP ROLE IF EXISTS remote_clerk');
  await sql('DROP ROLE IF EXISTS remote_viewer');
  await sql('CREATE ROLE remote_clerk');
  await sql('CREATE ROLE remote_viewer');
  const perm = (role, schema) => sql('SELECT graphql.add_remote_schema_permissions($1, $2, $3)',
    ['ordering', role, JSON.stringify({ schema })]);
  const clerkSdl = `
    type Query {
      "the clerk's own order"
      order(id: Int! @preset(value: "x-hasura-order-id")): Order
      orders(status: OrderStatus @preset(value: PENDING)): [Order!]!
    }
    type Order { id: Int! status: OrderStatus! items: [Item!]! }
    type Item { sku: String! }
    enum OrderStatus { PENDING SHIPPED }`;
  try {
    await perm('remote_clerk', clerkSdl);
    const asRole = async (role, query) => {
      await sql(`SET ROLE ${role}`);
      try {
        return await ask(query);
      } finally {
        await sql('RESET ROLE');
      }
    };
    await sql(`SET request.jwt.claims = '{"https://hasura.io/jwt/claims": {"x-hasura-order-id": "2"}}'`);
    const before = ordering.requests.length;
    const seen = await asRole('remote_clerk', '{ order { id status items { sku } } orders { id status } }');
    assert.deepEqual(seen.data.order, { id: 2, status: 'SHIPPED', items: [{ sku: 'B-7' }] });
    assert.ok(seen.data.orders.length > 0 && seen.data.orders.every((o) => o.status === 'PENDING'), JSON.stringify(seen));
    const docs = ordering.requests.slice(before).map((r) => JSON.parse(r.body).query).sort();
    assert.deepEqual(docs, ['query { order(id: 2) { id status items { sku } } }', 'query { orders(status: PENDING) { id status } }']);
    // what the permission leaves out is not there for the role
    const hidden = [
      ['{ order { total } }', "field 'total' not found in type: 'Order'"],
      ['{ order(id: 1) { id } }', "'order' has no argument named 'id'"],
      ['{ echoHeaders { name } }', "field 'echoHeaders' not found in type: 'query_root'"],
      ['{ __type(name: "OrderStatus") { enumValues { name } } }', null],
    ];
    for (const [q, why] of hidden) {
      const got = await asRole('remote_clerk', q);
      if (why === null) assert.deepEqual(got.data.__type.enumValues, [{ name: 'PENDING' }, { name: 'SHIPPED' }]);
      else assert.ok(got.errors && got.errors[0].message.includes(why), `${q}: ${JSON.stringify(got)}`);
    }
    // a role without a permission does not see the remote; a superuser sees it whole
    const viewer = await asRole('remote_viewer', '{ orders { id } }');
    assert.equal(viewer.errors[0].message, "field 'orders' not found in type: 'query_root'");
    assert.deepEqual((await ask('{ order(id: 3) { total } }')).data, { order: { total: 7.25 } });
    // a preset's session variable the request lacks: Hasura's error
    await sql('RESET request.jwt.claims');
    assert.deepEqual(await asRole('remote_clerk', '{ order { id } }'), { errors: [{
      message: 'missing session variables: "x-hasura-order-id"',
      extensions: { path: '$.selectionSet.order', code: 'not-found' } }] });
    // mistakes in a permission are named
    const bad = [
      ['type Query { nope: Int }', 'Query.nope: the remote has no such field'],
      ['type Query { order(id: Int!): Order } type Order { id: String! }', 'Order.id: the remote\'s type is Int!, not String!'],
      ['type Query { order: Order } type Order { id: Int! }', 'Query.order: argument "id" is required by the remote: list it or preset it'],
      ['type Query { order(id: Int!): Order }', 'type "Order" is used but not listed'],
      ['type Query { orders: [Order!]! } type Order { id: Int! } enum OrderStatus { LOST }', 'enum "OrderStatus": the remote has no value LOST'],
      ['type Nope { a: Int }', 'type "Nope": the remote has no such type'],
      ['interface I { a: Int }', 'line 1: interface definitions are not supported'],
      ['type Query { order(id: Int!): Order', 'line 1: expected a name, found <EOF>'],
    ];
    for (const [sdl, why] of bad) {
      const e = await failure('SELECT graphql.add_remote_schema_permissions($1, $2, $3)', ['ordering', 'remote_viewer', JSON.stringify({ schema: sdl })]);
      assert.equal(e.message, `invalid permission of role "remote_viewer" on remote schema "ordering": ${why}`, sdl);
    }
    const dup = await failure('SELECT graphql.add_remote_schema_permissions($1, $2, $3)', ['ordering', 'remote_clerk', JSON.stringify({ schema: clerkSdl })]);
    assert.equal(dup.message, 'role "remote_clerk" already has a permission on remote schema "ordering"');
    // without any permission left, every role sees the whole remote again
    await sql("SELECT graphql.drop_remote_schema_permissions('ordering', 'remote_clerk')");
    assert.deepEqual((await asRole('remote_viewer', '{ order(id: 1) { total } }')).data, { order: { total: 12.5 } });
    const gone = await failure("SELECT graphql.drop_remote_schema_permissions('ordering', 'remote_clerk')");
    assert.equal(gone.message, 'role "remote_clerk" has no permission on remote schema "ordering"');
  } finally {
    await sql('RESET ROLE');
    await sql('RESET request.jwt.claims');
    await sql("SELECT graphql.remove_remote_schema('ordering')");
    await sql('DROP ROLE remote_clerk');
    await sql('DROP ROLE remote_viewer');
  }
});

test('action: the review\'s cases: permissions per role, nested relationships, json the rows hold, types', async () => {
  await requestTable();
  let answer = () => ({ body: { settlement_id: 1, request_id: 1, desk_id: 1 } });
  const h = await startHandler((got) => answer(got));
  await sql('SELECT graphql.set_custom_types($1)', [JSON.stringify(settleTypes)]);
  await addAction('quote', { type: 'query', handler: `${h.url}/quote`, arguments: [{ name: 'id', type: 'Int!' }],
    output_type: 'SettleOutput' });
  await sql('DROP ROLE IF EXISTS remote_clerk');
  await sql('CREATE ROLE remote_clerk');
  await sql('GRANT SELECT ON request TO remote_clerk');
  const asClerk = async (query) => {
    await sql('SET ROLE remote_clerk');
    try {
      return await ask(query);
    } finally {
      await sql('RESET ROLE');
    }
  };
  try {
    // an action is the superuser's until a role is let use it (Hasura: admin only)
    assert.equal((await asClerk('{ quote(id: 1) { settlement_id } }')).errors[0].message,
      "field 'quote' not found in type: 'query_root'");
    await sql("SELECT graphql.create_action_permission('quote', 'remote_clerk')");
    assert.deepEqual(await asClerk('{ quote(id: 1) { settlement_id } }'), { data: { quote: { settlement_id: 1 } } });
    const twice = await failure("SELECT graphql.create_action_permission('quote', 'remote_clerk')");
    assert.equal(twice.message, 'role "remote_clerk" may already use action "quote"');
    await sql("SELECT graphql.drop_action_permission('quote', 'remote_clerk')");
    assert.ok((await asClerk('{ quote(id: 1) { settlement_id } }')).errors);
    // a relationship of an object nested in the output is refused, not read from the handler's JSON
    const nested = await ask('{ quote(id: 1) { parent { request { id } } } }');
    assert.equal(nested.errors[0].message, 'relationships of custom objects nested in an action\'s output are not supported');
    // a json value the rows hold that the answer cannot carry: an error, not a crash
    await sql('ALTER TABLE request ADD COLUMN meta json');
    await sql(`UPDATE request SET meta = '{"a": 1, "a": 2}' WHERE id = 1`);
    const dup = await ask('{ quote(id: 1) { request { meta } } }');
    assert.equal(dup.data, null);
    assert.match(dup.errors[0].message, /^the rows of action "quote"'s relationships could not be read: /);
    assert.deepEqual(await ask('{ quote(id: 1) { settlement_id } }'), { data: { quote: { settlement_id: 1 } } }, 'the backend lives on');
    // custom types that would crash the merge are refused
    const bad = [
      [{ ...settleTypes, enums: [...settleTypes.enums, { name: 'Priority', values: [{ value: 'X' }] }] }, 'two custom types are named "Priority"'],
      [{ ...settleTypes, scalars: [{ name: 'Money' }, { name: 'subscription_root' }] }, 'type "subscription_root" has a name the schema keeps for itself'],
      [{ ...settleTypes, objects: [{ ...settleTypes.objects[0], relationships: [
        { name: 'a', type: 'object', remote_table: 'request', field_mapping: { request_id: 'id' } },
        { name: 'b', type: 'object', remote_table: 'request', field_mapping: { request_id: 'note' } }] }] },
      'relationship "SettleOutput.b" is left out of the schema: field "request_id" is mapped to columns of two types'],
    ];
    for (const [types, why] of bad) {
      const e = await failure('SELECT graphql.set_custom_types($1)', [JSON.stringify(types)]);
      assert.ok(e.message === `the custom types cannot be set: custom types "custom_types" is left out of the schema: ${why}` ||
        e.message === `the custom types cannot be set: ${why}`, e.message);
    }
  } finally {
    await sql('DELETE FROM graphql.action');
    await sql('DROP OWNED BY remote_clerk');
    await sql('DROP ROLE remote_clerk');
    await h.close();
  }
});

test('remote_permissions: a variable cannot carry what the role\'s permission hides; a broken stored schema is left out', async () => {
  await add('ordering', { url: ordering.url });
  await sql('DROP ROLE IF EXISTS remote_clerk');
  await sql('CREATE ROLE remote_clerk');
  await sql('SELECT graphql.add_remote_schema_permissions($1, $2, $3)', ['ordering', 'remote_clerk', JSON.stringify({
    schema: 'type Query { orders(status: OrderStatus): [Order!]! } type Order { id: Int! } enum OrderStatus { PENDING SHIPPED }' })]);
  const asClerk = async (query, variables) => {
    await sql('SET ROLE remote_clerk');
    try {
      return await ask(query, variables);
    } finally {
      await sql('RESET ROLE');
    }
  };
  try {
    const before = ordering.requests.length;
    const hidden = await asClerk('query($s: OrderStatus) { orders(status: $s) { id } }', { s: 'DELIVERED' });
    assert.ok(hidden.errors && /DELIVERED/.test(hidden.errors[0].message), JSON.stringify(hidden));
    assert.equal(ordering.requests.length, before, 'nothing was sent');
    assert.deepEqual((await asClerk('query($s: OrderStatus) { orders(status: $s) { id } }', { s: 'SHIPPED' })).data,
      { orders: [{ id: 2 }] });
    // a stored schema a superuser broke by hand (no query type's name): the role's cut
    // takes Query, as the SDL has it; a superuser's schema leaves the remote out; no backend dies
    await sql(`UPDATE graphql.remote_schema SET introspection = jsonb_set(introspection, '{queryType,name}', 'null')`);
    const cut = await asClerk('{ orders { id } }');
    assert.ok(cut.errors === undefined && cut.data.orders.some((o) => o.id === 1), JSON.stringify(cut));
    const whole = await ask('{ orders { id } }');
    assert.equal(whole.errors[0].message, "field 'orders' not found in type: 'query_root'");
  } finally {
    await sql("SELECT graphql.remove_remote_schema('ordering')");
    await sql('DROP ROLE remote_clerk');
  }
});

test('remote_relationship: variables named $__join... are the relationships\' own', async () => {
  await requestTable();
  await add('ordering', { url: ordering.url });
  try {
    await addRel('request', 'sameStatus', { to_remote_schema: { remote_schema: 'ordering', lhs_fields: ['status'],
      remote_field: { orders: { arguments: { status: '$status' } } } } });
    const got = await ask('query($__join0_status: Int) { request(limit: 1) { sameStatus(first: $__join0_status) { id } } }', { __join0_status: 1 });
    assert.equal(got.errors[0].message, 'variables named $__join... are kept for remote relationships');
  } finally {
    await sql('DELETE FROM graphql.remote_relationship');
    await sql("SELECT graphql.remove_remote_schema('ordering')");
  }
});

test('metadata_remote: a Hasura export\'s remote schemas, remote relationships, custom types and actions are applied, and undone', async () => {
  await requestTable();
  const h = await startHandler(() => ({ body: { settlement_id: 1, request_id: 2 } }));
  const metadata = {
    version: 3,
    sources: [{ name: 'default', kind: 'postgres', tables: [
      { table: { schema: 'public', name: 'request' },
        remote_relationships: [
          { name: 'order', definition: { to_remote_schema: { remote_schema: 'ordering', lhs_fields: ['order_id'],
            remote_field: { order: { arguments: { id: '$order_id' } } } } } },
          { name: 'order_old_form', definition: { remote_schema: 'ordering', hasura_fields: ['order_id'],
            remote_field: { order: { arguments: { id: '$order_id' } } } } },
          { name: 'elsewhere', definition: { to_source: { source: 'other', table: 'x', relationship_type: 'object',
            field_mapping: { id: 'id' } } } }] },
      { table: { schema: 'public', name: 'desk' } }] }],
    remote_schemas: [{ name: 'ordering', definition: { url: ordering.url, timeout_seconds: 5 }, comment: 'orders',
      permissions: [{ role: 'regress_meta_clerk', definition: { schema: 'type Order { id: Int! status: OrderStatus! }\n'
        + 'enum OrderStatus { PENDING SHIPPED DELIVERED }\ntype Query { order(id: Int!): Order }' } }] },
    { name: 'down', definition: { url: 'http://127.0.0.1:1/graphql', timeout_seconds: 1 } }],
    custom_types: settleTypes,
    actions: [{ name: 'quote', definition: { type: 'query', kind: 'synchronous', handler: `${h.url}/quote`,
      arguments: [{ name: 'id', type: 'Int!' }], output_type: 'SettleOutput' }, comment: 'a quote',
      permissions: [{ role: 'regress_meta_clerk' }] }],
  };
  await sql('DROP ROLE IF EXISTS regress_meta_clerk');
  await sql('CREATE ROLE regress_meta_clerk');
  await sql('DELETE FROM graphql.custom_types');	// the earlier cases' own
  try {
    const rows = await sql('SELECT object, item, status, reason FROM graphql.apply_metadata($1)', [JSON.stringify(metadata)]);
    const by = (o, i) => rows.find((r) => r.object === o && r.item === i);
    assert.equal(by('remote schema ordering', 'remote_schema').status, 'applied');
    assert.equal(by('remote schema ordering', 'permissions.regress_meta_clerk').status, 'applied');
    assert.equal(by('remote schema down', 'remote_schema').status, 'refused');
    assert.match(by('remote schema down', 'remote_schema').reason, /could not be introspected/);
    assert.equal(by('table public.request', 'remote_relationships.order').status, 'applied');
    assert.equal(by('table public.request', 'remote_relationships.order_old_form').status, 'applied');
    assert.equal(by('table public.request', 'remote_relationships.elsewhere').status, 'unsupported');
    assert.equal(by('metadata', 'custom_types').status, 'applied');
    assert.equal(by('action quote', 'action').status, 'applied');
    assert.equal(by('action quote', 'permissions.regress_meta_clerk').status, 'applied');
    assert.deepEqual(rows.filter((r) => r.status !== 'applied').map((r) => `${r.object} ${r.item}`),
      ['remote schema down remote_schema', 'table public.request remote_relationships.elsewhere']);
    // what it added answers
    const got = await ask('{ request(where: {id: {_eq: 1}}) { id order { status } order_old_form { id } } quote(id: 3) { settlement_id } }');
    assert.deepEqual(got, { data: { request: [{ id: 1, order: { status: 'SHIPPED' }, order_old_form: { id: 2 } }],
      quote: { settlement_id: 1 } } });
    // the export is what applied: the remote that was down and the other database's relationship are left out
    const [{ m }] = await sql('SELECT graphql.export_metadata() AS m');
    assert.deepEqual(m.remote_schemas.map((r) => r.name), ['ordering']);
    assert.deepEqual(m.sources[0].tables[0].remote_relationships.map((r) => r.name), ['order', 'order_old_form']);
    assert.deepEqual(m.actions, metadata.actions);
    assert.deepEqual(m.custom_types, metadata.custom_types);
    // applied again: removed and added again, the same
    const again = await sql('SELECT status, count(*)::int AS n FROM graphql.apply_metadata($1) GROUP BY 1 ORDER BY 1', [JSON.stringify(metadata)]);
    assert.deepEqual(again.map((r) => `${r.status} ${r.n}`), ['applied 9', 'refused 1', 'unsupported 1']);
    // metadata without them: what the metadata added is removed
    assert.deepEqual(await sql('SELECT * FROM graphql.apply_metadata($1)', ['{"version": 3, "sources": []}']), []);
    for (const table of ['remote_schema', 'remote_schema_permission', 'remote_relationship', 'custom_types', 'action',
      'action_permission', 'metadata_object']) {
      assert.deepEqual(await sql(`SELECT count(*)::int AS n FROM graphql.${table}`), [{ n: 0 }], table);
    }
    // what was added by hand is not replaced, nor removed
    await add('by_hand', { url: ordering.url });
    await sql('SELECT graphql.set_custom_types($1)', [JSON.stringify(settleTypes)]);
    const byHand = { version: 3, sources: [], remote_schemas: [{ name: 'by_hand', definition: { url: ordering.url } }],
      custom_types: { scalars: [{ name: 'Other' }] } };
    assert.deepEqual(await sql('SELECT object, item, status, reason FROM graphql.apply_metadata($1)', [JSON.stringify(byHand)]),
      [{ object: 'remote schema by_hand', item: 'remote_schema', status: 'refused',
        reason: 'remote schema with name "by_hand" already exists' },
      { object: 'metadata', item: 'custom_types', status: 'refused',
        reason: 'custom types were set by hand (graphql.set_custom_types): they are not replaced' }]);
    assert.deepEqual((await sql('SELECT definition FROM graphql.custom_types'))[0].definition, settleTypes);
    await sql('SELECT graphql.clear_metadata()');
    assert.deepEqual(await sql('SELECT name FROM graphql.remote_schema ORDER BY 1'), [{ name: 'by_hand' }]);
  } finally {
    await sql('SELECT graphql.clear_metadata()');
    await sql('DELETE FROM graphql.remote_schema');
    await sql('DELETE FROM graphql.action');
    await sql('DELETE FROM graphql.custom_types');
    await sql('DROP ROLE IF EXISTS regress_meta_clerk');
    await h.close();
  }
});

(async () => {
  db = new Client();
  await db.connect();
  await sql('SET client_min_messages = warning');
  await sql('CREATE EXTENSION IF NOT EXISTS graphql');
  ordering = await startOrdering();
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    try {
      await t.fn();
      passed++;
      console.log(`ok ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`FAILED ${t.name}\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
    }
  }
  await ordering.close();
  await db.end();
  console.log(`remote: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log(String(e.stack || e));
  console.log('remote: 0 passed, 1 failed');
  process.exit(1);
});
