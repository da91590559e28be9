import { z } from 'zod';
import {
  CASE_STATES,
  CHAIN_STAGE_KEYS,
  ZAgentAbsence,
  ZAgentList,
  ZAgentPost,
  ZCaseLapse,
  ZCaseLapseList,
  ZCaseStep,
  ZLapseDecision,
  ZLedgerExport,
  ZCenterLedgerVerify,
  ZChainDaysAnswer,
  ZDate,
  ZDelegationCase,
  ZDelegationCreate,
  ZDelegationList,
  ZFollowUpSample,
  ZLedgerList,
  ZLedgerVerify,
  ZObjectId,
  ZPendingCaseLapseList,
  ZStepAnswer,
} from '@bianmin/shared';
import { ZNoticeFormatQuery } from '@bianmin/shared';
import { publicBase } from '../../http/public-base';
import { XLSX, defineRoutes } from '../../http/route';
import { renderCard } from './card';
import { ledgerRows, toCsv, toXlsx } from './export';
import type { DelegationService } from './delegations.service';

const ZId = z.object({ id: ZObjectId }).strict();
const ZExportQuery = z.object({ centerId: ZObjectId, format: z.enum(['xlsx', 'csv']).default('xlsx'), agentId: ZObjectId.optional(), from: ZDate.optional(), to: ZDate.optional(), state: z.enum(CASE_STATES).optional() }).strict();
const ZStageDays = z.partialRecord(z.enum(CHAIN_STAGE_KEYS), z.number().int().min(1).max(60));

export function delegationRoutes(cases: DelegationService, jwtSecret: string, publicBaseUrl?: string) {
  const r = defineRoutes('/api/delegations', '帮办代办', jwtSecret);
  r.post('', { summary: '申请帮办、代办或上门服务（群众本人/家属，或村代办员代群众）', access: ['citizen', 'agent'], body: ZDelegationCreate, returns: ZDelegationCase }, async ({ actor, body, res }) => {
    res.status(201).json(await cases.request(actor, body));
  });
  r.get('', { summary: '我的代办件（群众：本人的；代办员：本中心和本人的；管理员：本中心及下级）', access: 'any', query: z.object({ due: z.enum(['soon', 'overdue']).optional(), state: z.enum(CASE_STATES).optional() }).strict(), returns: ZDelegationList }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.list(actor, query));
  });
  r.get('/:id', { summary: '一件代办件及其各环节时限', access: 'any', params: ZId, returns: ZDelegationCase }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.get(actor, params.id));
  });
  r.get('/:id/card', { summary: '打印跟踪卡（A4 或 80 毫米小票）：编号、事项、申请人（脱敏）、代办员及工号、承诺办结日、各环节时限和进度二维码', access: 'any', params: ZId, query: ZNoticeFormatQuery, returns: 'text/html' }, async ({ actor, params, query, req, res }) => {
    const card = await cases.card(actor, params.id);
    res.set('Cache-Control', 'private, no-store');
    res.type('html').send(await renderCard(card, query.format, publicBase(req, publicBaseUrl)));
  });
  r.post('/:id/steps', { summary: '登记一步（受理、委托、交接、流转、补正、中止/续办、收费、送达、办结、回访、备注、更正）；带 clientKey 可安全重发', access: 'any', params: ZId, body: ZCaseStep, returns: ZStepAnswer }, async ({ actor, params, body, res }) => {
    const out = await cases.act(actor, params.id, body);
    res.status(out.replay ? 200 : 201).json(out);
  });
  r.get('/:id/ledger', { summary: '台账记录（只增不改，哈希链）', access: 'any', params: ZId, returns: ZLedgerList }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.ledger(actor, params.id));
  });
  r.get('/:id/lapses', { summary: '此件的失误（超期）记录及确认状态', access: ['agent', 'staff', 'admin', 'supervisor'], params: ZId, returns: ZCaseLapseList }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.lapses(actor, params.id));
  });
  r.post('/:id/lapses/decide', { summary: '确认或撤销（须写理由）一条待确认的失误：督查人员，本县未设督查时由县中心管理员', access: ['admin', 'supervisor'], params: ZId, body: ZLapseDecision, returns: ZCaseLapse }, async ({ actor, params, body, res }) => {
    res.json(await cases.decideLapse(actor, params.id, body));
  });
  r.get('/:id/ledger/verify', { summary: '校验台账哈希链，指出第一条被改动的记录', access: ['agent', 'staff', 'admin'], params: ZId, returns: ZLedgerVerify }, async ({ actor, params, res }) => {
    res.json(await cases.verify(actor, params.id));
  });
  return r;
}

