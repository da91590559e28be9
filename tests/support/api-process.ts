import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import mongoose from 'mongoose';
import { freePort } from '../../api/src/db/embedded';
import type { TestApp } from './test-app';

export interface ApiProcess {
  child: ChildProcess;
  url: string;
}

/**
 * Another API process on the test's database: the real server entry point with its own connection pool and no
 * jobs, for tests of several processes or of a process killed mid-request. Resolves once /api/health answers.
 */
export async function startApiProcess(t: TestApp): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../api/src/server.ts')], {
    env: {
      ...process.env,
      MONGODB_URI: process.env.TEST_MONGODB_URI,
      DB_NAME: mongoose.connection.db!.databaseName,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      JOBS: 'false',
      RATE_LIMIT_PER_MIN: '1000000',
      JWT_SECRET: t.config.JWT_SECRET,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false)) return { child, url };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('API process did not start');
}
