import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../support/test-app';
import { appendEntry, entryIdOf, verifyCase, verifyCenters } from '../../api/src/modules/delegations/ledger.service';

/**
 * Ledger verification from checkpoints (issue 12, part 3): after a checkpoint, the entries appended since are found
 * by the `_id` their place in the chain gives them, and a change to any of them, or a missing one, still breaks the
 * verify — incremental as well as full.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const center = String(new Types.ObjectId());
const actor = String(new Types.ObjectId());
const append = (caseId: string, i: number) => appendEntry({ caseId, centerId: center, actorId: actor, actorRole: 'agent', type: 'note', data: { text: `记录${i}` } });
const entries = () => t.db.collection('ledgerentries');

async function caseWith(n: number): Promise<string> {
  const caseId = String(new Types.ObjectId());
  for (let i = 0; i < n; i++) await append(caseId, i);
  return caseId;
}

describe('ledger checkpoints', () => {
  it('when entries are appended, then each is stored under the id of its place in the chain', async () => {
    const caseId = await caseWith(3);
    const rows = await entries().find({ caseKey: caseId }).sort({ seq: 1 }).toArray();
    expect(rows.map((r) => String(r._id))).toEqual([1, 2, 3].map((seq) => String(entryIdOf(caseId, seq))));
  });

  it('when entries are appended after a checkpoint, then the verify from it counts them and moves the checkpoint', async () => {
    const caseId = await caseWith(5);
    expect(await verifyCase(caseId)).toEqual({ ok: true, entries: 5 });
    for (let i = 5; i < 12; i++) await append(caseId, i);
    expect(await verifyCase(caseId)).toEqual({ ok: true, entries: 12 });
    expect(await t.db.collection('ledgercheckpoints').findOne({ _id: caseId as never })).toMatchObject({ seq: 12 });
    expect(await verifyCase(caseId)).toEqual({ ok: true, entries: 12 });
  });

  it('when an entry after the checkpoint is changed, then the verify from the checkpoint names it', async () => {
    const caseId = await caseWith(4);
    await verifyCase(caseId);
    for (let i = 4; i < 8; i++) await append(caseId, i);
    await entries().updateOne({ _id: entryIdOf(caseId, 6) }, { $set: { 'data.text': '改过' } });
    expect(await verifyCase(caseId)).toMatchObject({ ok: false, broken: { caseId, seq: 6, reason: 'hash' } });
    // Still pending: the next verify looks again and finds the same.
    expect(await verifyCase(caseId)).toMatchObject({ ok: false, broken: { caseId, seq: 6 } });
  });

  it('when an entry after the checkpoint is removed, then the verify reports the break in the sequence', async () => {
    const caseId = await caseWith(3);
    await verifyCase(caseId);
    for (let i = 3; i < 9; i++) await append(caseId, i);
    await entries().deleteOne({ _id: entryIdOf(caseId, 5) });
    expect(await verifyCase(caseId)).toMatchObject({ ok: false, broken: { caseId, seq: 6, reason: 'sequence' } });
    expect(await verifyCase(caseId, { full: true })).toMatchObject({ ok: false, broken: { caseId, seq: 6, reason: 'sequence' } });
  });

  it('when a center is verified incrementally after appends to new and checkpointed cases, then every entry counts', async () => {
    const a = await caseWith(4);
    await verifyCenters([center]);
    const b = await caseWith(3);
    for (let i = 4; i < 6; i++) await append(a, i);
    const inc = await verifyCenters([center]);
    const full = await verifyCenters([center], { full: true });
    expect(inc.entries).toBe(full.entries);
    expect(inc.ok).toBe(full.ok);
    expect(await verifyCase(a)).toEqual({ ok: true, entries: 6 });
    expect(await verifyCase(b)).toEqual({ ok: true, entries: 3 });
  });
});
