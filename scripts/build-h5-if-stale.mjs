// Build the H5 app only when it is missing or older than its sources (miniapp/, shared/), so later `npm start`s
// take seconds instead of a webpack run. `npm run build:h5` always builds.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const built = path.join(root, 'miniapp', 'dist', 'h5', 'index.html');
/**
 * The sources' newest time that the last build here started from. The build's own output time is not enough: a file
 * saved while webpack was running is older than index.html yet not in the build.
 */
const stamp = path.join(root, 'miniapp', 'dist', 'h5-sources-at.json');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const sources = () => Math.max(newest(path.join(root, 'miniapp')), newest(path.join(root, 'shared')));
const sourcesAt = sources();
const builtFrom = (() => {
  if (!fs.existsSync(built)) return 0;
  try {
    return JSON.parse(fs.readFileSync(stamp, 'utf8')).sourcesAt ?? 0;
  } catch {
    // Built by `npm run build:h5` directly: trust the output's time.
    return fs.statSync(built).mtimeMs;
  }
})();
if (builtFrom >= sourcesAt) {
  console.log('H5 app is up to date (miniapp/dist/h5); skipping the build.');
} else {
  // Say why the first start takes a while; the build itself prints no progress bar when not on a terminal.
  console.log('Building the H5 app (miniapp/dist/h5) — a few minutes on the first start, skipped later while sources are unchanged…');
  fs.rmSync(stamp, { force: true });
  execSync('npm run build:h5', { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, JSON.stringify({ sourcesAt }));
}
