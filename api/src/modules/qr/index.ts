/** QR codes drawn as SVG for short texts (booking codes, share links). */
export { qrRoutes } from './qr.routes';
