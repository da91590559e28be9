/**
 * Database round trips per API request, for `bench:county-day`: which request kinds cost how many database
 * operations, of which kind, and (when the driver reports command timings) how long the database took for them.
 *
 * The bench runs the app in-process, so each request is served inside an AsyncLocalStorage context named by the
 * `x-bench-label` header the client sends; mongoose's `operation-start` event (one per collection call: find,
 * insertOne, updateOne…) counts into the context it fires in. Driver command events (`monitorCommands=true` in the
 * URI) add the database's own time per command. Operations fired outside a request (set-up, jobs) count as
 * "(outside a request)".
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type mongoose from 'mongoose';

export const LABEL_HEADER = 'x-bench-label';

interface RequestTrace {
  label: string;
  ops: number;
  dbMs: number;
  byOp: Map<string, number>;
}

interface LabelStats {
  requests: number;
  ops: number[];
  dbMs: number[];
  byOp: Map<string, number>;
}

const OUTSIDE = '(outside a request)';

export function createTracer(connection: mongoose.Connection) {
  const als = new AsyncLocalStorage<RequestTrace>();
  const stats = new Map<string, LabelStats>();
  const outside = { ops: 0, byOp: new Map<string, number>() };
  const started = new Map<number, RequestTrace | undefined>();
  let monitored = false;

  connection.on('operation-start', (e: { collectionName: string; method: string }) => {
    const t = als.getStore();
    const key = `${e.collectionName}.${e.method}`;
    const target = t ?? outside;
    target.ops++;
    target.byOp.set(key, (target.byOp.get(key) ?? 0) + 1);
  });
  const client = connection.getClient();
  client.on('commandStarted', (e) => {
    monitored = true;
    started.set(e.requestId, als.getStore());
  });
  const done = (e: { requestId: number; duration: number }) => {
    const t = started.get(e.requestId);
    started.delete(e.requestId);
    if (t) t.dbMs += e.duration;
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);

  function record(t: RequestTrace) {
    let s = stats.get(t.label);
    if (!s) stats.set(t.label, (s = { requests: 0, ops: [], dbMs: [], byOp: new Map() }));
    s.requests++;
    s.ops.push(t.ops);
    s.dbMs.push(t.dbMs);
    for (const [k, v] of t.byOp) s.byOp.set(k, (s.byOp.get(k) ?? 0) + v);
  }

  /** Wrap the app's request listener so every request is served inside its own trace context. */
  function wrap(app: (req: IncomingMessage, res: ServerResponse) => void) {
    return (req: IncomingMessage, res: ServerResponse) => {
      const header = req.headers[LABEL_HEADER];
      const label = header ? decodeURIComponent(String(header)) : `${req.method} ${req.url?.split('?')[0]}`;
      const t: RequestTrace = { label, ops: 0, dbMs: 0, byOp: new Map() };
      res.once('finish', () => record(t));
      als.run(t, () => app(req, res));
    };
  }

  /** The table: per request kind, operations per request (mean, max), database ms per request (p50), and what they are. */
  function report(): string[] {
    const mean = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? 0;
    const lines = [`request kind                          n   db ops/req (mean, max)${monitored ? '   db ms/req p50' : ''}   operations (per request)`];
    for (const [label, s] of [...stats].sort()) {
      const ops = [...s.byOp].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}×${(v / s.requests).toFixed(1).replace(/\.0$/, '')}`).join(' ');
      lines.push(
        `${label.padEnd(36)} ${String(s.requests).padStart(5)} ${mean(s.ops).toFixed(1).padStart(8)} ${String(Math.max(...s.ops)).padStart(5)}` +
          `${monitored ? median(s.dbMs).toFixed(1).padStart(14) : ''}   ${ops}`,
      );
    }
    if (outside.ops) lines.push(`${OUTSIDE.padEnd(36)}       ${String(outside.ops).padStart(8)} ops: ${[...outside.byOp].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k}×${v}`).join(' ')}`);
    return lines;
  }

  /** Total database operations attributed to requests whose label matches. */
  function opsOf(match: (label: string) => boolean): { requests: number; ops: number } {
    let requests = 0;
    let ops = 0;
    for (const [label, s] of stats) if (match(label)) {
      requests += s.requests;
      ops += s.ops.reduce((x, y) => x + y, 0);
    }
    return { requests, ops };
  }

  return { wrap, report, opsOf };
}
