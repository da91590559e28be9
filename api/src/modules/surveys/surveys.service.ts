import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { chinaDate, type TSurveyInput, type TSurveyResponse, type TSurveyResults } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { assertManages, getCenterOr404 } from '../centers/centers.service';
import { Survey, SurveyParticipation, SurveyResponse, SurveyToken } from './survey.model';

type Question = TSurveyInput['questions'][number];
const oid = (id: string) => new Types.ObjectId(id);

async function load(id: string) {
  const s = await Survey.findById(id).lean();
  if (!s) throw AppError.notFound('问卷');
  return s;
}

function present(s: Awaited<ReturnType<typeof load>>) {
  return {
    id: String(s._id),
    centerId: String(s.centerId),
    title: s.title,
    intro: s.intro,
    questions: s.questions as Question[],
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    targetSample: s.targetSample,
    status: s.status,
  };
}

/** Check answers against the questions; messages name the question. */
function checkAnswers(questions: Question[], answers: TSurveyResponse['answers']) {
  const errors: { field: string; message: string }[] = [];
  for (const key of Object.keys(answers)) if (!questions.some((q) => q.key === key)) errors.push({ field: `answers.${key}`, message: '没有这道题' });
  for (const q of questions) {
    const a = answers[q.key];
    const field = `answers.${q.key}`;
    if (a === undefined || (typeof a === 'string' && a === '') || (Array.isArray(a) && a.length === 0)) {
      if (q.required) errors.push({ field, message: '此题必答' });
      continue;
    }
    const n = q.options?.length ?? 0;
    if (q.kind === 'single' && !(typeof a === 'number' && a < n)) errors.push({ field, message: '请选择一个选项' });
    if (q.kind === 'multi' && !(Array.isArray(a) && a.every((x) => x < n) && new Set(a).size === a.length)) errors.push({ field, message: '选项不正确' });
    if (q.kind === 'rating' && !(typeof a === 'number' && a >= 1 && a <= 5)) errors.push({ field, message: '请选择1至5' });
    if (q.kind === 'text' && typeof a !== 'string') errors.push({ field, message: '请填写文字' });
  }
  if (errors.length) throw AppError.validation(errors);
}

export function createSurveyService() {
  return {
    async create(actor: Actor, input: TSurveyInput) {
      await getCenterOr404(input.centerId);
      await assertManages(actor, input.centerId, { adminOnly: true });
      const s = await Survey.create({ ...input, centerId: oid(input.centerId), centerKey: input.centerId, status: 'draft', createdBy: oid(actor.id) });
      return present(s.toObject());
    },

    async update(actor: Actor, id: string, input: TSurveyInput) {
      const s = await load(id);
      await assertManages(actor, String(s.centerId), { adminOnly: true });
      if (s.status !== 'draft') throw new AppError('CONFLICT', '问卷已发布，不能修改（可另建新问卷）');
      if (input.centerId !== String(s.centerId)) throw AppError.validation([{ field: 'centerId', message: '不能改到其他中心' }]);
      await Survey.updateOne({ _id: s._id }, { $set: { ...input, centerId: s.centerId } });
      return present(await load(id));
    },

    async publish(actor: Actor, id: string) {
      const s = await load(id);
      await assertManages(actor, String(s.centerId), { adminOnly: true });
      await Survey.updateOne({ _id: s._id }, { $set: { status: 'published' } });
      return present(await load(id));
    },

    /** Print 评议卡: single-use, unguessable tokens. */
    async issueTokens(actor: Actor, id: string, count: number) {
      const s = await load(id);
      await assertManages(actor, String(s.centerId), { adminOnly: true });
      const tokens = Array.from({ length: count }, () => randomBytes(16).toString('base64url'));
      await SurveyToken.insertMany(tokens.map((t) => ({ _id: t, surveyId: id })));
      return { tokens: tokens.map((t) => ({ token: t, path: `/s/${id}?t=${t}` })) };
    },

    /** The questionnaire for responders (published and open today). */
    async forResponder(id: string, now = new Date()) {
      const s = await load(id);
      const today = chinaDate(now);
      if (s.status !== 'published') throw AppError.notFound('问卷');
      if (today < s.opensOn || today > s.closesOn) throw new AppError('CONFLICT', `本问卷开放时间为 ${s.opensOn} 至 ${s.closesOn}`);
      const { status: _s, ...rest } = present(s);
      return rest;
    },

    /**
     * Record a response: first the participation (unique per card or citizen), then the answers with nothing that
     * points back to who gave them.
     */
    async respond(actor: Actor | undefined, id: string, input: TSurveyResponse, now = new Date()) {
      const s = await load(id);
      await this.forResponder(id, now);
      checkAnswers(s.questions as Question[], input.answers);
      let participation: string;
      if (input.token) {
        const token = await SurveyToken.findById(input.token).lean();
        if (!token || token.surveyId !== id) throw new AppError('NOT_FOUND', '评议码无效');
        participation = `t:${input.token}`;
      } else if (actor?.role === 'citizen') {
        participation = `u:${id}:${actor.id}`;
      } else {
        throw new AppError('UNAUTHENTICATED', '请扫描评议卡上的二维码，或登录后参与');
      }
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
    },

    async results(actor: Actor, id: string): Promise<TSurveyResults> {
      const s = await load(id);
      await assertManages(actor, String(s.centerId), { adminOnly: true });
      const rows = await SurveyResponse.find({ surveyKey: id }, { answers: 1 }).lean();
      const questions = (s.questions as Question[]).map((q) => {
        const given = rows.map((r) => (r.answers as Record<string, unknown>)[q.key]).filter((a) => a !== undefined && a !== '' && !(Array.isArray(a) && a.length === 0));
        const answered = given.length;
        const share = (n: number) => (answered ? Math.round((n / answered) * 1000) / 10 : 0);
        if (q.kind === 'text') return { key: q.key, kind: q.kind, text: q.text, answered, texts: given as string[] };
        const labels = q.kind === 'rating' ? ['1', '2', '3', '4', '5'] : q.options!;
        const counts = labels.map((label, i) => {
          const v = q.kind === 'rating' ? i + 1 : i;
          const count = given.filter((a) => (Array.isArray(a) ? a.includes(v) : a === v)).length;
          return { label, count, share: share(count) };
        });
        const sum = q.kind === 'rating' ? (given as number[]).reduce((x, y) => x + y, 0) : 0;
        return { key: q.key, kind: q.kind, text: q.text, answered, counts, ...(q.kind === 'rating' && answered ? { average: Math.round((sum / answered) * 100) / 100 } : {}) };
      });
      return { surveyId: id, title: s.title, responses: rows.length, targetSample: s.targetSample, questions };
    },

    async exportXlsx(actor: Actor, id: string): Promise<Buffer> {
      const r = await this.results(actor, id);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('评议结果');
      ws.addRow([r.title]);
      ws.addRow([`有效问卷 ${r.responses} 份（目标样本 ${r.targetSample} 份）`]);
      for (const q of r.questions) {
        ws.addRow([]);
        ws.addRow([q.text, `作答 ${q.answered}`]).font = { bold: true };
        for (const c of q.counts ?? []) ws.addRow([c.label, c.count, `${c.share}%`]);
        if (q.average !== undefined) ws.addRow(['平均分', q.average]);
        for (const t of q.texts ?? []) ws.addRow([t]);
      }
      ws.getColumn(1).width = 50;
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}
export type SurveyService = ReturnType<typeof createSurveyService>;
