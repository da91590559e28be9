import type { TConfig } from './config';
import type { Logger } from './logger';
import { deliverDue, logSender, wechatSender, type NotificationSender } from './modules/notifications';
import { enqueueReminders, repairAfterCrash } from './modules/bookings';
import { sweepLapseReviews, sweepReceptionLapses } from './modules/queue';
import { sweepOverdueCases } from './modules/cases';
import { sweepOverdueInquiries } from './modules/inquiries';
import type { DelegationService } from './modules/delegations';
import type { EvaluationService } from './modules/evaluations';
import type { ComplaintService } from './modules/complaints';
import { generateDue } from './modules/reports';
import { rollClosedDays, rollTodayIfDue } from './modules/facts';
import { holdLease } from './runtime/lease';
import { jobFailures, jobLeaseHeld, jobRuns } from './runtime/metrics';

export function notificationSender(config: TConfig, logger: Logger): NotificationSender {
  return config.NOTIFY_SENDER === 'wechat'
    ? wechatSender({ baseUrl: config.WECHAT_API_BASE, appid: config.WECHAT_APPID, secret: config.WECHAT_SECRET, templateId: config.WECHAT_TEMPLATE_BOOKING })
    : logSender(logger);
}

/** One named step of the periodic work. */
export interface JobStep {
  name: string;
  run(now: Date): Promise<unknown>;
}

/** The lease the job runner holds; its document lives in `leases` (runtime/lease.ts). */
export const JOBS_LEASE = 'jobs';

export interface LeasedRunnerOptions {
  steps: JobStep[];
  logger: Pick<Logger, 'info' | 'error'>;
  everyMs?: number;
  /** Lease lifetime: how long a dead holder keeps the jobs stopped, at most. */
  leaseTtlMs?: number;
  /** How often the lease is renewed (or, by a waiting process, asked for). Well under the lifetime. */
  renewMs?: number;
  holder?: string;
}

/**
 * Run `steps` every `everyMs`, in this process only while it holds the `jobs` lease — so with several API processes
 * exactly one runs them, and when that one dies another takes over once the lease expires. Each step runs on its
 * own (one failing does not skip the others) and is counted in /metrics. The steps are idempotent on unique keys
 * anyway, so a short overlap (a holder paused past its lease) repeats work but never doubles its effects.
 * Returns stop(): no new tick starts; the running one is awaited; the lease is released for the next process.
 */
export function startLeasedRunner(opts: LeasedRunnerOptions): () => Promise<void> {
  const everyMs = opts.everyMs ?? 30_000;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running || !lease.held()) return;
    running = (async () => {
      const now = new Date();
      for (const step of opts.steps) {
        if (stopped || !lease.held()) break;
        try {
          jobRuns.inc({ job: step.name });
          await step.run(now);
        } catch (err) {
          jobFailures.inc({ job: step.name });
          opts.logger.error({ err, job: step.name }, 'background job failed');
        }
      }
    })().finally(() => {
      running = undefined;
    });
  };
  const lease = holdLease({
    name: JOBS_LEASE,
    holder: opts.holder,
    ttlMs: opts.leaseTtlMs ?? 60_000,
    renewMs: opts.renewMs ?? 15_000,
    onChange: (held) => {
      jobLeaseHeld.set(held ? 1 : 0);
      opts.logger.info({ held }, held ? 'this process now runs the periodic jobs' : 'this process no longer runs the periodic jobs');
      if (held) tick();
    },
    onError: (err) => opts.logger.error({ err }, 'job lease renewal failed'),
  });
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    await lease.stop();
  };
}

/**
 * Periodic work: day-before reminders, the 30-minute reception lapse sweep, the overdue sweeps of cases,
 * 代办, evaluations and complaints, due monthly reports, and notification delivery with retries.
 */
export function startJobs(
  config: TConfig,
  logger: Logger,
  services: { delegations: DelegationService; evaluations: EvaluationService; complaints: ComplaintService },
  everyMs = 30_000,
): () => Promise<void> {
  const sender = notificationSender(config, logger);
  const steps: JobStep[] = [
    { name: 'booking-reminders', run: enqueueReminders },
    { name: 'crash-repair', run: repairAfterCrash },
    { name: 'reception-lapses', run: sweepReceptionLapses },
    { name: 'overdue-cases', run: sweepOverdueCases },
    { name: 'overdue-inquiries', run: sweepOverdueInquiries },
    { name: 'lapse-reviews', run: sweepLapseReviews },
    { name: 'overdue-delegations', run: (now) => services.delegations.sweepOverdue(now) },
    { name: 'overdue-evaluations', run: (now) => services.evaluations.sweepOverdue(now) },
    { name: 'overdue-complaints', run: (now) => services.complaints.sweepOverdue(now) },
    { name: 'fact-rollups', run: (now) => rollClosedDays(now) },
    { name: 'fact-today', run: (now) => rollTodayIfDue(now) },
    { name: 'monthly-reports', run: generateDue },
    { name: 'notifications', run: (now) => deliverDue(sender, now) },
  ];
  return startLeasedRunner({ steps, logger, everyMs });
}
