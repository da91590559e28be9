import type { TConfig } from './config';
import type { Logger } from './logger';
import { deliverDue, logSender, wechatSender, type NotificationSender } from './modules/notifications';
import { enqueueReminders } from './modules/bookings';
import { sweepReceptionLapses } from './modules/queue';
import { sweepOverdueCases } from './modules/cases';
import type { DelegationService } from './modules/delegations';
import type { EvaluationService } from './modules/evaluations';
import type { ComplaintService } from './modules/complaints';
import { generateDue } from './modules/reports';

export function notificationSender(config: TConfig, logger: Logger): NotificationSender {
  return config.NOTIFY_SENDER === 'wechat'
    ? wechatSender({ baseUrl: config.WECHAT_API_BASE, appid: config.WECHAT_APPID, secret: config.WECHAT_SECRET, templateId: config.WECHAT_TEMPLATE_BOOKING })
    : logSender(logger);
}

/**
 * Periodic work: day-before reminders, notification delivery with retries, the 30-minute reception lapse sweep and
 * the overdue-stage lapse sweep of 代办 cases.
 * Safe to run in several processes at once: each step is idempotent on unique keys.
 */
export function startJobs(config: TConfig, logger: Logger, services: { delegations: DelegationService; evaluations: EvaluationService; complaints: ComplaintService }, everyMs = 30_000): () => void {
  const sender = notificationSender(config, logger);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = new Date();
      await enqueueReminders(now);
      await sweepReceptionLapses(now);
      await sweepOverdueCases(now);
      await services.delegations.sweepOverdue(now);
      await services.evaluations.sweepOverdue(now);
      await services.complaints.sweepOverdue(now);
      await generateDue(now);
      await deliverDue(sender, now);
    } catch (err) {
      logger.error({ err }, 'background job failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
