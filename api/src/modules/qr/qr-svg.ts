import QRCode from 'qrcode';

/** A short text (a link, a code) drawn as an inline QR code SVG, for printable pages. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}
