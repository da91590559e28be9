// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- pngjs ships no types; this declaration must load wherever photo.ts is compiled (api and tests).
/// <reference path="./pngjs.d.ts" />
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { STAFF_PHOTO_MAX_BYTES, STAFF_PHOTO_MAX_SIDE } from '@bianmin/shared';
import { AppError } from '../../http/errors';

export interface Photo {
  type: 'image/jpeg' | 'image/png';
  data: Buffer;
}

const bad = (message: string) => AppError.validation([{ field: 'photo', message }]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function checkSides(width: number, height: number) {
  if (!width || !height || width > STAFF_PHOTO_MAX_SIDE || height > STAFF_PHOTO_MAX_SIDE) throw bad(`照片尺寸须在${STAFF_PHOTO_MAX_SIDE}像素以内`);
}

/**
 * Accept a JPEG or PNG of at most 2 MB and re-encode it from its pixels: what is stored is a fresh image with no
 * EXIF (location, device) and nothing a crafted file could smuggle through. Decided by the bytes, never by the
 * declared content type.
 */
export function reencodePhoto(input: unknown): Photo {
  if (!Buffer.isBuffer(input) || input.length === 0) throw bad('请上传 JPEG 或 PNG 照片');
  if (input.length > STAFF_PHOTO_MAX_BYTES) throw bad('照片不能超过2MB');
  if (input.subarray(0, 3).equals(JPEG_MAGIC)) {
    let img: { width: number; height: number; data: Buffer };
    try {
      img = jpeg.decode(input, { maxResolutionInMP: 17, maxMemoryUsageInMB: 128, formatAsRGBA: true });
    } catch {
      throw bad('照片文件无法读取');
    }
    checkSides(img.width, img.height);
    return { type: 'image/jpeg', data: jpeg.encode({ data: img.data, width: img.width, height: img.height }, 85).data };
  }
  if (input.subarray(0, 8).equals(PNG_MAGIC)) {
    let png: PNG;
    try {
      png = PNG.sync.read(input);
    } catch {
      throw bad('照片文件无法读取');
    }
    checkSides(png.width, png.height);
    return { type: 'image/png', data: PNG.sync.write(png) };
  }
  throw bad('仅支持 JPEG 或 PNG 照片');
}
