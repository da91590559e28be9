import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../support/test-app';
import { appendEntry, entryHash, entryIdOf, genesisHash, verifyCase, verifyCenters } from '../../api/src/modules/delegations/ledger.service';

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
const append = (caseId: string, i: number, centerId = center) => appendEntry({ caseId, centerId, actorId: actor, actorRole: 'agent', type: 'note', data: { text: `记录${i}` } });
const entries = () => t.db.collection('ledgerentries');

async function caseWith(n: number, centerId = center): Promise<string> {
  const caseId = String(new Types.ObjectId());
  for (let i = 0; i < n; i++) await append(caseId, i, centerId);
  return caseId;
}

/** An entry written straight into the store after `seq - 1` (as another process, or an attacker, would). */
async function storeDirectly(caseId: string, seq: number, prevHash: string, centerId = center) {
  const e = { caseId: new Types.ObjectId(caseId), seq, centerId: new Types.ObjectId(centerId), actorId: new Types.ObjectId(actor), actorRole: 'agent', type: 'note', data: { text: '另一进程' }, at: new Date(), clientAt: null, idem: `s:${caseId}:${seq}`, corrects: null, prevHash };
  await entries().insertOne({ ...e, _id: entryIdOf(caseId, seq), caseKey: caseId, centerKey: centerId, hash: entryHash(e) });
}
const hashOf = async (caseId: string, seq: number) => String((await entries().findOne({ _id: entryIdOf(caseId, seq) }))!.hash);

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

  it('when the last entry appended after the checkpoint is removed, then the verify from it reports that entry missing', async () => {
    const caseId = await caseWith(3);
    await verifyCase(caseId);
    for (let i = 3; i < 6; i++) await append(caseId, i);
    await entries().deleteOne({ _id: entryIdOf(caseId, 6) });
    expect(await verifyCase(caseId)).toMatchObject({ ok: false, broken: { caseId, seq: 6, reason: 'sequence' } });
    expect(await verifyCase(caseId)).toMatchObject({ ok: false, broken: { caseId, seq: 6, reason: 'sequence' } });
  });

  it('when the checkpoint entry itself is removed, then the verify from the checkpoint breaks there', async () => {
    const caseId = await caseWith(4);
    await verifyCase(caseId);
    await entries().deleteOne({ _id: entryIdOf(caseId, 4) });
    expect(await verifyCase(caseId)).toMatchObject({ ok: false, broken: { caseId, seq: 4, reason: 'sequence' } });
    await append(caseId, 4);
    expect(await verifyCase(caseId)).toMatchObject({ ok: false, broken: { caseId, seq: 4 } });
  });

  it('when another process appended after this one last did, then the next append lands after its entry and the chain holds', async () => {
    const caseId = await caseWith(3);
    await storeDirectly(caseId, 4, await hashOf(caseId, 3));
    const { entry } = await append(caseId, 9);
    expect(entry.seq).toBe(5);
    expect(entry.prevHash).toBe(await hashOf(caseId, 4));
    expect(await verifyCase(caseId)).toEqual({ ok: true, entries: 5 });
    expect(await verifyCase(caseId, { full: true })).toEqual({ ok: true, entries: 5 });
  });

  it('when a client step is sent again, then the entry stored the first time comes back and is stored once', async () => {
    const caseId = await caseWith(2);
    const step = { caseId, centerId: center, actorId: actor, actorRole: 'agent', type: 'note', data: { text: '离线' }, clientKey: 'k-1' };
    const first = await appendEntry(step);
    await append(caseId, 3);
    const again = await appendEntry(step);
    expect(again).toMatchObject({ replay: true, entry: { seq: first.entry.seq, hash: first.entry.hash } });
    expect(await entries().countDocuments({ caseKey: caseId })).toBe(4);
    expect(await verifyCase(caseId)).toEqual({ ok: true, entries: 4 });
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

/**
 * The full verify (`{ full: true }`) ignores checkpoints and reads every entry again: tampering with history already
 * verified — below the checkpoint, where the verify from it does not look — is still found.
 */
describe('full verify after checkpoints', () => {
  const audited = String(new Types.ObjectId());
  async function verified(n: number): Promise<string> {
    const caseId = await caseWith(n, audited);
    expect(await verifyCase(caseId)).toEqual({ ok: true, entries: n });
    return caseId;
  }

  it('when an entry\'s data is changed, then the full verify names it', async () => {
    const caseId = await verified(4);
    await entries().updateOne({ _id: entryIdOf(caseId, 2) }, { $set: { 'data.text': '改过' } });
    expect(await verifyCase(caseId, { full: true })).toMatchObject({ ok: false, broken: { caseId, seq: 2, reason: 'hash' } });
  });

  it('when an entry\'s hash is replaced, then the full verify names it', async () => {
    const caseId = await verified(4);
    await entries().updateOne({ _id: entryIdOf(caseId, 3) }, { $set: { hash: 'f'.repeat(64) } });
    expect(await verifyCase(caseId, { full: true })).toMatchObject({ ok: false, broken: { caseId, seq: 3, reason: 'hash' } });
  });

  it('when an entry is deleted, then the full verify reports the break in the sequence', async () => {
    const caseId = await verified(4);
    await entries().deleteOne({ _id: entryIdOf(caseId, 2) });
    expect(await verifyCase(caseId, { full: true })).toMatchObject({ ok: false, broken: { caseId, seq: 3, reason: 'sequence' } });
  });

  it('when an entry is inserted at the end without the chain, then the full verify names it', async () => {
    const caseId = await verified(3);
    await storeDirectly(caseId, 4, 'e'.repeat(64), audited);
    expect(await verifyCase(caseId, { full: true })).toMatchObject({ ok: false, broken: { caseId, seq: 4, reason: 'prevHash' } });
  });

  it('when an entry is swapped for one rebuilt with a valid hash, then the next entry no longer links to it', async () => {
    const caseId = await verified(4);
    await entries().deleteOne({ _id: entryIdOf(caseId, 2) });
    await storeDirectly(caseId, 2, await hashOf(caseId, 1), audited);
    expect(await verifyCase(caseId, { full: true })).toMatchObject({ ok: false, broken: { caseId, seq: 3, reason: 'prevHash' } });
  });

  it('when history below the checkpoints was changed, then the center\'s full verify finds it', async () => {
    expect(await verifyCenters([audited], { full: true })).toMatchObject({ ok: false, broken: { reason: expect.any(String) } });
  });
});

/**
 * A center's verify from its checkpoints reads only its pending cases: by id while that is cheap, in one pass over the
 * center's entries for cases a walk does not suit (no mark of how far they reach, or far more than a walk should
 * read). Either way it must agree with the full verify.
 */
describe('center verify from checkpoints', () => {
  async function verifiedCenter(): Promise<string> {
    const c = String(new Types.ObjectId());
    expect(await verifyCenters([c])).toEqual({ ok: true, entries: 0, cases: 0 });
    return c;
  }
  /** n entries of a new case written straight into the store, as an import would. */
  async function imported(n: number, centerId: string): Promise<string> {
    const caseId = String(new Types.ObjectId());
    await storeDirectly(caseId, 1, genesisHash(caseId), centerId);
    for (let seq = 2; seq <= n; seq++) await storeDirectly(caseId, seq, await hashOf(caseId, seq - 1), centerId);
    return caseId;
  }
  const pendingMarks = () => t.db.collection('ledgerpendings');

  it('when new and checkpointed cases are appended to, then the verify from the checkpoints counts what the full verify counts', async () => {
    const c = await verifiedCenter();
    const a = await caseWith(5, c);
    await verifyCenters([c]);
    for (let i = 5; i < 9; i++) await append(a, i, c);
    const b = await caseWith(12, c);
    const inc = await verifyCenters([c]);
    expect(inc).toEqual({ ok: true, entries: 21, cases: 2 });
    expect(await verifyCenters([c], { full: true })).toEqual(inc);
    expect(await pendingMarks().countDocuments({ centerKey: c })).toBe(0);
    expect(await verifyCenters([c])).toEqual(inc);
    expect(await verifyCase(b)).toEqual({ ok: true, entries: 12 });
  });

  it('when an entry of a pending case is missing, then the verify from the checkpoints reports it, and again until repaired', async () => {
    const c = await verifiedCenter();
    const a = await caseWith(3, c);
    await verifyCenters([c]);
    for (let i = 3; i < 7; i++) await append(a, i, c);
    await entries().deleteOne({ _id: entryIdOf(a, 5) });
    expect(await verifyCenters([c])).toMatchObject({ ok: false, broken: { caseId: a, seq: 6, reason: 'sequence' } });
    expect(await verifyCenters([c])).toMatchObject({ ok: false, broken: { caseId: a, seq: 6 } });
    expect(await verifyCenters([c], { full: true })).toMatchObject({ ok: false, broken: { caseId: a, seq: 6 } });
  });

  it('when a pending case has no mark of how far it reaches, then it is read in one pass and judged the same', async () => {
    const c = await verifiedCenter();
    const good = await imported(4, c);
    const bad = await imported(3, c);
    await entries().updateOne({ _id: entryIdOf(bad, 2) }, { $set: { 'data.text': '改过' } });
    await pendingMarks().insertMany([{ _id: good as never, centerKey: c }, { _id: bad as never, centerKey: c }]);
    expect(await verifyCenters([c])).toMatchObject({ ok: false, entries: 7, cases: 2, broken: { caseId: bad, seq: 2, reason: 'hash' } });
    expect(await verifyCase(good)).toEqual({ ok: true, entries: 4 });
  });

  it('when a pending case reaches far past its checkpoint, then it is read in one pass and counts every entry', async () => {
    const c = await verifiedCenter();
    const big = await imported(300, c);
    await pendingMarks().insertOne({ _id: big as never, centerKey: c, seq: 300 });
    expect(await verifyCenters([c])).toEqual({ ok: true, entries: 300, cases: 1 });
    expect(await t.db.collection('ledgercheckpoints').findOne({ _id: big as never })).toMatchObject({ seq: 300 });
  });
});
