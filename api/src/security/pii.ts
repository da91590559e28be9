import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Personal information at rest (个人信息保护法): ID numbers are encrypted with AES-256-GCM and looked up by a keyed
 * hash (HMAC-SHA256), so the database alone reveals neither the number nor, by brute force over the 18-digit space,
 * which number a hash belongs to.
 */
export interface Pii {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Stable keyed hash for equality lookups. */
  lookupHash(plain: string): string;
}

export function createPii(keyBase64: string): Pii {
  const master = Buffer.from(keyBase64, 'base64');
  if (master.length !== 32) throw new Error('PII_KEY must be 32 bytes, base64-encoded');
  const encKey = createHmac('sha256', master).update('bianmin:pii:enc').digest();
  const macKey = createHmac('sha256', master).update('bianmin:pii:lookup').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
    },
    decrypt(sealed) {
      const [v, iv, tag, body] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || !body) throw new Error('unreadable sealed value');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    lookupHash(plain) {
      return createHmac('sha256', macKey).update(plain).digest('base64url');
    },
  };
}
