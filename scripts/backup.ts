/**
 * `npm run backup`: a consistent online snapshot of the built-in database (SQLite files, or pg_dump on the postgres
 * engine) into a new folder under BACKUP_DIR; prints the folder. Safe while the API runs. See api/src/db/backup.ts.
 */
import { loadConfig } from '../api/src/config';
import { backupDatabase } from '../api/src/db/backup';

const log = { info: (m: string) => process.stderr.write(`${m}\n`), debug: () => undefined };

backupDatabase(loadConfig(), log)
  .then((folder) => process.stdout.write(`${folder}\n`))
  .catch((err: unknown) => {
    process.stderr.write(`backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
