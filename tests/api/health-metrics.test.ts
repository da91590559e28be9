import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';
import { registry } from '../../api/src/runtime/metrics';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { METRICS_TOKEN: 'a-metrics-token-of-some-length' } });
});
afterAll(async () => {
  await t.close();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line is a comment (# HELP / # TYPE) or a
 * sample `name{label="value",...} number` (NaN and Inf in any case, as Prometheus's Go parser takes them); every sample belongs to a declared family. Throws on anything else.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([+-]?(?:[0-9.]+(?:[eE][+-]?[0-9]+)?|[Nn][Aa][Nn]|[Ii]nf))(?: -?[0-9]+)?$/;
  const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    let consumed = '';
    for (const l of body.matchAll(LABEL)) {
      labels[l[1]] = l[2];
      consumed += `${l[0]},`;
    }
    if (consumed.replace(/,$/, '') !== body.replace(/,$/, '')) throw new Error(`bad labels: ${line}`);
    const family = [...types.keys()].find((f) => m[1] === f || m[1] === `${f}_bucket` || m[1] === `${f}_sum` || m[1] === `${f}_count`);
    if (!family) throw new Error(`sample without # TYPE: ${line}`);
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { types, samples };
}

const value = (s: Sample[], name: string, labels: Record<string, string> = {}) =>
  s.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v)).reduce((a, x) => a + x.value, 0);

describe('health', () => {
  it('live answers without looking at anything', async () => {
    const res = await request(t.app).get('/api/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('ready: database up, migrations applied, engine external (tests connect through a URI)', async () => {
    const res = await request(t.app).get('/api/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { db: 'up', migrations: 'applied', engine: 'external' } });
  });

  it('ready is 503 while a migration is pending', async () => {
    await t.db.collection('migrations').deleteOne({ _id: '0001-center-settings' as never });
    const res = await request(t.app).get('/api/health/ready').expect(503);
    expect(res.body.checks.migrations).toBe('pending');
    await t.db.collection('migrations').insertOne({ _id: '0001-center-settings' as never, appliedAt: new Date(), by: 'test' });
    await request(t.app).get('/api/health/ready').expect(200);
  });
});

describe('/metrics', () => {
  it('parses as Prometheus text and counts requests by route pattern and status, with latency histograms', async () => {
    await request(t.app).get('/api/health/live').expect(200);
    await request(t.app).get('/api/centers/000000000000000000000000').expect((r) => expect(r.status).toBeGreaterThanOrEqual(400));
    await request(t.app).get('/api/nothing-here').expect(404);
    await request(t.app).post('/api/bookings').send({}).expect(401);
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parsePrometheus(res.text);
    expect(types.get('bianmin_http_requests_total')).toBe('counter');
    expect(types.get('bianmin_http_request_duration_seconds')).toBe('histogram');
    for (const f of ['bianmin_queue_waiting', 'bianmin_outbox_messages', 'bianmin_job_lease_held']) expect(types.get(f)).toBe('gauge');
    for (const f of ['bianmin_booking_outcomes_total', 'bianmin_job_runs_total', 'bianmin_job_failures_total']) expect(types.get(f)).toBe('counter');
    expect(value(samples, 'bianmin_http_requests_total', { route: 'GET /api/health/live', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'bianmin_http_requests_total', { route: 'api-unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'bianmin_http_request_duration_seconds_count', { route: 'GET /api/health/live' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'bianmin_http_request_duration_seconds_bucket', { route: 'GET /api/health/live', le: '+Inf' })).toBeGreaterThanOrEqual(1);
    // The raw URL (with its id) never becomes a label.
    expect(res.text).not.toContain('000000000000000000000000');
    expect(value(samples, 'bianmin_booking_outcomes_total', { outcome: 'UNAUTHENTICATED' }) + value(samples, 'bianmin_booking_outcomes_total')).toBeGreaterThanOrEqual(1);
    expect(samples.some((s) => s.name === 'bianmin_outbox_messages' && s.labels.status === 'pending')).toBe(true);
    expect(samples.some((s) => s.name === 'bianmin_outbox_messages' && s.labels.status === 'failed')).toBe(true);
    expect(samples.some((s) => s.name === 'bianmin_queue_waiting')).toBe(true);
  });

  it('refuses a request that came through a proxy unless it carries the token', async () => {
    await request(t.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(403);
    await request(t.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').set('Authorization', 'Bearer wrong-token-wrong-token-x').expect(403);
    const ok = await request(t.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').set('Authorization', 'Bearer a-metrics-token-of-some-length').expect(200);
    expect(() => parsePrometheus(ok.text)).not.toThrow();
  });

  it('the whole registry output parses (default process metrics included)', async () => {
    expect(parsePrometheus(await registry.metrics()).samples.length).toBeGreaterThan(20);
  });
});
