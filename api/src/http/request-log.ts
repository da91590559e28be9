import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { maskPersonalNumbers, type Logger } from '../logger';

declare module 'http' {
  interface IncomingMessage {
    /** This request's logger (bound to its id, method and masked URL), made on first use. */
    log: Logger;
    id: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/**
 * One line per request when it ends — error for 5xx, info for 4xx, debug otherwise — with its id (the caller's
 * X-Request-Id when well-formed, else a new one, echoed back), method, URL and time. URLs may carry share-link
 * material keys but never personal data; bodies are not logged at all; phone and ID numbers in a query (a search
 * box, a QR text) are masked too. Replaces pino-http, which bound a child logger with the serialized request on
 * every request whether or not anything was logged (a tenth of a catalog read's time).
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    req.id = id;
    const started = performance.now();
    const fields = () => ({ id, method: req.method, url: maskPersonalNumbers(req.originalUrl) });
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', { configurable: true, get: () => (child ??= logger.child({ req: fields() })) });
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const level = res.statusCode >= 500 || !res.writableFinished ? 'error' : res.statusCode >= 400 ? 'info' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      const responseTime = Math.round(performance.now() - started);
      logger[level]({ req: fields(), res: { statusCode: res.statusCode }, responseTime }, res.writableFinished ? 'request completed' : 'request aborted');
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
