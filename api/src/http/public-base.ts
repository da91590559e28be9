import type { Request } from 'express';

/** Origin for links we hand out (share pages, QR codes): configured, or the request's own. */
export function publicBase(req: Request, configured: string | undefined): string {
  return (configured ?? `${req.protocol}://${req.get('host')}`).replace(/\/$/, '');
}
