/**
 * Notifications: an outbox of messages keyed by the event that caused them, delivered with retries by the jobs.
 * Other modules enqueue through `enqueue`; the outbox models stay private.
 */
export { enqueue, deliverDue, repairOutbox, CLAIM_GRACE_MS, type NoticeKind } from './outbox.service';
export { crashPoint, crashPoints, InjectedCrash } from './crash-points';
export { logSender, wechatSender, type Notice, type NotificationSender } from './senders';
