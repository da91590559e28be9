/** Build (or find cached) the embedded FerretDB launcher: `npm run db:build`. CI runs it before the tests. */
import { ensureLauncher } from './embedded';

const started = Date.now();
// eslint-disable-next-line no-console
const log = { info: (m: string) => console.log(m), debug: () => undefined };
const bin = ensureLauncher(log);
log.info(`embedded database launcher ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${bin}`);
