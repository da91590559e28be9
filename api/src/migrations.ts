import { migrateLegacyCenterSettings } from './modules/centers';

/**
 * Data migrations run at start, after indexes are built and before requests are served. Each step is idempotent:
 * running it twice, or in two processes at once, leaves the same data.
 */
export async function runMigrations(log: { info: (o: object, m: string) => void }): Promise<void> {
  const centers = await migrateLegacyCenterSettings();
  if (centers) log.info({ centers }, 'moved legacy center settings into typed settings');
}
