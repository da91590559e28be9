/**
 * `npm run db:serve`: run only the built-in database — FerretDB on DB_ENGINE (sqlite files in DATA_DIR, or postgres:
 * POSTGRES_URL or a private cluster in DATA_DIR/postgres) — and print its MONGODB_URI, until Ctrl-C. For the
 * benchmarks on either engine (`MONGODB_URI=… npm run bench:booking`) and for several API processes on one database.
 */
import { loadConfig } from '../api/src/config';
import { startEmbeddedDb } from '../api/src/db/embedded';

const config = loadConfig();
const log = { info: (m: string) => process.stderr.write(`${m}\n`), debug: () => undefined };

startEmbeddedDb({ dataDir: config.DATA_DIR, port: config.EMBEDDED_DB_PORT, engine: config.DB_ENGINE, postgresUrl: config.POSTGRES_URL, log })
  .then((db) => {
    process.stdout.write(`MONGODB_URI=${db.uri}  (FerretDB 1.24.2 on ${db.engine}; Ctrl-C stops it)\n`);
    const stop = () => void db.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
