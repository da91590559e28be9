import type { RequestHandler } from 'express';
import mongoose from 'mongoose';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of this process, served at /metrics (see modules/health). Counters are per process: with two
 * API processes Prometheus scrapes both and sums (`sum by (route) (rate(...))`). Gauges read from the database
 * (queue length, outbox) are the same in every process — take `max`, not `sum`.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'bianmin_' });

const httpRequests = new Counter({
  name: 'bianmin_http_requests_total',
  help: 'HTTP requests by route pattern, method and status',
  labelNames: ['route', 'status'] as const,
  registers: [registry],
});

const httpSeconds = new Histogram({
  name: 'bianmin_http_request_duration_seconds',
  help: 'HTTP request latency by route pattern',
  labelNames: ['route'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const bookingOutcomes = new Counter({
  name: 'bianmin_booking_outcomes_total',
  help: 'Booking attempts (POST /api/bookings) by outcome: booked, or the refusal code (e.g. SLOT_FULL)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const jobRuns = new Counter({
  name: 'bianmin_job_runs_total',
  help: 'Periodic job steps run in this process',
  labelNames: ['job'] as const,
  registers: [registry],
});

export const jobFailures = new Counter({
  name: 'bianmin_job_failures_total',
  help: 'Periodic job steps that threw',
  labelNames: ['job'] as const,
  registers: [registry],
});

export const jobLeaseHeld = new Gauge({
  name: 'bianmin_job_lease_held',
  help: '1 while this process holds the job-runner lease',
  registers: [registry],
});

/** Count documents of a model by its mongoose name (models stay private to their modules); 0 before they exist. */
async function count(model: string, filter: Record<string, unknown>): Promise<number> {
  const m = mongoose.models[model];
  if (!m || mongoose.connection.readyState !== 1) return 0;
  return m.countDocuments(filter).maxTimeMS(5_000);
}

new Gauge({
  name: 'bianmin_queue_waiting',
  help: 'Queue tickets waiting to be called (all centers)',
  registers: [registry],
  async collect() {
    this.set(await count('QueueTicket', { status: 'waiting' }).catch(() => 0));
  },
});

new Gauge({
  name: 'bianmin_outbox_messages',
  help: 'Notification outbox messages by status (pending: not yet delivered; failed: gave up)',
  labelNames: ['status'] as const,
  registers: [registry],
  async collect() {
    for (const status of ['pending', 'failed'] as const) this.set({ status }, await count('Outbox', { status }).catch(() => 0));
  },
});

/** Label of a request: the route pattern defineRoutes put in res.locals, else a coarse bucket (never the raw URL). */
function routeOf(path: string, route: unknown): string {
  if (typeof route === 'string') return route;
  if (path === '/metrics') return 'metrics';
  return path.startsWith('/api/') ? 'api-unmatched' : 'static';
}

/**
 * Times every request and counts it by route and status when the response finishes. POST /api/bookings also
 * counts its outcome, read from the error body's stable code (booked on 2xx).
 */
export function metricsMiddleware(): RequestHandler {
  return (req, res, next) => {
    const end = httpSeconds.startTimer();
    let errorCode: string | undefined;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
      if (typeof code === 'string') errorCode = code;
      return json(body);
    };
    res.on('finish', () => {
      const route = routeOf(req.path, res.locals.route);
      end({ route });
      httpRequests.inc({ route, status: String(res.statusCode) });
      if (route === 'POST /api/bookings') {
        bookingOutcomes.inc({ outcome: res.statusCode < 300 ? 'booked' : (errorCode ?? `HTTP_${res.statusCode}`) });
      }
    });
    next();
  };
}
