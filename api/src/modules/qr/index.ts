/** QR codes drawn as SVG for short texts (booking codes, share links, the directory link on a window's card). */
export { qrRoutes } from './qr.routes';
export { qrSvg } from './qr-svg';
