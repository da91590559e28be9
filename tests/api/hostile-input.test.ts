import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ERROR_CODES, type TTokens } from '@bianmin/shared';
import { loadConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { createApp } from '../../api/src/app';
import { openApiDocument } from '../../api/src/modules/docs/openapi';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';

/**
 * Hostile input, as an attacker meets the API: every route in /api/openapi.json gets malformed path parameters,
 * query operators, wrong-typed and `$`-keyed bodies, prototype-pollution keys, deep and oversized JSON. Each answer
 * must be a 4xx with the error envelope (stable code, a Chinese message without field keys or English stack text,
 * the field in `details` for 400s), and nothing may be written: every collection keeps its document count.
 *
 * Deliberate allowances, so a failure here is a real one:
 * - A route that declares no query schema ignores the query string (GET /api/me?x=1 is a plain GET /api/me): those
 *   probes must only stay below 500 and write nothing. Routes that declare a query must refuse the probe with a 4xx.
 * - Non-GET routes without a body schema read no body: they only get the body-parser probes (null, broken, too big).
 * - A 401/403/404 (wrong role, unknown record) counts as a refusal: the point is "never 5xx, never a write".
 * - Collections that change on any request are not counted: IGNORED below (none today; sign-in attempts only move
 *   on the auth routes with well-formed input, which the probes never send).
 */

/** Collections allowed to change during a probe batch. */
const IGNORED = new Set<string>([]);

// ---------------------------------------------------------------------------------------------------------------
// The routes, as /api/openapi.json documents them. The document is built from the route registry, which createApp
// fills; jest needs the table before any test runs, so the app is assembled once here (no database is touched).
// The first test checks that this table is exactly what GET /api/openapi.json serves.
// ---------------------------------------------------------------------------------------------------------------

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: unknown;
  pattern?: string;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
};
type Param = { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema };
type Operation = {
  description: string;
  parameters: Param[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, { content?: Record<string, unknown> }>;
};
type Doc = { paths: Record<string, Record<string, Operation>> };
type Role = 'citizen' | 'staff' | 'agent' | 'admin' | 'supervisor';

createApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', H5_DIR: '/nonexistent-h5' }), logger: createLogger('silent') });
const DOC = openApiDocument() as unknown as Doc;

/** A well-formed ObjectId that names nothing. */
const NOID = '0123456789abcdef01234567';
const LONG = 'x'.repeat(10_000);
const OID_PATTERN = /\[0-9a-f\]\{24\}/;

/**
 * Who calls: the route's documented roles, preferring what its path says (/api/admin → admin, /api/staff → staff,
 * /api/supervision → supervisor, otherwise citizen). Public routes are called anonymously.
 */
function roleFor(path: string, description: string): Role | undefined {
  if (description === '公开') return undefined;
  const listed = description.startsWith('需登录，角色：') ? (description.slice('需登录，角色：'.length).split('、') as Role[]) : (['citizen', 'staff', 'admin', 'agent', 'supervisor'] as Role[]);
  const prefer: Role[] = path.startsWith('/api/admin')
    ? ['admin', 'supervisor']
    : path.startsWith('/api/supervision')
      ? ['supervisor', 'admin', 'staff']
      : path.startsWith('/api/staff')
        ? ['staff', 'admin', 'agent', 'supervisor']
        : ['citizen', 'agent', 'staff', 'admin', 'supervisor'];
  return prefer.find((r) => listed.includes(r)) ?? listed[0];
}

/** A value a path parameter accepts, so probes elsewhere reach validation of the part under test. */
function filler(p: Param): string {
  if (p.schema.pattern && OID_PATTERN.test(p.schema.pattern)) return NOID;
  if (p.name === 'month') return '2020-01';
  if (p.schema.type === 'integer' || p.schema.type === 'number' || p.name === 'version' || p.name === 'index') return '1';
  return 'HXNOPE12';
}

/** Declared top-level body properties (over the variants of a union). */
function bodyProps(schema: JsonSchema): Record<string, JsonSchema> {
  const variants = schema.oneOf ?? schema.anyOf ?? schema.allOf;
  if (variants) return Object.assign({}, ...variants.map(bodyProps)) as Record<string, JsonSchema>;
  return schema.properties ?? {};
}
const isUnion = (schema: JsonSchema) => !!(schema.oneOf ?? schema.anyOf);

function typeOf(s: JsonSchema): string | undefined {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t) return t;
  const v = s.anyOf ?? s.oneOf;
  return v ? v.map(typeOf).find(Boolean) : undefined;
}

