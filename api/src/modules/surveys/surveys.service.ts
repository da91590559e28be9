import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { chinaDate, type TSurvey, type TSurveyForResponder, type TSurveyInput, type TSurveyResponse, type TSurveyResults, type TSurveyTokens } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { findCenter, getCenterOr404 } from '../centers';
import { Survey, SurveyParticipation, SurveyResponse, SurveyToken } from './survey.model';
import { surveyPolicy } from './surveys.policy';
import { checkAnswers, questionResult, type Question } from './answers';
import { resultsXlsx } from './surveys.export';

const oid = (id: string) => new Types.ObjectId(id);
type Row = NonNullable<Awaited<ReturnType<typeof findSurvey>>>;
const findSurvey = (id: string) => Survey.findById(id).lean();

async function load(id: string): Promise<Row> {
  const s = await findSurvey(id);
  if (!s) throw AppError.notFound('问卷');
  return s;
}

function present(s: Row): TSurvey {
  return {
    id: String(s._id),
    centerId: String(s.centerId),
    title: s.title,
    intro: s.intro,
    questions: s.questions as Question[],
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    targetSample: s.targetSample,
    status: s.status as TSurvey['status'],
  };
}

/** Check that the actor may manage surveys of this center (admins over it). */
async function authorizeManage(actor: Actor, centerId: string): Promise<void> {
  const c = await findCenter(centerId);
  surveyPolicy.authorize(actor, 'manage', { centerId, ancestors: c?.ancestors ?? [] }, '无权管理该服务中心的数据');
}

/** Load a survey the actor may manage. */
async function managed(actor: Actor, id: string): Promise<Row> {
  const s = await load(id);
  await authorizeManage(actor, String(s.centerId));
  return s;
}

/** A published survey open today, or the refusal a responder sees. */
function assertOpen(s: Row, now: Date): void {
  const today = chinaDate(now);
  if (s.status !== 'published') throw AppError.notFound('问卷');
  if (today < s.opensOn || today > s.closesOn) throw new AppError('CONFLICT', `本问卷开放时间为 ${s.opensOn} 至 ${s.closesOn}`);
}

/** Who takes part: a printed card's token, or a signed-in citizen (once per survey). */
async function participationKey(actor: Actor | undefined, id: string, token: string | undefined): Promise<string> {
  if (token) {
    const t = await SurveyToken.findById(token).lean();
    if (!t || t.surveyId !== id) throw new AppError('NOT_FOUND', '评议码无效');
    return `t:${token}`;
  }
  if (actor && surveyPolicy.can(actor, 'respondSignedIn', { centerId: '', ancestors: [] })) return `u:${id}:${actor.id}`;
  throw new AppError('UNAUTHENTICATED', '请扫描评议卡上的二维码，或登录后参与');
}

/** Questions as stored: 必答 decided for every question (a text question left unset is optional, 选答). */
function withRequired(input: TSurveyInput) {
  return { ...input, questions: input.questions.map((q) => ({ ...q, required: q.required ?? q.kind !== 'text' })) };
}

async function create(actor: Actor, raw: TSurveyInput): Promise<TSurvey> {
  const input = withRequired(raw);
  await getCenterOr404(input.centerId);
  await authorizeManage(actor, input.centerId);
  const s = await Survey.create({ ...input, centerId: oid(input.centerId), centerKey: input.centerId, status: 'draft', createdBy: oid(actor.id) });
  return present(s.toObject());
}

async function update(actor: Actor, id: string, raw: TSurveyInput): Promise<TSurvey> {
  const input = withRequired(raw);
  const s = await managed(actor, id);
  if (s.status !== 'draft') throw new AppError('CONFLICT', '问卷已发布，不能修改（可另建新问卷）');
  if (input.centerId !== String(s.centerId)) throw AppError.validation([{ field: 'centerId', message: '不能改到其他中心' }]);
  await Survey.updateOne({ _id: s._id }, { $set: { ...input, centerId: s.centerId } });
  return present(await load(id));
}

async function publish(actor: Actor, id: string): Promise<TSurvey> {
  const s = await managed(actor, id);
  await Survey.updateOne({ _id: s._id }, { $set: { status: 'published' } });
  return present(await load(id));
}

/** Print 评议卡: single-use, unguessable tokens. */
async function issueTokens(actor: Actor, id: string, count: number): Promise<TSurveyTokens> {
  await managed(actor, id);
  const tokens = Array.from({ length: count }, () => randomBytes(16).toString('base64url'));
  await SurveyToken.insertMany(tokens.map((t) => ({ _id: t, surveyId: id })));
  return { tokens: tokens.map((t) => ({ token: t, path: `/s/${id}?t=${t}` })) };
}

/**
 * The questionnaire for responders (published and open today). Opened with a 评议卡 token, or by a signed-in
 * citizen, it is refused at once when that card (or person) has already answered — not only at submit.
 */
async function forResponder(id: string, token?: string, actor?: Actor, now = new Date()): Promise<TSurveyForResponder> {
  const s = await load(id);
  assertOpen(s, now);
  if (token || actor) {
    const key = await participationKey(actor, id, token).catch(() => null);
    if (token && key === null) throw new AppError('NOT_FOUND', '评议码无效');
    if (key && (await SurveyParticipation.exists({ _id: key }))) {
      throw new AppError('CONFLICT', token ? '这张评议卡已经用过了，每张卡只能评议一次。谢谢您的参与！' : '您已参与过本次评议，谢谢！', undefined, { used: true });
    }
  }
  const { status: _s, ...rest } = present(s);
  return rest;
}

/**
 * Record a response: first the participation (unique per card or citizen), then the answers with nothing that
 * points back to who gave them.
 */
async function respond(actor: Actor | undefined, id: string, input: TSurveyResponse, now = new Date()): Promise<{ thanks: true }> {
  const s = await load(id);
  assertOpen(s, now);
  checkAnswers(s.questions as Question[], input.answers);
  const participation = await participationKey(actor, id, input.token);
  try {
    await SurveyParticipation.create({ _id: participation });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', input.token ? '这张评议卡已经用过了' : '您已参与过本次评议');
    throw err;
  }
  try {
    await SurveyResponse.create({ surveyKey: id, day: chinaDate(now), answers: input.answers });
  } catch (err) {
    await SurveyParticipation.deleteOne({ _id: participation });
    throw err;
  }
  return { thanks: true };
}

async function results(actor: Actor, id: string): Promise<TSurveyResults> {
  const s = await managed(actor, id);
  const rows = await SurveyResponse.find({ surveyKey: id }, { answers: 1 }).lean();
  const questions = (s.questions as Question[]).map((q) => questionResult(q, rows));
  return { surveyId: id, title: s.title, responses: rows.length, targetSample: s.targetSample, questions };
}

async function exportXlsx(actor: Actor, id: string): Promise<Buffer> {
  return resultsXlsx(await results(actor, id));
}

/** The use cases, as the app wires them. */
export function createSurveyService() {
  return { create, update, publish, issueTokens, forResponder, respond, results, exportXlsx };
}
export type SurveyService = ReturnType<typeof createSurveyService>;
