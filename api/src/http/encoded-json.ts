import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

/** A JSON answer encoded once, plain and gzipped, for reads served many times under one revision. */
export interface EncodedJson {
  json: Buffer;
  gzip: Buffer;
}

export function encodeJson(value: unknown): EncodedJson {
  const json = Buffer.from(JSON.stringify(value));
  return { json, gzip: gzipSync(json) };
}

/**
 * Send an encoded answer: gzipped to clients that take it (the compression middleware leaves an encoded body alone),
 * plain otherwise. Compressing the same 5 KB guide anew for every reader cost more than everything else the request
 * did; the set headers (ETag, Cache-Control) are the caller's.
 */
export function sendEncodedJson(req: Request, res: Response, body: EncodedJson): void {
  res.vary('Accept-Encoding');
  res.type('application/json');
  if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    res.set('Content-Encoding', 'gzip');
    res.send(body.gzip);
  } else {
    res.send(body.json);
  }
}
