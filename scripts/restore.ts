/**
 * `npm run restore -- <backup folder> [--force]`: restore a backup made by `npm run backup` into the configured
 * built-in database (same DB_ENGINE, DATA_DIR / POSTGRES_URL). Stop the API first; an existing database is replaced
 * only with --force. See api/src/db/backup.ts.
 */
import { loadConfig } from '../api/src/config';
import { restoreDatabase } from '../api/src/db/backup';

const args = process.argv.slice(2);
const force = args.includes('--force');
const folders = args.filter((a) => !a.startsWith('--'));
const log = { info: (m: string) => process.stderr.write(`${m}\n`), debug: () => undefined };

if (folders.length !== 1) {
  process.stderr.write('usage: npm run restore -- <backup folder> [--force]\n');
  process.exit(2);
}
restoreDatabase(loadConfig(), folders[0], log, { force }).catch((err: unknown) => {
  process.stderr.write(`restore failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