export function adminDelegationRoutes(cases: DelegationService, jwtSecret: string) {
  const r = defineRoutes('/api/admin', '帮办代办管理', jwtSecret);
  r.get('/ledger/verify', { summary: '校验本中心及下级全部台账', access: ['admin'], query: z.object({ centerId: ZObjectId }).strict(), returns: ZCenterLedgerVerify }, async ({ actor, query, res }) => {
    res.json(await cases.verifyCenter(actor, query.centerId));
  });
  r.get(
    '/delegations/export',
    {
      summary: '导出代办台账（Excel，format=csv 时为 CSV；电话已脱敏）',
      access: ['admin'],
      returns: XLSX,
      query: ZExportQuery,
    },
    async ({ actor, query, res }) => {
      const { format, ...filter } = query;
      const rows = await ledgerRows(actor, filter);
      const name = `daiban-taizhang-${filter.from ?? 'all'}-${filter.to ?? 'now'}`;
      res.set('Cache-Control', 'private, no-store');
      if (format === 'csv') {
        res.set('Content-Disposition', `attachment; filename="${name}.csv"`).type('text/csv; charset=utf-8').send(toCsv(rows));
      } else {
        res.set('Content-Disposition', `attachment; filename="${name}.xlsx"`)
          .type(XLSX)
          .send(await toXlsx(rows, '帮办代办台账'));
      }
    },
  );
  r.get('/delegations/ledger', { summary: '代办台账数据（与导出的 Excel、CSV 逐格一致）', access: ['admin'], query: ZExportQuery.omit({ format: true }), returns: ZLedgerExport }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.ledgerExport(actor, query));
  });
  r.get('/delegations/lapses', { summary: '本中心及下级待确认的代办失误（本县未设督查人员时由县中心管理员确认或撤销）', access: ['admin'], returns: ZPendingCaseLapseList }, async ({ actor, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.pendingLapses(actor));
  });
  r.get('/delegations/follow-up-sample', { summary: '抽取某月已办结件的回访样本', access: ['admin'], query: z.object({ centerId: ZObjectId, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM' }), share: z.coerce.number().min(0.01).max(1).default(0.2) }).strict(), returns: ZFollowUpSample }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.followUpSample(actor, query.centerId, query.month, query.share));
  });
  r.put('/centers/:id/chain-days', { summary: '全程代理各环节时限（工作日，县级设置）', access: ['admin'], params: ZId, body: z.object({ chainDays: z.object({ three: ZStageDays.optional(), two: ZStageDays.optional() }).strict() }).strict(), returns: ZChainDaysAnswer }, async ({ actor, params, body, res }) => {
    res.json(await cases.setChainDays(actor, params.id, body.chainDays));
  });
  r.get('/agents', { summary: '本中心及下级的代办员（用于指派）；scope=county 时为本县全部代办员（用于改派）', access: ['admin'], query: z.object({ centerId: ZObjectId, scope: z.enum(['subtree', 'county']).default('subtree') }).strict(), returns: ZAgentList }, async ({ actor, query, res }) => {
    res.json(await cases.listAgents(actor, query.centerId, query.scope));
  });
  r.put('/agent-posts/:id', { summary: '设置中心代办AB岗', access: ['admin'], params: ZId, body: z.object({ a: ZObjectId, b: ZObjectId }).strict(), returns: ZAgentPost }, async ({ actor, params, body, res }) => {
    res.json(await cases.setPost(actor, params.id, body.a, body.b));
  });
  return r;
}

export function agentRoutes(cases: DelegationService, jwtSecret: string) {
  const r = defineRoutes('/api/agent', '帮办代办', jwtSecret);
  r.post('/absences', { summary: '登记外出（会议、请假），期间由B岗接件', access: ['agent'], body: z.object({ from: ZDate, to: ZDate, reason: z.string().trim().max(100).default('') }).strict().refine((v) => v.from <= v.to, { message: '结束日期不能早于开始日期', path: ['to'] }), returns: ZAgentAbsence }, async ({ actor, body, res }) => {
    res.status(201).json(await cases.recordAbsence(actor, body.from, body.to, body.reason));
  });
  return r;
}
