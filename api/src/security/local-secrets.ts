import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface LocalSecrets {
  JWT_SECRET: string;
  PII_KEY: string;
}

const FILE = 'secrets.json';

function readSecrets(file: string): LocalSecrets | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
    if (typeof s.JWT_SECRET === 'string' && s.JWT_SECRET.length >= 32 && typeof s.PII_KEY === 'string' && Buffer.from(s.PII_KEY, 'base64').length === 32) {
      return { JWT_SECRET: s.JWT_SECRET, PII_KEY: s.PII_KEY };
    }
    throw new Error(`${file} is damaged: remove it to generate new keys (tokens and encrypted ID numbers made with the old ones stop working)`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Keys for a deployment that configured none (development, tests, a demo): generated at random on first start and
 * kept in the data folder, readable only by the owner (mode 600), so the same data keeps working across restarts and
 * processes. Nothing in the repository is ever a usable key. Production never comes here: it must configure both.
 * Two processes starting at once agree: the file is created exclusively and the loser reads the winner's.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, FILE);
  const existing = readSecrets(file);
  if (existing) return existing;
  fs.mkdirSync(dataDir, { recursive: true });
  const fresh: LocalSecrets = { JWT_SECRET: randomBytes(48).toString('base64url'), PII_KEY: randomBytes(32).toString('base64') };
  try {
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readSecrets(file) ?? fresh;
  }
  return fresh;
}