/** A value of the wrong type for a declared property: string→number, object→string, array→object, … */
function wrongValue(s: JsonSchema): unknown {
  switch (typeOf(s)) {
    case 'string':
      return 12345;
    case 'object':
      return 'x';
    case 'array':
      return { a: 1 };
    case 'number':
    case 'integer':
      return 'abc';
    case 'boolean':
      return 'yes';
    default:
      return { $ne: null };
  }
}

/**
 * The smallest body a simple schema accepts (required fields only: enums, flags, numbers, ids, plain text), or
 * undefined when that cannot be told from the schema. Sent with hostile path parameters, so the handler itself meets
 * them (an empty body would be refused before it runs).
 */
function minimal(s: JsonSchema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  switch (typeOf(s)) {
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'string':
      if (s.pattern && OID_PATTERN.test(s.pattern)) return NOID;
      if (s.format === 'date-time') return '2030-01-02T01:00:00.000Z';
      if (s.format === 'date') return '2030-01-02';
      if (s.pattern || s.format) return undefined;
      return '测试理由'.padEnd(Math.max(s.minLength ?? 0, 4), '一');
    case 'array':
      return (s.minItems ?? 0) > 0 ? undefined : [];
    case 'object': {
      if (s.oneOf ?? s.anyOf) return undefined;
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) {
        const v = minimal(s.properties?.[k] ?? {});
        if (v === undefined) return undefined;
        out[k] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

const nest = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

interface Probe {
  /** What is sent, for the failure message. */
  name: string;
  url: string;
  body?: string;
  contentType?: string;
  /** Must be refused (4xx); otherwise only "below 500, no write" (an ignored part). */
  refuse: boolean;
  /** For a 400 validation answer: a field its details must name (exactly or as a prefix). */
  field?: string;
  /** Keys the probe itself uses: none may show in the message. */
  keys?: string[];
  /** Built when run (needs the configured body limit). */
  oversized?: true;
  headers?: Record<string, string>;
}

interface RouteCase {
  route: string;
  method: string;
  /** A page for people (text/html) may answer a miss with a page of its own (GET /track/:code: 未找到该办件). */
  page: boolean;
  /** A write route with path parameters whose path probes carry a body it accepts, so its handler meets them. */
  reachesHandler: boolean;
  role: Role | undefined;
  probes: Probe[];
}

function probesFor(method: string, path: string, op: Operation): Probe[] {
  const params = op.parameters.filter((p) => p.in === 'path');
  const queries = op.parameters.filter((p) => p.in === 'query');
  const at = (over: Record<string, string> = {}, raw = false) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name in over && raw ? over[name]! : encodeURIComponent(over[name] ?? filler(params.find((p) => p.name === name) ?? { name, in: 'path', required: true, schema: {} })),
    );
  const base = at();
  const body = op.requestBody?.content['application/json'].schema;
  const valid = body ? minimal(body) : undefined;
  const withBody = body ? { body: JSON.stringify(valid ?? {}) } : {};
  const out: Probe[] = [];

  // Forged callers: an unsigned (alg "none") admin token and a token that is not one at all.
  if (op.description !== '公开') {
    const forged = [{ alg: 'none', typ: 'JWT' }, { sub: NOID, role: 'admin', exp: 4_102_444_800 }].map((x) => Buffer.from(JSON.stringify(x)).toString('base64url')).join('.') + '.';
    for (const [label, auth] of [
      ['an unsigned admin token', `Bearer ${forged}`],
      ['a token that is not a JWT', 'Bearer {"$ne":null}'],
    ] as const) {
      out.push({ name: `caller with ${label}`, url: base, refuse: true, headers: { authorization: auth }, ...(body ? { body: '{}' } : {}) });
    }
  }

  // Path parameters: not an id, an id of nothing, an operator object, a very long string.
  for (const p of params) {
    for (const [label, v] of [
      ['not an ObjectId', 'not-an-id'],
      ['an ObjectId that does not exist', NOID],
      ['{"$gt":""}', '{"$gt":""}'],
      ['10,000 characters', LONG],
    ] as const) {
      if (label.startsWith('an ObjectId') && !(p.schema.pattern && OID_PATTERN.test(p.schema.pattern))) continue;
      const id = label.startsWith('an ObjectId');
      out.push({ name: `path ${p.name} = ${label}`, url: at({ [p.name]: v }), refuse: true, keys: ['$gt'], ...(id ? {} : { field: `params.${p.name}` }), ...withBody });
    }
    // Sent as is: a broken percent-escape (decodeURIComponent throws) and a NUL byte.
    out.push({ name: `path ${p.name} = %E0%A4%A (raw)`, url: at({ [p.name]: '%E0%A4%A' }, true), refuse: true, field: 'params', ...withBody });
    out.push({ name: `path ${p.name} = a%00b (raw)`, url: at({ [p.name]: 'a%00b' }, true), refuse: true, field: `params.${p.name}`, ...withBody });
  }

  // Query strings: declared routes must refuse; others must ignore (GET only: a POST would just do its work).
  const declared = queries.length > 0;
  if (declared || method === 'get') {
    const keys = declared ? queries.map((q) => q.name) : ['a'];
    out.push({ name: 'query with an unknown key', url: `${base}?hxUnknown=1`, refuse: declared, keys: ['hxUnknown'], ...(declared ? { field: 'query' } : {}), ...(body ? { body: '{}' } : {}) });
    for (const k of keys) {
      for (const [label, q] of [
        [`${k}[$ne]=1`, `${k}[$ne]=1`],
        [`${k}[$gt]=`, `${k}[$gt]=`],
        [`${k} twice (an array)`, `${k}=1&${k}=2`],
        [`${k} of 10,000 characters`, `${k}=${LONG}`],
      ] as const) {
        // Ignored queries: one key is enough to show they are ignored safely.
        out.push({ name: `query ${label}`, url: `${base}?${q}`, refuse: declared, keys: ['$ne', '$gt'], ...(declared ? { field: 'query' } : {}), ...(body ? { body: '{}' } : {}) });
      }
    }
    // Values a schema may well accept but a handler must still survive: regular-expression syntax (a search that
    // builds a RegExp from it unescaped throws) and a broken percent-escape.
    for (const q of queries.filter((x) => typeOf(x.schema) === 'string' && !x.schema.pattern && !('enum' in x.schema) && !('format' in x.schema))) {
      out.push({ name: `query ${q.name} = regex syntax`, url: `${base}?${q.name}=${encodeURIComponent('(*[\\')}`, refuse: false, ...(body ? { body: '{}' } : {}) });
    }
    out.push({ name: 'query with a broken percent-escape', url: `${base}?${keys[0]}=%E0%A4%A`, refuse: false, ...(body ? { body: '{}' } : {}) });
  }

  if (method === 'get') return out;

  // What the JSON parser refuses, whatever the route: null, broken JSON, more than the configured limit.
  out.push({ name: 'a null body', url: base, body: 'null', refuse: true, field: 'body' });
  out.push({ name: 'broken JSON', url: base, body: '{"a":', refuse: true, field: 'body' });
  out.push({ name: 'a body over the size limit', url: base, refuse: true, oversized: true });
  out.push({ name: 'a gzip body that is not gzip', url: base, body: '{"a":1}', refuse: true, headers: { 'content-encoding': 'gzip' } });
  out.push({ name: 'a charset the parser does not know', url: base, body: '{"a":1}', contentType: 'application/json; charset=utf-7', refuse: true });
  if (!body) return out;

  // Bodies, for routes that read one.
  const props = bodyProps(body);
  const names = Object.keys(props);
  const first = names[0] ?? 'a';
  const union = isUnion(body);
  const json = (name: string, value: unknown, field?: string, keys: string[] = []): Probe => ({
    name,
    url: base,
    body: JSON.stringify(value),
    refuse: true,
    keys,
    ...(field && !union ? { field } : {}),
  });
  out.push(json('an unknown top-level field', { hxUnknown: 1 }, 'hxUnknown', ['hxUnknown']));
  out.push(json('{"$where":"1"}', { $where: '1' }, '$where', ['$where']));
  out.push(json(`{"${first}":{"$ne":null}}`, { [first]: { $ne: null } }, first, ['$ne']));
  for (const [name, s] of Object.entries(props)) {
    if (typeOf(s) === 'object') out.push(json(`{"${name}":{"$where":"1"}}`, { [name]: { $where: '1' } }, name, ['$where']));
    out.push(json(`${name} of the wrong type`, { [name]: wrongValue(s) }, name));
    // One level down: each property of an object, and an operator inside a list of objects.
    for (const [sub, ss] of Object.entries(bodyProps(s))) out.push(json(`${name}.${sub} of the wrong type`, { [name]: { [sub]: wrongValue(ss) } }, `${name}.${sub}`));
    if (s.items && typeOf(s.items) === 'object') out.push(json(`{"${name}":[{"$where":"1"}]}`, { [name]: [{ $where: '1' }] }, `${name}.0`, ['$where']));
  }
  out.push({ name: 'a non-JSON content type', url: base, body: `${first}=1`, contentType: 'text/plain', refuse: true, field: 'body' });
  out.push({ name: 'a form body', url: base, body: `${first}=1`, contentType: 'application/x-www-form-urlencoded', refuse: true, field: 'body' });
  out.push({ name: 'JSON nested 1,000 deep (unknown key)', url: base, body: `{"hxDeep":${nest(1000)}}`, refuse: true, keys: ['hxDeep'], ...(union ? {} : { field: 'hxDeep' }) });
  out.push({ name: `JSON nested 1,000 deep (in ${first})`, url: base, body: `{"${first}":${nest(1000)}}`, refuse: true, ...(union ? {} : { field: first }) });
  out.push({ name: '__proto__ at the top', url: base, body: '{"__proto__":{"hxPolluted":"yes"}}', refuse: true, keys: ['__proto__', 'hxPolluted'] });
  out.push({ name: 'constructor.prototype at the top', url: base, body: '{"constructor":{"prototype":{"hxPolluted":"yes"}}}', refuse: true, keys: ['constructor', 'prototype', 'hxPolluted'] });
  out.push({ name: `__proto__ inside ${first}`, url: base, body: `{"${first}":{"__proto__":{"hxPolluted":"yes"}}}`, refuse: true, keys: ['__proto__', 'hxPolluted'] });
  return out;
}

const TABLE: RouteCase[] = Object.entries(DOC.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({
    route: `${method.toUpperCase()} ${path}`,
    method,
    page: !!op.responses['200']?.content?.['text/html'],
    reachesHandler: !!op.requestBody && op.parameters.some((p) => p.in === 'path') && minimal(op.requestBody.content['application/json'].schema) !== undefined,
    role: roleFor(path, op.description),
    probes: probesFor(method, path, op),
  })),
);

// ---------------------------------------------------------------------------------------------------------------
// The checks.
// ---------------------------------------------------------------------------------------------------------------

const CJK = /[\u4e00-\u9fff]/;
/** English an error must not show people: stack frames, driver and runtime messages, zod's defaults. */
const ENGLISH = /\bat \S+ \(|\b(Error|TypeError|Cannot|undefined|Cast to|ObjectId|Mongo\w*|E11000|Unexpected|expected|received|Invalid|Required)\b/;
const CODES = new Set<string>(ERROR_CODES);

/** The key as a word of its own in a message ("不允许的字段：hxUnknown" shows it; "JSON 格式" does not show "a"). */
const showsKey = (message: string, key: string) => new RegExp(`(^|[^A-Za-z0-9_$])${key.replace(/[$^()[\]{}.*+?|\\]/g, '\\$&')}($|[^A-Za-z0-9_])`).test(message);

function problems(p: Probe, page: boolean, status: number, text: string, contentType: string): string[] {
  const out: string[] = [];
  if (status >= 500) out.push(`answered ${status}`);
  if (p.refuse && (status < 400 || status >= 500)) out.push(`was not refused (${status})`);
  if (status < 400) return out;
  if (page && contentType.includes('text/html')) {
    const words = text.replace(/<[^>]*>/g, ' ');
    if (!CJK.test(words) || ENGLISH.test(words)) out.push(`error page is not plain Chinese: ${words.slice(0, 200)}`);
    return out;
  }
  if (!contentType.includes('application/json')) return [...out, `error is not JSON (${contentType || 'no content type'}): ${text.slice(0, 300)}`];
  let error: { code?: unknown; message?: unknown; details?: { field?: unknown; message?: unknown }[] } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    return [...out, 'error body is not JSON'];
  }
  if (!error) return [...out, 'no error envelope'];
  if (typeof error.code !== 'string' || !CODES.has(error.code)) out.push(`unknown code ${String(error.code)}`);
  const message = typeof error.message === 'string' ? error.message : '';
  if (!CJK.test(message)) out.push(`message is not Chinese: ${message}`);
  if (ENGLISH.test(message)) out.push(`message shows English: ${message}`);
  const details = Array.isArray(error.details) ? error.details : undefined;
  const keys = [...(p.keys ?? []), ...(details ?? []).flatMap((d) => String(d.field ?? '').split('.')).filter((k) => k && !/^\d+$/.test(k) && !['body', 'query', 'params'].includes(k))];
  const shown = keys.filter((k) => showsKey(message, k));
  if (shown.length) out.push(`message shows field keys ${shown.join(', ')}: ${message}`);
  if (status === 400 && error.code === 'VALIDATION_FAILED') {
    if (!details?.length) out.push('400 without details');
    else {
      for (const d of details) {
        if (typeof d.field !== 'string' || !d.field) out.push('a detail without a field');
        if (typeof d.message !== 'string' || !CJK.test(d.message) || ENGLISH.test(d.message)) out.push(`detail message not Chinese: ${String(d.message)}`);
      }
      const f = p.field;
      if (f && !details.some((d) => typeof d.field === 'string' && (d.field === f || d.field.startsWith(`${f}.`) || (f === 'query' && d.field.startsWith('query'))))) {
        out.push(`details do not name ${f}: ${details.map((d) => String(d.field)).join(', ')}`);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

let t: TestApp;
let tree: Tree;
let base = '';
let server: http.Server;
const tokens = {} as Record<Role, TTokens>;
let bodyLimit = 0;

function bytes(limit: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!m) throw new Error(`BODY_LIMIT not understood: ${limit}`);
  return Math.ceil(Number(m[1]) * ({ b: 1, kb: 1024, mb: 1024 * 1024 } as Record<string, number>)[(m[2] ?? 'b').toLowerCase()]!);
}

/** Document counts of every collection of this file's database (IGNORED left out). */
async function counts(): Promise<Record<string, number>> {
  const names = (await t.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !IGNORED.has(n) && !n.startsWith('system.'));
  const pairs = await Promise.all(names.map(async (n) => [n, await t.db.collection(n).countDocuments()] as const));
  return Object.fromEntries(pairs.sort(([a], [b]) => a.localeCompare(b)));
}

function changed(before: Record<string, number>, after: Record<string, number>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((n) => (before[n] ?? 0) !== (after[n] ?? 0)).map((n) => `${n}: ${before[n] ?? 0} → ${after[n] ?? 0}`);
}

let lastCounts: Record<string, number> | undefined;

/** How each probe was answered, by status: for the report. */
const tally: Record<number, number> = {};
/** Routes that refused the caller before looking at the input (a wrong role chosen): named in the report line. */
const refusedCaller = new Set<string>();

async function send(r: RouteCase, p: Probe): Promise<string[]> {
  const { method, role } = r;
  const headers: Record<string, string> = { ...p.headers };
  if (role && !headers.authorization) headers.authorization = `Bearer ${tokens[role].accessToken}`;
  let body = p.body;
  if (p.oversized) body = JSON.stringify({ hxBig: 'x'.repeat(Math.ceil(bodyLimit * 1.5)) });
  if (body !== undefined) headers['content-type'] = p.contentType ?? 'application/json';
  try {
    const res = await fetch(base + p.url, { method: method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' });
    const text = await res.text();
    tally[res.status] = (tally[res.status] ?? 0) + 1;
    if ((res.status === 401 || res.status === 403) && !p.headers?.authorization) refusedCaller.add(`${r.route} (${res.status})`);
    return problems(p, r.page, res.status, text, res.headers.get('content-type') ?? '');
  } catch (err) {
    return [`request failed: ${(err as Error).message}`];
  }
}

/** Run probes a few at a time: enough to be quick, few enough not to swamp the shared database. */
async function pool<T, R>(items: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** Object.prototype as it was before any probe; a key added since, or `hxPolluted` on a fresh object, is pollution. */
const PROTOTYPE = new Set(Object.getOwnPropertyNames(Object.prototype));
const polluted = () =>
  Object.getOwnPropertyNames(Object.prototype)
    .filter((k) => !PROTOTYPE.has(k))
    .concat(({} as Record<string, unknown>).hxPolluted !== undefined ? ['hxPolluted'] : []);

beforeAll(async () => {
  t = await startTestApp();
  bodyLimit = bytes(t.config.BODY_LIMIT);
  tree = await seedTree();
  const signInSupervisor = async () => {
    const username = `sup-${randomBytes(4).toString('hex')}`;
    await t.auth.createStaffAccount({ username, password: 'Secret#123', name: '督查员', role: 'supervisor', centerId: tree.county });
    return (await request(t.app).post('/api/auth/password').send({ username, password: 'Secret#123' }).expect(200)).body as TTokens;
  };
  [tokens.admin, tokens.staff, tokens.agent, tokens.supervisor, tokens.citizen] = await Promise.all([
    signInStaff(t, 'admin', tree.county),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'agent', tree.village),
    signInSupervisor(),
    signInCitizen(t),
  ]);
  server = http.createServer(t.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await t?.close();
});

describe('hostile input on every route', () => {
  it('when the table is built, then it is every route GET /api/openapi.json serves', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    const served = Object.entries((res.body as Doc).paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(TABLE.map((r) => r.route).sort()).toEqual(served.sort());
    expect(TABLE.length).toBeGreaterThan(100);
  });

  it.each(TABLE.map((r) => [r.route, r] as const))('%s: every probe refused with the error envelope, nothing written', async (_route, r) => {
    // Routes run one after another and nothing else writes meanwhile: the last route's "after" is this one's "before".
    const before = lastCounts ?? (await counts());
    const results = await pool(r.probes, 6, async (p) => ({ p, problems: await send(r, p) }));
    const after = await counts();
    lastCounts = after;
    const failures = results.filter((x) => x.problems.length).map((x) => `${r.route} — ${x.p.name}: ${x.problems.join('; ')}`);
    const writes = changed(before, after);
    if (writes.length) failures.push(`${r.route} — wrote: ${writes.join(', ')}`);
    const prototype = polluted();
    if (prototype.length) failures.push(`${r.route} — Object.prototype polluted: ${prototype.join(', ')}`);
    expect(failures).toEqual([]);
  });

  it('when every probe has been sent, then the process still answers and Object.prototype is clean', async () => {
    await request(t.app).get('/api/health/live').expect(200);
    expect(polluted()).toEqual([]);
    const total = TABLE.reduce((n, r) => n + r.probes.length, 0);
    // The size of the sweep, for the report.
    const reached = TABLE.filter((r) => r.reachesHandler).length;
    process.stdout.write(`hostile-input: ${TABLE.length} routes, ${total} probes (${reached} write routes got path probes with an acceptable body), answered ${JSON.stringify(tally)}; caller refused on ${[...refusedCaller].join(', ') || 'none'}\n`);
  });

  it('when a request does write, then the count check sees it (the no-write check is not blind)', async () => {
    const before = await counts();
    await request(t.app).post('/api/auth/sms/send').send({ phone: '13912345678' }).expect(200);
    expect(changed(before, await counts())).not.toEqual([]);
  });
});
