import QRCode from 'qrcode';
import { z } from 'zod';
import { defineRoutes } from '../../http/route';

export function qrRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '二维码', jwtSecret);
  r.get('/qr.svg', { summary: '把一段短文本（如预约码）画成二维码 SVG', access: 'public', query: z.object({ text: z.string().regex(/^[A-Za-z0-9:/?&=._-]{1,200}$/, { message: '只能包含字母、数字和网址符号' }) }).strict(), returns: 'image/svg+xml' }, async ({ query, res }) => {
    res.set('Cache-Control', 'public, max-age=86400, immutable');
    res.type('image/svg+xml').send(await QRCode.toString(query.text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
  });
  return r;
}
