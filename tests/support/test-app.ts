import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Express } from 'express';
import { loadConfig, type TConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { createApp } from '../../api/src/app';
import { runMigrations } from '../../api/src/migrations';
import type { AuthService, SmsSender, WechatClient } from '../../api/src/modules/auth';
import type { BookingService } from '../../api/src/modules/bookings/bookings.service';
import type { QueueService } from '../../api/src/modules/queue/queue.service';
import type { EvaluationService } from '../../api/src/modules/evaluations/evaluations.service';

export interface TestApp {
  app: Express;
  auth: AuthService;
  bookings: BookingService;
  queue: QueueService;
  evaluations: EvaluationService;
  /** The complaints deadline sweep, with a chosen 'now'. */
  complaintsSweep(now: Date): Promise<number>;
  /** Codes the API "sent", newest last. */
  sms: { sent: { phone: string; code: string }[] };
  config: TConfig;
  db: mongoose.mongo.Db;
  close(): Promise<void>;
}

/**
 * The real app on a real, empty database of its own (one per test file, so files run in parallel).
 * Only the outside world is replaced: SMS goes to a list, WeChat to what the test passes.
 */
export async function startTestApp(
  opts: { env?: Record<string, string>; wechat?: WechatClient; /** Receives every log line (level trace); default: silent. */ logDestination?: { write(line: string): void } } = {},
): Promise<TestApp> {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (global setup starts the database)');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MIN: '1000000',
    AUTH_RATE_LIMIT_PER_MIN: '1000000',
    H5_DIR: '/nonexistent-h5',
    ...opts.env,
  });
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  await mongoose.connect(uri, { dbName, autoIndex: false });
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
  // As at start-up: migrations run after the indexes and before any request.
  await runMigrations({ info: () => undefined });
  const sent: { phone: string; code: string }[] = [];
  const sms: SmsSender = {
    echoes: false,
    async send(phone, code) {
      sent.push({ phone, code });
    },
  };
  const { app, auth, bookings, queue, evaluations, complaints } = createApp({ config, logger: opts.logDestination ? createLogger('trace', opts.logDestination) : createLogger('silent'), sms, ...(opts.wechat ? { wechat: opts.wechat } : {}) });
  return {
    app,
    auth,
    bookings,
    queue,
    evaluations,
    complaintsSweep: (now) => complaints.sweepOverdue(now),
    sms: { sent },
    config,
    db: mongoose.connection.db!,
    async close() {
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
    },
  };
}
