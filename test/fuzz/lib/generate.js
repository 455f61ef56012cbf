'use strict';
/*
 * Schema-aware generation: random GraphQL requests for a schema that
 * graphql-js built from our own introspection (buildClientSchema).  The
 * generator walks the schema's types, so every root field, argument, input
 * type (bool_exp, order_by, insert_input, on_conflict, _set, _inc, ...),
 * enum and custom scalar the extension exposes is reached without a list of
 * them here.
 *
 * A case has a chaos level: 0 gives valid requests (the deep paths:
 * compiling and running SQL), higher levels put in more almost-valid
 * pieces: a null where a value must be, a value of the wrong type, a list
 * where a scalar goes, a huge list, an unknown field or argument, an enum
 * value that does not exist, a variable declared with another type, without
 * a value, with an explicit null, with a default.
 *
 * Values go into the document as literals or as variables; variables may
 * sit anywhere a value may (a whole argument, an input object's field, a
 * list item) and carry defaults.
 */

const crypto = require('crypto');
const { graphql } = require('../../lib/diffkit');
const { mutateJson, oddJson } = require('./mutate');

const {
  isNonNullType, isListType, isInputObjectType, isEnumType, isScalarType, isObjectType,
  isInterfaceType, isUnionType, getNamedType, GraphQLNonNull, GraphQLList,
} = graphql;

// ---------------------------------------------------------------- scalar values

// Values for a scalar by its name: [valid-looking values, odd values].
const TEXTS = ['Ann', 'Bob', 'node 1', 'node 4', 'a1', 'x', '', 'sf', 'news', 'Intro', 'u1', 'u2', 'one', 'raise',
  'division', 'forbidden', 'strong', 'weak', '%a%', 'A%', '_', '%', '^a.*$', '[a-', '(', '\\', '\'', '"', 'caf\u00e9',
  '\u674e\u96f7', '\ud83d\ude42', 'ok', 'db', 'sql', 'misc', 'Tables', 'x'.repeat(300), 'a\nb', '$1', 'NULL'];
const SCALARS = {
  Int: [[0, 1, 2, 3, 4, 5, 7, 10, 20, 40, -1], [2147483647, -2147483648, 2147483648, -2147483649, 1.5, '1', 1e20]],
  Float: [[0, 1.5, -2.25, 1e10, 3, 0.1], [1e308, -1e308, 5e-324, '1.5', 2147483648]],
  String: [TEXTS, [1, true, ['x'], { a: 1 }]],
  Boolean: [[true, false], ['true', 0, 1]],
  ID: [['1', 1, 'a'], [1.5, true]],
  bigint: [[1, 2, '3', '10000000000', -1], ['9223372036854775807', '9223372036854775808', '-9223372036854775809', 1.5, '1e3', 'x']],
  numeric: [[1, 1.5, '2.25', 0, -3, '1e10'], ['NaN', 'Infinity', '-Infinity', '1e100000', 'x', '1.', '1_000']],
  uuid: [['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002'], ['not-a-uuid', '{00000000-0000-0000-0000-000000000001}', '']],
  date: [['2020-01-05', '2023-07-15', '1990-03-01'], ['2020-02-30', 'infinity', '-infinity', 'epoch', 'today', '99999-01-01', 'x']],
  time: [['10:00', '10:05:00'], ['25:00', 'allballs', '24:00:00.1']],
  timetz: [['10:00+02'], ['10:00+99']],
  timestamp: [['2021-06-01 00:00', '2023-02-01T12:00:00'], ['infinity', 'now', '2021-13-01', '294277-01-01']],
  timestamptz: [['2021-06-01 00:00+00', '2023-01-05T01:30:00Z'], ['infinity', '-infinity', 'now', 'x']],
  interval: [['1 day', '90 minutes', 'P1D'], ['forever', '178000000 years', '1 fortnight']],
  json: [[{ k: 1 }, [1, 2], 'x', 1, null, { nested: { n: 1 } }], []],
  jsonb: [[{ k: 1 }, [1, 2], 'x', 1, { nested: { n: 1 } }, { lang: 'en' }, { a: [1, { b: null }] }, 'lang'], []],
  bytea: [['\\x0001', 'abc', '\\xdeadbeef'], ['\\x0', '\\xzz']],
  inet: [['10.0.0.1', '::1', '10.0.0.0/8'], ['300.1.1.1', 'x']],
  point: [['(1,2)', '1,-1'], ['x', '(1)']],
  oid: [[1, 101, '4294967295'], ['4294967296', -1, 'x']],
  money: [['1.25', 2, '$3.00'], ['x', '1e30']],
  bit: [['1010', '0001'], ['102', '1', '10101']],
  tsvector: [['a b', 'word1 other'], ["'", 'a:1x']],
  int4range: [['[1,5)', 'empty', '(,)'], ['[5,1]', '[1,', 'x']],
  fz_pair: [['(1,x)', '(2,"a b")'], ['(', '(x,1)', '(1,2,3)']],
  name: [['abc', 'name1'], ['x'.repeat(100)]],
  smallint: [[1, 2], [40000]],
};

