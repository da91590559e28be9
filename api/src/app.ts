import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import { rateLimit } from 'express-rate-limit';
import type { TConfig } from './config';
import type { Logger } from './logger';
import { requestLog } from './http/request-log';
import { AppError, errorHandler } from './http/errors';
import { setContractChecks } from './http/route';
import { checkSessionsWith } from './http/auth';
import { h5Path } from '@bianmin/shared/routes';
import {
  authRoutes,
  createAuthService,
  httpSmsSender,
  logSmsSender,
  meRoutes,
  wechatClient,
  type AuthService,
  type SmsSender,
  type WechatClient,
} from './modules/auth';
import { centerRoutes } from './modules/centers';
import { adminServiceItemRoutes, noticeRoutes, serviceItemRoutes } from './modules/service-items';
import { checklistRoutes } from './modules/checklists';
import { healthRoutes, metricsHandler } from './modules/health';
import { metricsMiddleware } from './runtime/metrics';
import { docsRoutes } from './modules/docs';
import { adminCalendarRoutes, calendarRoutes } from './modules/calendar';
import { adminBookingRoutes, bookingRoutes, createBookingService, type BookingService } from './modules/bookings';
import { absenceRoutes } from './modules/absences';
import { createQueueService, hallDisplayRoutes, hallPageRoutes, queuePlaceRoutes, queueRoutes, type QueueService } from './modules/queue';
import { qrRoutes } from './modules/qr';
import { createPii, type Pii } from './security/pii';
import { adminDelegationRoutes, agentRoutes, createDelegationService, delegationRoutes, type DelegationService } from './modules/delegations';
import { createEvaluationService, evaluationRoutes, type EvaluationService } from './modules/evaluations';
import { complaintRoutes, createComplaintService, type ComplaintService } from './modules/complaints';
import { createStaffDirectoryService, staffDirectoryRoutes } from './modules/staff-directory';
import { createSupervisionService, supervisionRoutes } from './modules/supervision';
import { createInquiryService, inquiryRoutes } from './modules/inquiries';
import { createSurveyService, surveyRoutes } from './modules/surveys';
import { scorecardRoutes } from './modules/scorecards';
import { reportRoutes } from './modules/reports';
import { createCaseService, myCaseRoutes, staffCaseRoutes, trackPageRoutes, trackRoutes } from './modules/cases';

export interface AppDeps {
  config: TConfig;
  logger: Logger;
  /** Overrides for tests (a recording SMS sender, a WeChat stand-in). */
  sms?: SmsSender;
  wechat?: WechatClient;
}

export interface App {
  app: Express;
  auth: AuthService;
  bookings: BookingService;
  queue: QueueService;
  delegations: DelegationService;
  evaluations: EvaluationService;
  complaints: ComplaintService;
  pii: Pii;
}

