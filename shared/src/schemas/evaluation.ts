import { z } from 'zod';
import { ZObjectId } from './common';
import { RATING_DIMENSIONS, RECTIFICATION_STEPS } from '../constants/evaluation';

const ZLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], { message: '评价等级为1至5' });
const ZDims = z.object(Object.fromEntries(RATING_DIMENSIONS.map((d) => [d, ZLevel])) as Record<(typeof RATING_DIMENSIONS)[number], typeof ZLevel>).strict();

/** What was served: a booking (一次一评 on site) or a finished 代办 case (一事一评). */
export const ZRatingSubject = z.object({ kind: z.enum(['booking', 'case']), id: ZObjectId }).strict();

export const ZRatingCreate = z
  .object({ subject: ZRatingSubject, level: ZLevel, dims: ZDims, comment: z.string().trim().max(500).optional() })
  .strict();
export type TRatingCreate = z.infer<typeof ZRatingCreate>;

/** From a printed or kiosk card: the single-use token stands in for sign-in. */
export const ZRatingByCard = z
  .object({ token: z.string().regex(/^[A-Za-z0-9_-]{22}$/, { message: '评价码无效' }), level: ZLevel, dims: ZDims, comment: z.string().trim().max(500).optional() })
  .strict();

export const ZRectificationStep = z.object({ action: z.enum(RECTIFICATION_STEPS), note: z.string().trim().min(2).max(500) }).strict();
export const ZRectificationFeedback = z.object({ satisfied: z.boolean(), note: z.string().trim().max(500).optional() }).strict();
export const ZAppeal = z.object({ reason: z.string().trim().min(5, { message: '请写明申诉理由' }).max(1000) }).strict();
export const ZAppealDecision = z.object({ decision: z.enum(['upheld', 'rejected']), reason: z.string().trim().min(5, { message: '请写明复核理由' }).max(1000) }).strict();

export interface TRating {
  id: string;
  subject: { kind: 'booking' | 'case'; id: string };
  level: 1 | 2 | 3 | 4 | 5;
  dims: Record<(typeof RATING_DIMENSIONS)[number], number>;
  comment?: string;
  channel: 'online' | 'card';
  itemName: string;
  centerId: string;
  ratedAt: string;
  /** An upheld appeal keeps the rating on record but out of the scores. */
  excluded: boolean;
  rectification?: {
    status: 'open' | 'contact' | 'verify' | 'rectify' | 'reply' | 'closed';
    contactDue: string;
    rectifyDue: string;
    steps: { action: string; note: string; at: string }[];
    citizenSatisfied?: boolean;
  };
  appeal?: { status: 'pending' | 'upheld' | 'rejected'; reason: string; decisionReason?: string };
}
