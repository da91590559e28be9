import mongoose from 'mongoose';
import { startTestApp, type TestApp } from '../support/test-app';
import { MIGRATIONS, pendingMigrations, runMigrations, type Migration } from '../../api/src/migrations';
import { acquireLease } from '../../api/src/runtime/lease';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const quiet = { info: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A migration that counts its runs and takes a while, so a second start arrives while it is being applied. */
function counting(id: string, runs: string[], ms = 400): Migration {
  return {
    id,
    description: `test ${id}`,
    async up() {
      runs.push(id);
      await sleep(ms);
    },
  };
}

describe('migrations', () => {
  it('migration 2 points each (citizen, item) at its newest checklist saved before the projection existed, and again is a no-op', async () => {
    const step = MIGRATIONS.find((m) => m.id === '0002-latest-checklists')!;
    const [userId, itemId, otherItem] = [new mongoose.Types.ObjectId(), new mongoose.Types.ObjectId(), new mongoose.Types.ObjectId()];
    const row = (item: mongoose.Types.ObjectId, has: string[], at: string) => ({ _id: new mongoose.Types.ObjectId(), userId, itemId: item, version: 1, has, yes: ['q'], no: [], createdAt: new Date(at) });
    const rows = [row(itemId, ['a', 'b'], '2026-11-02T00:00:00Z'), row(itemId, ['a'], '2026-11-01T00:00:00Z'), row(otherItem, [], '2026-11-03T00:00:00Z')];
    await t.db.collection('checklists').insertMany(rows);
    await step.up(quiet);
    await step.up(quiet);
    const latest = await t.db.collection('latestchecklists').find({ _id: { $in: [`${userId}|${itemId}`, `${userId}|${otherItem}`] as never[] } }).toArray();
    expect(latest.map((l) => [String(l._id).split('|')[1], String(l.checklistId), l.has, l.yes])).toEqual(
      expect.arrayContaining([
        [String(itemId), String(rows[0]._id), ['a', 'b'], ['q']],
        [String(otherItem), String(rows[2]._id), [], ['q']],
      ]),
    );
    expect(latest).toHaveLength(2);
  });
  it('records the existing steps at start (migration 1 is the legacy center settings move)', async () => {
    expect(MIGRATIONS[0].id).toBe('0001-center-settings');
    expect(await pendingMigrations()).toEqual([]);
    const rec = await t.db.collection('migrations').findOne({ _id: '0001-center-settings' as never });
    expect(rec).toMatchObject({ appliedAt: expect.any(Date), by: expect.any(String) });
  });

  it('two concurrent starts apply each migration once; the second waits for the first', async () => {
    const runs: string[] = [];
    const list = [counting('9001-a', runs), counting('9002-b', runs)];
    const order: string[] = [];
    const start = (holder: string) =>
      runMigrations(quiet, { migrations: list, holder, pollMs: 50 }).then((r) => {
        order.push(holder);
        return r;
      });
    const [one, two] = await Promise.all([start('process-1'), start('process-2')]);
    expect(runs).toEqual(['9001-a', '9002-b']);
    // Whoever took the lock applied both; the other waited (≥ the 2 × 400 ms of work) and found nothing to do.
    const [first, second] = order[0] === 'process-1' ? [one, two] : [two, one];
    expect(first.applied).toEqual(['9001-a', '9002-b']);
    expect(second.applied).toEqual([]);
    expect(second.waitedMs).toBeGreaterThanOrEqual(700);
    expect(await t.db.collection('migrations').countDocuments({ _id: { $in: ['9001-a', '9002-b'] } as never })).toBe(2);
    // A later start applies nothing again.
    expect((await runMigrations(quiet, { migrations: list, holder: 'process-3' })).applied).toEqual([]);
    expect(runs).toHaveLength(2);
    expect(await pendingMigrations(list)).toEqual([]);
  });

  it('a lock left by a process that died is taken over when it expires', async () => {
    const runs: string[] = [];
    expect(await acquireLease('migrations', 'dead-process', 500)).toBe(true);
    const started = Date.now();
    const r = await runMigrations(quiet, { migrations: [counting('9003-c', runs, 0)], holder: 'process-4', pollMs: 50 });
    expect(r.applied).toEqual(['9003-c']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('repeatable steps run at every start but are recorded once', async () => {
    const runs: string[] = [];
    const step: Migration = { ...counting('9004-r', runs, 0), repeatable: true };
    await runMigrations(quiet, { migrations: [step] });
    await runMigrations(quiet, { migrations: [step] });
    expect(runs).toEqual(['9004-r', '9004-r']);
    expect(await mongoose.connection.db!.collection('migrations').findOne({ _id: '9004-r' as never })).toMatchObject({ lastRunAt: expect.any(Date) });
  });
});
