'use strict';
/*
 * The team's services for test/remote/run.js, on loopback, in the test's
 * own process: an ordering service with a GraphQL API (graphql-js served
 * by graphql-http), which records the headers of every request it gets;
 * and remotes whose answers a test scripts (startScripted).
 */
const http = require('node:http');
const { buildSchema } = require('graphql');
const { createHandler } = require('graphql-http/lib/use/http');

const orderingSdl = `
  enum OrderStatus { PENDING SHIPPED DELIVERED }
  type Item { sku: String! quantity: Int! }
  type Order { id: Int! status: OrderStatus! total: Float! customer: String items: [Item!]! }
  input ItemInput { sku: String! quantity: Int! }
  input PlaceOrderInput { customer: String! items: [ItemInput!]! }
  type Header { name: String! value: String! }
  type Query {
    order(id: Int!): Order
    orders(status: OrderStatus, first: Int): [Order!]!
    "The headers of this request, as the service received them"
    echoHeaders: [Header!]!
  }
  type Mutation { placeOrder(input: PlaceOrderInput!): Order! }
`;

function orders() {
  return [
    { id: 1, status: 'PENDING', total: 12.5, customer: 'ann', items: [{ sku: 'A-1', quantity: 2 }] },
    { id: 2, status: 'SHIPPED', total: 40, customer: 'bob', items: [{ sku: 'B-7', quantity: 1 }] },
    { id: 3, status: 'DELIVERED', total: 7.25, customer: null, items: [] },
  ];
}

// Start the ordering service (on port, or one free); resolves to {url, requests, close}.
function startOrdering(port = 0) {
  const schema = buildSchema(orderingSdl);
  const data = orders();
  const requests = [];
  let current = null;
  const rootValue = {
    order: ({ id }) => {
      if (id === 666) throw new Error('order 666 cannot be shown');
      return data.find((o) => o.id === id) || null;
    },
    orders: ({ status, first }) => data.filter((o) => !status || o.status === status).slice(0, first ?? undefined),
    echoHeaders: () => Object.entries(current.headers).map(([name, value]) => ({ name, value: String(value) })),
    placeOrder: ({ input }) => {
      const o = { id: data.length + 1, status: 'PENDING', total: 0, customer: input.customer, items: input.items };
      data.push(o);
      return o;
    },
  };
  const handler = createHandler({ schema, rootValue });
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      current = { headers: req.headers, body };
      requests.push(current);
      // graphql-http reads the body itself: hand it a request with the body replayed
      const replay = Object.assign(require('node:stream').Readable.from([body]), {
        method: req.method, url: req.url, headers: req.headers,
      });
      handler(replay, res);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/graphql`,
        requests,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

// A server that answers every request with a fixed status and body.
function startFixed(status, body, delayMs = 0) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body);
    }, delayMs));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/graphql`,
        close: () => { server.closeAllConnections(); return new Promise((r) => server.close(r)); },
      });
    });
  });
}

// A remote that answers the introspection of a schema given as SDL (and
// nothing else), through edit(schema) first: to hand the database
// malformed schemas as a hostile service could.
function startIntrospection(sdl, edit = (x) => x) {
  const { introspectionFromSchema } = require('graphql');
  const schema = edit(JSON.parse(JSON.stringify(introspectionFromSchema(buildSchema(sdl))))).__schema;
  return startFixed(200, JSON.stringify({ data: { __schema: schema } }));
}

// A server whose answers the test scripts: each request is recorded (its
// path, headers, parsed body, and the times it came and was answered) and
// answered by answer(request) = {status, body, delayMs} (body: a string, or
// JSON); with introspection (a JSON text), a request for __schema gets it
// instead and is not recorded.  Resolves to {base, requests, close}.
function startRecording(answer, introspection = null) {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const got = { path: req.url, headers: req.headers, body: JSON.parse(body), start: Date.now(), end: null };
      if (introspection !== null && String(got.body.query).includes('__schema')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(introspection);
        return;
      }
      requests.push(got);
      const a = answer(got);
      setTimeout(() => {
        got.end = Date.now();
        if (res.destroyed) return;
        res.writeHead(a.status ?? 200, { 'Content-Type': 'application/json' });
        res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
      }, a.delayMs ?? 0);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        base: `http://127.0.0.1:${server.address().port}`,
        requests,
        close: () => { server.closeAllConnections(); return new Promise((r) => server.close(r)); },
      });
    });
  });
}

// A remote with the schema given as SDL whose answers the test scripts
// (startRecording): introspection is answered from the SDL.
async function startScripted(sdl, answer) {
  const { introspectionFromSchema } = require('graphql');
  const introspection = JSON.stringify({ data: introspectionFromSchema(buildSchema(sdl)) });
  const r = await startRecording(answer, introspection);
  return { ...r, url: `${r.base}/graphql` };
}

// An action handler (plain node:http) whose answers the test scripts
// (startRecording); its url is the server's, handlers' paths follow it.
async function startHandler(answer) {
  const r = await startRecording(answer);
  return { ...r, url: r.base };
}

module.exports = { startOrdering, startFixed, startIntrospection, startScripted, startHandler, orderingSdl };