// A valid-looking (or, with chance odd, odd) JSON value for a scalar type.
function scalarJson(rng, name, odd) {
  const pools = SCALARS[name] || [['x', 1, '1', 'abc'], [{}, [], true]];
  if (odd && rng.chance(0.7) && pools[1].length) return rng.pick(pools[1]);
  if (odd) return oddJson(rng);
  return rng.pick(pools[0]);
}

// JSON paths for the path argument of json/jsonb columns.
const JSON_PATHS = [
  () => '$', () => '$.k', () => '$.nested.n', () => 'arr[0]', () => '$.arr[1]', () => 'a.b', () => '$.a[1].b',
  () => '$[', () => '$.', () => '..', () => '$.a[-1]', () => '$.a[99999999999999999999]', () => '"', () => '$.\u00e9',
  () => 'x'.repeat(1000), () => `$${'.a'.repeat(600)}`, () => '[0][0][0]', () => '$["k"]', () => "$['k']", () => '$.*',
  () => '$..k', () => '', () => ' ', () => '$.a b', () => '$[0', () => '$]', () => '$.k.', () => 'tags[0]', () => '$.langs[0]',
];

// ---------------------------------------------------------------- printing values

const isName = (s) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(s);

// A GraphQL string literal for s: usually an escaped string, sometimes a block string.
function gqlString(rng, s) {
  if (rng && rng.chance(0.05) && !/"|\\|[\r\u2028\u2029]/.test(s) && !/^\s|\s$/.test(s) && s.length) return `"""${s}"""`;
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// JSON value v as a GraphQL literal (objects as input objects; keys that are
// not names are dropped).
function jsonToLiteral(rng, v, enumish, depth = 0) {
  if (v === null || v === undefined) return 'null';
  if (depth > 200) return '1'; // (deep nesting comes from mutate.js's deep values)
  if (Array.isArray(v)) return `[${v.map((x) => jsonToLiteral(rng, x, enumish, depth + 1)).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v).filter(([k]) => isName(k)).map(([k, x]) => `${k}: ${jsonToLiteral(rng, x, enumish, depth + 1)}`).join(', ')}}`;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '1e999';
    return String(v).replace(/^(-?\d+)e/, '$1.0e');
  }
  if (typeof v === 'boolean') return String(v);
  if (enumish && isName(v) && !['true', 'false', 'null'].includes(v)) return v;
  return gqlString(rng, v);
}

// ---------------------------------------------------------------- the generator

/*
 * new Generator(schema): schema a GraphQLSchema.
 * gen(rng, {chaos, mutation}) -> {query, variables, operationName, varTypes}
 */
class Generator {
  constructor(schema) {
    this.schema = schema;
    this.typeNames = Object.keys(schema.getTypeMap()).filter((n) => !n.startsWith('__'));
    this.inputTypeNames = this.typeNames.filter((n) => graphql.isInputType(schema.getType(n)));
    const q = schema.getQueryType();
    this.queryFields = q ? Object.values(q.getFields()) : [];
    const m = schema.getMutationType();
    this.mutationFields = m ? Object.values(m.getFields()) : [];
    // names for mutated documents: fields, arguments, types
    const names = new Set(this.typeNames);
    for (const t of Object.values(schema.getTypeMap())) {
      if (t.name.startsWith('__')) continue;
      if (isObjectType(t) || isInputObjectType(t) || isInterfaceType(t)) {
        for (const f of Object.values(t.getFields())) {
          names.add(f.name);
          for (const a of f.args || []) names.add(a.name);
        }
      }
      if (isEnumType(t)) for (const v of t.getValues()) names.add(v.name);
    }
    this.names = [...names];
  }

  // A random request.
  gen(rng, opts = {}) {
    const chaos = opts.chaos !== undefined ? opts.chaos : rng.weighted([[4, 0], [4, 1], [2, 3]]);
    const st = {
      rng,
      chaos,
      odd: () => chaos > 0 && rng.chance(0.04 * chaos),
      vars: [], // {name, type (GraphQLType as declared), typeText, def, json, omit}
      varValues: {},
      fragments: [],
      nodes: 0,
      maxNodes: rng.weighted([[6, 25], [3, 80], [1, 400]]),
    };
    const isMutation = opts.mutation !== undefined ? opts.mutation : (this.mutationFields.length && rng.chance(0.3));
    const isSubscription = !isMutation && chaos && rng.chance(0.02);
    const rootType = isMutation ? this.schema.getMutationType() : this.schema.getQueryType();
    const ops = [];
    const nOps = rng.weighted([[12, 1], [1, 2]]);
    for (let k = 0; k < nOps; k++) {
      st.vars = [];
      const sel = this.rootSelection(st, rootType, isMutation);
      const name = nOps > 1 || rng.chance(0.5) ? `Op${k}` : null;
      ops.push(this.printOperation(st, isMutation ? 'mutation' : isSubscription ? 'subscription' : 'query', name, sel));
    }
    let operationName = null;
    const named = ops.map((o, k) => (/^(query|mutation) Op/.test(o) ? `Op${k}` : null)).filter(Boolean);
    if (nOps > 1) operationName = rng.chance(0.9) && named.length ? rng.pick(named) : rng.pick([null, 'Nope', '']);
    else if (named.length && rng.chance(0.3)) operationName = named[0];
    else if (chaos && rng.chance(0.1)) operationName = rng.pick(['Op0', 'Nope', '']);
    const query = [...ops, ...st.fragments].join('\n');
    return { query, variables: st.varValues, operationName, varTypes: st.allVars };
  }

  // New values for the variables of a request generated before (varTypes
  // from gen): a request that runs the same document again.
  regenVariables(rng, varTypes, chaos) {
    const st = { rng, chaos, odd: () => chaos > 0 && rng.chance(0.04 * chaos) };
    const values = {};
    for (const v of varTypes || []) {
      const j = this.varJson(st, v.type);
      if (j !== undefined) values[v.name] = j;
    }
    return values;
  }

  // ------------------------------------------------------------ documents

  printOperation(st, kind, name, sel) {
    const { rng } = st;
    const defs = st.vars.map((v) => `$${v.name}: ${v.typeText}${v.def !== undefined ? ` = ${v.def}` : ''}`);
    if (st.chaos && rng.chance(0.03)) defs.push(`$unused${rng.int(0, 9)}: Int`);
    st.allVars = (st.allVars || []).concat(st.vars);
    const head = name || defs.length || rng.chance(0.3) ? `${kind}${name ? ` ${name}` : ''}${defs.length ? `(${defs.join(', ')})` : ''} ` : (kind === 'query' ? '' : `${kind} `);
    return `${head}{ ${sel} }`;
  }

  rootSelection(st, rootType, isMutation) {
    const { rng } = st;
    const fields = isMutation ? this.mutationFields : this.queryFields;
    const n = rng.weighted([[6, 1], [3, 2], [1, rng.int(3, 6)]]);
    const parts = [];
    for (let k = 0; k < n; k++) {
      if (!isMutation && rng.chance(0.04)) {
        parts.push(this.introspectionField(st));
        continue;
      }
      if (!fields.length) break;
      parts.push(this.fieldSelection(st, rng.pick(fields), rootType, 0, k > 0 ? !st.odd() : rng.chance(0.2)));
    }
    if (!parts.length || rng.chance(0.05)) parts.push('__typename');
    return parts.join(' ');
  }

  introspectionField(st) {
    const { rng } = st;
    if (rng.chance(0.5)) {
      const name = rng.chance(0.9) ? rng.pick(this.typeNames) : rng.pick(['Nope', '', '__Type', 'query_root']);
      const arg = rng.chance(0.7) ? gqlString(rng, name) : this.varFor(st, new GraphQLNonNull(graphql.GraphQLString), name);
      return `__type(name: ${arg}) { name kind description fields(includeDeprecated: true) { name args { name type { name kind ofType { name kind } } defaultValue } type { name kind ofType { name kind ofType { name } } } } inputFields { name type { name } } enumValues { name } possibleTypes { name } }`;
    }
    return rng.pick([
      '__schema { queryType { name } mutationType { name } subscriptionType { name } }',
      '__schema { types { name kind } }',
      '__schema { directives { name locations args { name type { name } } } }',
      '__schema { types { name fields { name type { name kind ofType { name } } } inputFields { name defaultValue } } }',
    ]);
  }

  // "alias: name(args) @dir { ... }" for field f of parentType.
  fieldSelection(st, f, parentType, depth, alias) {
    const { rng } = st;
    st.nodes++;
    let name = f.name;
    if (st.odd() && rng.chance(0.3)) name = rng.pick([`${f.name}_x`, 'nope', '__typename', rng.pick(this.names)]);
    st.aliases = (st.aliases || 0) + 1;
    let s = alias ? `${rng.pick(['a', 'x', f.name, '__typename_'])}${st.odd() ? rng.int(0, 3) : st.aliases}: ${name}` : name;
    const args = this.arguments(st, f.args || [], depth === 0 ? 1 : 0.35);
    if (args) s += `(${args})`;
    if (rng.chance(0.06)) s += ` ${this.directive(st)}`;
    const named = getNamedType(f.type);
    if (isObjectType(named) || isInterfaceType(named) || isUnionType(named)) {
      if (st.odd() && rng.chance(0.2)) return s; // no selection set
      s += ` { ${this.selectionSet(st, named, depth + 1)} }`;
    } else if (st.odd() && rng.chance(0.1)) {
      s += ' { x }'; // a selection set on a leaf
    }
    return s;
  }

  directive(st) {
    const { rng } = st;
    const d = rng.pick(['skip', 'include']);
    const v = rng.chance(0.6) ? rng.pick(['true', 'false']) : this.varFor(st, new GraphQLNonNull(graphql.GraphQLBoolean), rng.chance(0.5));
    if (st.odd()) return rng.pick([`@${d}`, `@${d}(if: 1)`, '@nope', `@${d}(if: true) @${d}(if: false)`, '@deprecated']);
    return `@${d}(if: ${v})`;
  }

  selectionSet(st, type, depth) {
    const { rng } = st;
    if (isUnionType(type) || isInterfaceType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      return `__typename ${possible.slice(0, 2).map((t) => `... on ${t.name} { ${this.selectionSet(st, t, depth)} }`).join(' ')}`;
    }
    const fields = Object.values(type.getFields());
    const leaves = fields.filter((f) => !isObjectType(getNamedType(f.type)) && !isInterfaceType(getNamedType(f.type)));
    const parts = [];
    // a long chain through a relationship of the type to itself
    const selfRefs = fields.filter((f) => getNamedType(f.type) === type);
    if (selfRefs.length && rng.chance(0.03)) {
      const n = rng.weighted([[4, rng.int(5, 30)], [2, rng.int(30, 200)], [1, rng.int(200, 1200)]]);
      const f = rng.pick(selfRefs);
      const leaf = leaves.length ? rng.pick(leaves).name : '__typename';
      const args = rng.chance(0.3) && (f.args || []).some((a) => a.name === 'limit') ? '(limit: 2)' : '';
      return `${leaf} ${`${f.name}${args} { ${leaf} `.repeat(n)}${'} '.repeat(n)}`;
    }
    const deep = depth < 4 && st.nodes < st.maxNodes;
    const n = rng.weighted([[5, rng.int(1, 3)], [3, rng.int(3, 8)], [1, Math.min(fields.length, rng.int(8, 40))]]);
    const keys = new Set();
    for (let k = 0; k < n && st.nodes < st.maxNodes * 2; k++) {
      const pool = deep ? fields : leaves;
      if (!pool.length) break;
      const f = rng.pick(pool);
      // a second selection of a field gets an alias (else its arguments conflict)
      parts.push(this.fieldSelection(st, f, type, depth, keys.has(f.name) ? !st.odd() : rng.chance(0.15)));
      keys.add(f.name);
    }
    if (!parts.length || rng.chance(0.1)) parts.push('__typename');
    const dir = () => (rng.chance(0.3) ? ` ${this.directive(st)}` : '');
    if (rng.chance(0.08)) parts.push(`...${rng.chance(0.8) ? ` on ${st.odd() ? rng.pick(this.typeNames) : type.name}` : ''}${dir()} { ${leaves.length ? rng.pick(leaves).name : '__typename'} }`);
    if (rng.chance(0.06) && leaves.length) {
      const fname = `F${st.fragments.length}`;
      st.fragments.push(`fragment ${fname} on ${st.odd() ? rng.pick(this.typeNames) : type.name} { ${rng.pick(leaves).name} ${rng.chance(0.2) && st.fragments.length ? `...F${rng.int(0, st.fragments.length - (st.chaos ? 0 : 1))}` : ''} }`);
      parts.push(`...${fname}${dir()}`);
    }
    if (rng.chance(0.04) && parts.length) parts.push(parts[0]); // the same field twice (merging)
    return parts.join(' ');
  }

  // "a: v, b: w" for the arguments args; optional ones with chance p.
  arguments(st, args, p) {
    const { rng } = st;
    const out = [];
    const distinct = args.find((a) => a.name === 'distinct_on');
    const orderBy = args.find((a) => a.name === 'order_by');
    if (distinct && orderBy && isEnumType(getNamedType(distinct.type)) && rng.chance(0.25)) {
      // distinct_on must match the leading order_by columns
      const colType = getNamedType(distinct.type);
      const cols = rng.sample(colType.getValues().map((v) => v.name), rng.int(1, 2));
      const dirs = ['asc', 'desc', 'asc_nulls_first', 'desc_nulls_last'];
      const more = rng.chance(0.5) ? `, ${this.value(st, getNamedType(orderBy.type), 1)}` : '';
      // an item may be a variable (its value the same column, or what varFor gives)
      const items = cols.map((c) => (!st.noVars && rng.chance(0.2) ? this.varFor(st, new GraphQLNonNull(colType), c) : c));
      out.push(`distinct_on: ${items.length === 1 && rng.chance(0.3) ? items[0] : `[${items.join(', ')}]`}`);
      out.push(`order_by: [${cols.map((c) => `{${c}: ${rng.pick(dirs)}}`).join(', ')}${more}]`);
      args = args.filter((a) => a !== distinct && a !== orderBy);
    }
    for (const a of args) {
      if (a === distinct && !st.chaos) continue; // (must match order_by: above)
      const required = isNonNullType(a.type) && a.defaultValue === undefined;
      const pa = required ? (st.chaos ? 0.97 : 1) : (['where', 'order_by', 'args', 'objects', 'object', 'limit', 'distinct_on', 'pk_columns', '_set', '_inc'].includes(a.name) ? Math.max(p, 0.5) : p * 0.6);
      if (!rng.chance(pa)) continue;
      out.push(`${a.name}: ${this.value(st, a.type, 0, true, a.name)}`);
    }
    if (st.odd() && rng.chance(0.3)) out.push(`${rng.pick(['nope', 'where', 'limit', rng.pick(this.names)])}: ${jsonToLiteral(rng, oddJson(rng))}`);
    if (st.odd() && rng.chance(0.2) && out.length) out.push(out[0]); // a duplicate argument
    return out.join(', ');
  }

  // A value of input type t as a literal without variables.
  valueNoVars(st, t) {
    return this.value({ ...st, noVars: true }, t, 3, false);
  }

  // A value of input type t, as document text: a literal or a variable.
  // argName: the argument's name, for values that depend on it (path).
  value(st, t, depth, top, argName) {
    const { rng } = st;
    if (!st.noVars && rng.chance(top ? 0.25 : 0.08) && depth < 6) return this.varFor(st, t);
    if (st.odd()) {
      return rng.weighted([
        [3, () => 'null'],
        [2, () => jsonToLiteral(rng, oddJson(rng), true)],
        [1, () => `[${this.value(st, getNamedType(t), depth + 1)}]`],
        [1, () => `$undeclared${rng.int(0, 3)}`],
        [1, () => rng.pick(this.typeNames.filter(isName)) || 'x'],
      ])();
    }
    if (isNonNullType(t)) return this.value(st, t.ofType, depth, false);
    if (st.chaos && !top && depth > 1 && rng.chance(0.03)) return 'null'; // t is nullable here
    if (isListType(t)) {
      if (rng.chance(0.15)) return this.value(st, t.ofType, depth + 1); // a single value for a list
      // (huge lists only near the top: nested ones multiply)
      const n = rng.weighted([[6, rng.int(0, 3)], [1, rng.int(4, 12)], [st.chaos > 1 && depth < 2 ? 0.1 : 0, rng.int(100, 3000)]]);
      const items = [];
      for (let k = 0; k < n; k++) items.push(k > 20 && items.length ? items[k % 20] : this.value(st, t.ofType, depth + 1));
      return `[${items.join(', ')}]`;
    }
    if (isInputObjectType(t)) return this.inputObject(st, t, depth);
    if (isEnumType(t)) {
      const vals = t.getValues();
      return vals.length ? rng.pick(vals).name : 'x';
    }
    if (isScalarType(t) && argName === 'path' && rng.chance(0.8)) return gqlString(rng, rng.pick(JSON_PATHS)());
    if (isScalarType(t)) return jsonToLiteral(rng, scalarJson(rng, t.name, false), false);
    return 'null';
  }

  inputObject(st, t, depth) {
    const { rng } = st;
    const fields = Object.values(t.getFields());
    const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    const optional = fields.filter((f) => !required.includes(f));
    const chosen = [...required];
    const isBoolExp = t.name.endsWith('_bool_exp');
    const budget = depth > 3 || st.nodes > st.maxNodes ? 0 : rng.weighted([[3, 1], [3, 2], [1, rng.int(3, 6)], [1, 0]]);
    for (let k = 0; k < budget && optional.length; k++) {
      let f = rng.pick(optional);
      // bool_exp: logical operators less often, deeper less
      if (isBoolExp && ['_and', '_or', '_not'].includes(f.name) && (depth > 2 || rng.chance(0.5))) f = rng.pick(optional);
      if (!chosen.includes(f)) chosen.push(f);
    }
    st.nodes += chosen.length;
    return `{${chosen.map((f) => `${f.name}: ${this.value(st, f.type, depth + 1)}`).join(', ')}}`;
  }

  // ------------------------------------------------------------ variables

  // The text of type t.
  static typeText(t) {
    return String(t);
  }

  /*
   * Declare a variable for a value of type t and return "$name".  Its
   * declared type is usually t; with a default it may be nullable where t is
   * non-null (allowed by the spec); sometimes another type.  Its value in the
   * variables: a value of t, null, absent, or a mutated one.
   */
  varFor(st, t, jsonHint) {
    const { rng } = st;
    const name = `v${(st.allVars || []).length + st.vars.length}`;
    let declared = t;
    let def;
    if (rng.chance(0.2)) {
      // a nullable variable with a default may stand where a non-null value goes
      if (isNonNullType(t) && rng.chance(0.35)) declared = t.ofType;
      const quiet = { ...st, chaos: 0, odd: () => false };
      def = (!isNonNullType(declared) || st.chaos) && rng.chance(0.25) ? 'null' : this.valueNoVars(quiet, getNullable(t));
    }
    if (st.odd()) {
      declared = rng.weighted([
        [2, () => (isNonNullType(t) ? t.ofType : new GraphQLNonNull(t))],
        [2, () => this.schema.getType(rng.pick(this.inputTypeNames)) || graphql.GraphQLString],
        [1, () => new GraphQLList(t)],
        [1, () => ({ toString: () => rng.pick(['Nope', 'query_root', '[Int!', 'Int!!']) })],
      ])();
    }
    const v = { name, type: declared === t || typeof declared.toString !== 'function' || !graphql.isType(declared) ? t : declared, typeText: String(declared), def };
    st.vars.push(v);
    let j = this.varJson(st, v.type, jsonHint, def !== undefined);
    // a nullable variable with a default where a non-null value goes: an
    // explicit null (a field error in the spec), or no value (the default)
    if (def !== undefined && isNonNullType(t) && !isNonNullType(declared) && rng.chance(0.6)) j = rng.chance(0.5) ? null : undefined;
    if (j !== undefined) st.varValues[name] = j;
    return `$${name}`;
  }

  // A JSON value for a variable of type t (undefined: leave it out); with
  // chaos 0 null or nothing only where the type or a default allows them.
  varJson(st, t, hint, hasDefault) {
    const { rng } = st;
    const r = rng.next();
    const nullable = !isNonNullType(t);
    if (r < 0.06 && (st.chaos || nullable || hasDefault)) return undefined;
    if (r < 0.1 && (st.chaos || nullable)) return null;
    const j = hint !== undefined && typeof hint !== 'boolean' ? hint : this.json(st, t, 0);
    if (st.chaos && rng.chance(0.1 * st.chaos)) return mutateJson(rng, j);
    return j;
  }

  // A JSON value of input type t.
  json(st, t, depth) {
    const { rng } = st;
    if (st.odd()) return oddJson(rng);
    if (isNonNullType(t)) return this.jsonOf(st, t.ofType, depth);
    if (depth > 2 && rng.chance(0.05)) return null;
    return this.jsonOf(st, t, depth);
  }

  // A JSON value of the nullable input type t, not null.
  jsonOf(st, t, depth) {
    const { rng } = st;
    if (isListType(t)) {
      if (rng.chance(0.1)) return this.json(st, t.ofType, depth + 1);
      const n = rng.weighted([[6, rng.int(0, 3)], [1, rng.int(4, 10)], [st.chaos > 1 && depth < 2 ? 0.1 : 0, rng.int(100, 5000)]]);
      const items = [];
      for (let k = 0; k < n; k++) items.push(k > 10 && items.length ? items[k % 10] : this.json(st, t.ofType, depth + 1));
      return items;
    }
    if (isInputObjectType(t)) {
      const fields = Object.values(t.getFields());
      const o = {};
      for (const f of fields) {
        const req = isNonNullType(f.type) && f.defaultValue === undefined;
        if (req || (depth < 4 && rng.chance(2 / (fields.length + 1)))) o[f.name] = this.json(st, f.type, depth + 1);
      }
      return o;
    }
    if (isEnumType(t)) {
      const vals = t.getValues();
      return vals.length ? rng.pick(vals).name : 'x';
    }
    if (isScalarType(t)) return scalarJson(rng, t.name, false);
    return null;
  }
}

const getNullable = (t) => (isNonNullType(t) ? t.ofType : t);

// ---------------------------------------------------------------- JWT

const JWT_SECRET = 'fuzz-hs256-secret-of-32-chars-ok';
const b64 = (o) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');

// A graphql.jwt_secret value: usually the HS256 configuration the tokens
// below are signed with, in several claims layouts; sometimes an odd one.
function jwtSecret(rng) {
  const base = { type: 'HS256', key: JWT_SECRET };
  return JSON.stringify(rng.weighted([
    [6, () => base],
    [1, () => ({ ...base, claims_format: 'stringified_json' })],
    [1, () => ({ ...base, claims_namespace_path: rng.pick(['$.hasura', '$', '$.a.b', '$[0]', 'x']) })],
    [1, () => ({ ...base, claims_map: { 'x-hasura-allowed-roles': { path: '$.roles' }, 'x-hasura-default-role': { path: '$.role', default: 'fz_user' }, 'x-hasura-user-id': { path: '$.sub' } } })],
    [1, () => ({ ...base, audience: rng.pick(['aud1', ['a', 'b']]), issuer: 'iss1', allowed_skew: rng.int(-5, 100) })],
    [1, () => mutateJson(rng, base)],
  ])());
}

// Claims for a token: Hasura's namespace with roles, and more.
function jwtClaims(rng) {
  const roles = rng.sample(['fz_user', 'fz_anon', 'postgres', 'nope'], rng.int(0, 3));
  const ns = {
    'x-hasura-allowed-roles': rng.chance(0.9) ? roles : rng.pick(['fz_user', 5, null]),
    'x-hasura-default-role': rng.chance(0.9) ? rng.pick(roles.length ? roles : ['fz_user']) : rng.pick([null, 3, '']),
    'x-hasura-user-id': rng.pick(['u1', 'u2', 'u3', 1, null, '']),
  };
  const claims = { sub: rng.pick(['u1', 'u2', '1']), iat: 1700000000, exp: rng.chance(0.9) ? 4102444800 : 1000 };
  const where = rng.int(0, 9);
  if (where < 6) claims['https://hasura.io/jwt/claims'] = ns;
  else if (where === 6) claims['https://hasura.io/jwt/claims'] = JSON.stringify(ns);
  else if (where === 7) claims.hasura = ns;
  else if (where === 8) Object.assign(claims, { role: rng.pick(roles.length ? roles : ['fz_user']), roles });
  if (rng.chance(0.1)) return mutateJson(rng, claims);
  return claims;
}

// A bearer token: signed with the secret above, or damaged.
function jwtToken(rng) {
  const header = rng.chance(0.9) ? { alg: 'HS256', typ: 'JWT' } : rng.pick([{ alg: 'none' }, { alg: 'RS256' }, { alg: 'HS256', kid: 'k' }, {}, { alg: 5 }]);
  const h = b64(header);
  const p = b64(jwtClaims(rng));
  const sig = crypto.createHmac('sha256', JWT_SECRET).update(`${h}.${p}`).digest('base64url');
  return rng.weighted([
    [8, () => `${h}.${p}.${sig}`],
    [1, () => `${h}.${p}.${sig.slice(1)}x`],
    [1, () => `${h}.${p}`],
    [1, () => `${h}.${b64('not json')}.${sig}`],
    [1, () => `${h}..${sig}`],
    [1, () => `${'a'.repeat(rng.int(1, 20000))}.b.c`],
    [1, () => `${h}.${p}.${sig}.x`],
    [1, () => `${h}.${Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64url')}.${sig}`],
  ])();
}

module.exports = { Generator, scalarJson, jsonToLiteral, gqlString, jwtSecret, jwtToken, jwtClaims, JWT_SECRET };