/** The Express app, without listening: what server.ts starts and what the tests drive with supertest. */
export function createApp(deps: AppDeps): App {
  const { config, logger } = deps;
  const sms =
    deps.sms ??
    (config.SMS_SENDER === 'http'
      ? httpSmsSender(config.SMS_HTTP_URL!)
      : logSmsSender(logger, config.NODE_ENV !== 'production'));
  const wechat =
    deps.wechat ??
    wechatClient({ baseUrl: config.WECHAT_API_BASE, appid: config.WECHAT_APPID, secret: config.WECHAT_SECRET });
  const auth = createAuthService({
    jwtSecret: config.JWT_SECRET,
    accessTtl: config.ACCESS_TOKEN_TTL,
    refreshDays: config.REFRESH_TOKEN_DAYS,
    sms,
    wechat,
  });

  setContractChecks(config.NODE_ENV === 'test');
  // Access tokens name their session: a signed-out or revoked session is refused before its tokens expire.
  checkSessionsWith((sid) => auth.isSessionEnded(sid));
  const pii = createPii(config.PII_KEY);
  const bookings = createBookingService({ pii });
  const queue = createQueueService(bookings);
  const delegations = createDelegationService({ pii });
  const evaluations = createEvaluationService();
  const complaints = createComplaintService();
  const surveys = createSurveyService();
  const cases = createCaseService({ pii });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  // Flat query strings: `?a[$ne]=x` stays the literal key "a[$ne]", which strict schemas refuse.
  app.set('query parser', 'simple');
  app.set('etag', 'weak');

  app.use(metricsMiddleware());
  // Prometheus scrape: localhost only, or with METRICS_TOKEN (see modules/health).
  app.get('/metrics', metricsHandler(config.METRICS_TOKEN));
  app.use(requestLog(logger));
  app.use(compression());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'script-src': ["'self'", "'unsafe-inline'"],
          'script-src-attr': ["'unsafe-inline'"],
          // Village points may reach the server over plain http on an intranet address: do not force https.
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  const limited = (max: number) =>
    rateLimit({
      windowMs: 60_000,
      limit: max,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new AppError('RATE_LIMITED')),
    });
  app.use('/api/auth', limited(config.AUTH_RATE_LIMIT_PER_MIN));
  app.use('/api', limited(config.RATE_LIMIT_PER_MIN));
  app.use(express.json({ limit: config.BODY_LIMIT, strict: true }));

  const secret = config.JWT_SECRET;
  for (const r of [
    healthRoutes(secret),
    docsRoutes(secret),
    authRoutes(auth, secret),
    meRoutes(auth, secret),
    centerRoutes(secret),
    serviceItemRoutes(secret, config.PUBLIC_BASE_URL),
    adminServiceItemRoutes(secret),
    checklistRoutes(secret, config.PUBLIC_BASE_URL),
    noticeRoutes(secret, config.PUBLIC_BASE_URL),
    calendarRoutes(secret),
    adminCalendarRoutes(secret),
    bookingRoutes(bookings, secret),
    adminBookingRoutes(secret),
    queueRoutes(queue, secret),
    queuePlaceRoutes(queue, secret),
    hallDisplayRoutes(queue, secret),
    absenceRoutes(secret),
    qrRoutes(secret),
    delegationRoutes(delegations, secret, config.PUBLIC_BASE_URL),
    adminDelegationRoutes(delegations, secret),
    agentRoutes(delegations, secret),
    evaluationRoutes(evaluations, secret),
    complaintRoutes(complaints, secret),
    staffDirectoryRoutes(createStaffDirectoryService(), secret, config.PUBLIC_BASE_URL),
    supervisionRoutes(createSupervisionService(), secret),
    inquiryRoutes(createInquiryService(), secret),
    surveyRoutes(surveys, secret),
    scorecardRoutes(secret),
    reportRoutes(secret),
    staffCaseRoutes(cases, secret, config.PUBLIC_BASE_URL),
    myCaseRoutes(cases, secret, config.PUBLIC_BASE_URL),
    trackRoutes(cases, secret),
  ]) {
    app.use(r.prefix, r.router);
  }
  app.use('/api', (_req, _res, next) => next(new AppError('NOT_FOUND', '没有这个接口')));
  // Short survey links for printed QR codes: /s/<survey>?t=<card token> → the survey page of the H5 app.
  app.get('/s/:id', (req, res) => {
    const id = /^[0-9a-f]{24}$/.test(req.params.id) ? req.params.id : '';
    const t = typeof req.query.t === 'string' && /^[A-Za-z0-9_-]{22}$/.test(req.query.t) ? req.query.t : '';
    res.redirect(302, h5Path('surveyAnswer', { id, t }));
  });

  // The printable progress page behind a case slip's QR (窗口办件), outside the H5 app.
  const trackPage = trackPageRoutes(cases, secret, config.PUBLIC_BASE_URL);
  app.use(trackPage.prefix, trackPage.router);
  // The hall display (叫号屏) for a TV in the hall, outside the H5 app.
  const hallPage = hallPageRoutes(secret);
  app.use(hallPage.prefix, hallPage.router);

  serveH5(app, config.H5_DIR);
  app.use(errorHandler);
  return { app, auth, bookings, queue, delegations, evaluations, complaints, pii };
}

/** The H5 build at `/`, with index.html for client-side routes; a plain hint when it has not been built. */
function serveH5(app: Express, dir: string) {
  const index = path.join(dir, 'index.html');
  app.use(express.static(dir, { index: 'index.html', setHeaders: cacheHeaders }));
  app.get(/^\/(?!api\/|notice\/|track\/|display\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    if (!fs.existsSync(index)) {
      res.status(503).type('html').send('<p>H5 页面尚未构建：请运行 <code>npm run build:h5</code>（<code>npm start</code> 会自动构建）。</p>');
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

/** Bundles named with a content hash (163.2f54d44a.js) never change under their name; everything else revalidates. */
function cacheHeaders(res: express.Response, file: string) {
  const hashed = /\.[0-9a-f]{8,}\.(js|css)$/.test(file);
  res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}
