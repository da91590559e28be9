import { Types } from 'mongoose';
import { AgentAbsence, AgentPost } from './delegation.model';

/** Data access for AB岗 posts and agents' absences. */

const oid = (id: string) => new Types.ObjectId(id);

/** The A agent of the center's 代办 post, or B while A is away on `today`; null when the center has no post. */
export async function agentOnDuty(centerId: string, today: string): Promise<string | null> {
  const post = await AgentPost.findOne({ centerId: oid(centerId) }).lean();
  if (!post) return null;
  const away = await AgentAbsence.exists({ userId: post.a, from: { $lte: today }, to: { $gte: today } });
  return String(away ? post.b : post.a);
}

/** Set (or replace) a center's A and B agents. */
export async function savePost(centerId: string, a: string, b: string): Promise<void> {
  const existing = await AgentPost.findOne({ centerId: oid(centerId) }).lean();
  if (existing) await AgentPost.updateOne({ _id: existing._id }, { $set: { a: oid(a), b: oid(b) } });
  else await AgentPost.create({ centerId: oid(centerId), a: oid(a), b: oid(b) });
}

/** Append an absence (meeting, leave), China dates inclusive. */
export async function addAbsence(userId: string, from: string, to: string, reason: string): Promise<void> {
  await AgentAbsence.create({ userId: oid(userId), from, to, reason });
}
