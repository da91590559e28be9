import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import {
  CASH_FEE_LIMIT_FEN,
  CASE_ACTIONS,
  canDo,
  chinaDate,
  daysLate,
  maskPhone,
  planChain,
  stageDue,
  type TCaseAction,
  type TCaseState,
  type TCaseStep,
  type TDelegationCase,
  type TDelegationCreate,
  type TLedgerEntry,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import type { Pii } from '../../security/pii';
import { randomCode } from '../../security/codes';
import { User } from '../auth/auth.model';
import { Center } from '../centers/center.model';
import { assertManages, subtreeIds } from '../centers/centers.service';
import { calendarFor } from '../calendar/calendar.service';
import { getPublished } from '../service-items/service-items.service';
import { Lapse } from '../queue/queue.model';
import { AgentAbsence, AgentPost, CaseTransition, Delegation } from './delegation.model';
import { LedgerEntry } from './ledger.model';
import { appendEntry, verifyCase, verifyCenters, type LedgerEntryRow } from './ledger.service';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));

type Stage = { key: string; name: string; days: number; startedOn?: string; dueOn?: string; completedOn?: string; lateDays?: number };
type CaseRow = {
  _id: Types.ObjectId;
  code: string;
  mode: 'help' | 'delegate' | 'home';
  state: TCaseState;
  pausedState: TCaseState | null;
  version: number;
  requestedBy: Types.ObjectId;
  citizenId: Types.ObjectId | null;
  personName: string;
  personIdEnc: string | null;
  personPhone: string;
  home: { reason: string; address: string; preferredTime: string } | null;
  itemId: Types.ObjectId;
  itemName: string;
  centerId: Types.ObjectId;
  centerPath: Types.ObjectId[];
  agentId: Types.ObjectId | null;
  authorized: boolean;
  handoverConfirmed?: boolean;
  deliveryConfirmed?: boolean;
  note?: string;
  stages: Stage[];
  stageIndex: number;
  missing: string[];
  handover?: string;
  result: string;
  completedOn: string | null;
  createdAt: Date;
};

/** Who may see and act on a case. */
async function access(actor: Actor, c: CaseRow): Promise<'citizen' | 'handler' | 'admin' | null> {
  if (actor.role === 'citizen') return String(c.citizenId) === actor.id || String(c.requestedBy) === actor.id ? 'citizen' : null;
  if (!actor.centerId) return null;
  if (actor.role === 'agent' || actor.role === 'staff') {
    return String(c.agentId) === actor.id || c.centerPath.some((p) => String(p) === actor.centerId) ? 'handler' : null;
  }
  const mine = new Set((await subtreeIds(actor.centerId)).map(String));
  return c.centerPath.some((p) => mine.has(String(p))) ? 'admin' : null;
}

/** Which actions each kind of viewer may take (the state machine decides when). */
const CITIZEN_ACTIONS: TCaseAction[] = ['authorize', 'confirm_delivery', 'withdraw'];
const ADMIN_ACTIONS: TCaseAction[] = ['accept', 'reassign', 'refuse'];
const HANDLER_ACTIONS: TCaseAction[] = ['accept', 'authorize', 'handover', 'advance', 'request_correction', 'complete_correction', 'suspend', 'resume', 'deliver', 'complete', 'follow_up', 'refuse'];


export function createDelegationService(deps: { pii: Pii }) {
  async function present(c: CaseRow, actor: Actor, role: 'citizen' | 'handler' | 'admin'): Promise<TDelegationCase> {
    const [center, agent] = await Promise.all([Center.findById(c.centerId, { name: 1 }).lean(), c.agentId ? User.findById(c.agentId, { name: 1 }).lean() : null]);
    const handlesIt = role === 'handler' && String(c.agentId) === actor.id;
    const seesFull = handlesIt || role === 'citizen';
    const allowed = role === 'citizen' ? CITIZEN_ACTIONS : role === 'handler' ? HANDLER_ACTIONS : ADMIN_ACTIONS;
    const running = c.stageIndex >= 0 && c.stageIndex < c.stages.length ? c.stages[c.stageIndex] : undefined;
    return {
      id: String(c._id),
      code: c.code,
      mode: c.mode,
      state: c.state,
      itemId: String(c.itemId),
      itemName: c.itemName,
      centerId: String(c.centerId),
      centerName: center?.name ?? '',
      personName: c.personName,
      personPhone: seesFull ? c.personPhone : maskPhone(c.personPhone),
      ...(handlesIt && c.personIdEnc ? { personIdNumber: deps.pii.decrypt(c.personIdEnc) } : {}),
      agentId: c.agentId ? String(c.agentId) : null,
      agentName: agent?.name ?? null,
      authorized: c.authorized,
      ...(c.home ? { home: c.home } : {}),
      ...(c.note ? { note: c.note } : {}),
      handoverConfirmed: c.handoverConfirmed === true,
      deliveryConfirmed: c.deliveryConfirmed === true,
      stages: c.stages.map((s) => ({ key: s.key, name: s.name, days: s.days, ...(s.startedOn ? { startedOn: s.startedOn } : {}), ...(s.dueOn ? { dueOn: s.dueOn } : {}), ...(s.completedOn ? { completedOn: s.completedOn } : {}), ...(s.lateDays ? { lateDays: s.lateDays } : {}) })),
      stageIndex: c.stageIndex,
      dueOn: c.state === 'in_progress' && running?.dueOn ? running.dueOn : null,
      missing: c.missing,
      ...(c.result ? { result: c.result } : {}),
      createdAt: c.createdAt.toISOString(),
      actions: [
        ...allowed.filter((a) => canDo(a, c.state)).filter((a) => {
          if (a === 'authorize') return c.mode === 'delegate' && !c.authorized;
          if (a === 'confirm_delivery') return !c.deliveryConfirmed;
          return true;
        }),
        ...(role === 'citizen' && c.handover && !c.handoverConfirmed && ['handed_over', 'in_progress', 'correction', 'suspended'].includes(c.state) ? ['confirm_handover'] : []),
      ],
    };
  }

  async function load(actor: Actor, id: string) {
    const c = (await Delegation.findById(id).lean()) as CaseRow | null;
    const role = c ? await access(actor, c) : null;
    if (!c || !role) throw AppError.notFound('代办件');
    return { c, role };
  }

  /** Record `(working days late)` lapses for a stage, once each (ids carry case, stage and day number). */
  async function lapses(c: CaseRow, stageIndex: number, late: number) {
    for (let k = 1; k <= late; k++) {
      await Lapse.create({
        _id: `deadline:${c._id}:${stageIndex}:${k}`,
        kind: 'deadline',
        centerId: c.centerId,
        agentId: c.agentId,
        subjectId: c._id,
        date: chinaDate(new Date()),
        detail: `${c.itemName} ${c.stages[stageIndex].name} 超期第${k}个工作日`,
      }).catch((err) => {
        if (!isDuplicateKey(err)) throw err;
      });
    }
  }

  /** The A agent of the center's post, or B while A is away; none when the center has no post. */
  async function abAgent(centerId: Types.ObjectId, today: string): Promise<Types.ObjectId | null> {
    const post = await AgentPost.findOne({ centerId }).lean();
    if (!post) return null;
    const away = await AgentAbsence.exists({ userId: post.a, from: { $lte: today }, to: { $gte: today } });
    return away ? post.b : post.a;
  }

  return {
    async request(actor: Actor, input: TDelegationCreate) {
      if (actor.role === 'staff' || actor.role === 'admin') throw new AppError('FORBIDDEN', '请由群众本人、家属或村代办员提交');
      const item = await getPublished(input.itemId);
      const mode = input.mode === 'help' ? item.assistance.help : input.mode === 'delegate' ? item.assistance.delegate : item.assistance.homeVisit;
      if (!mode) throw AppError.validation([{ field: 'mode', message: '该事项不提供此项服务' }]);
      let personName: string;
      let personIdEnc: string | null = null;
      let citizenId: Types.ObjectId | null = null;
      if (input.person) {
        personName = input.person.name;
        personIdEnc = deps.pii.encrypt(input.person.idNumber);
        if (actor.role === 'citizen') citizenId = oid(actor.id);
      } else {
        if (actor.role !== 'citizen') throw AppError.validation([{ field: 'person', message: '代群众申请须填写办事人信息' }]);
        const u = await User.findById(actor.id, { name: 1 }).lean();
        personName = u?.name ?? '群众';
        citizenId = oid(actor.id);
      }
      // Received where the agent works (a village point), else at the item's center.
      const receiving = actor.role === 'agent' && actor.centerId ? actor.centerId : item.centerId;
      const rc = await Center.findById(receiving).lean();
      if (!rc) throw AppError.notFound('服务中心');
      const path = [rc._id, ...[...(rc.ancestors ?? [])].reverse()];
      const itemCenter = await Center.findById(item.centerId, { level: 1 }).lean();
      const level = itemCenter?.level === 'county' ? 'three' : 'two';
      // The county center's configured limits apply county-wide; the department stage uses the item's committed limit.
      const county = rc.ancestors?.length ? await Center.findById(rc.ancestors[0], { chainDays: 1 }).lean() : rc;
      const configured = (county?.chainDays as Record<string, Record<string, number>> | null)?.[level];
      const stages = planChain({
        level,
        receivedAtVillage: rc.level === 'village',
        ...(configured ? { days: configured } : {}),
        ...(item.committedLimitDays > 0 ? { deptDays: item.committedLimitDays } : {}),
      }).map(({ key, name, days }) => ({ key, name, days }));
      const today = chinaDate(new Date());
      const agentId = actor.role === 'agent' ? oid(actor.id) : await abAgent(rc._id, today);
      for (let i = 0; i < 5; i++) {
        try {
          const doc = await Delegation.create({
            code: randomCode(),
            mode: input.mode,
            state: 'requested',
            version: 0,
            requestedBy: oid(actor.id),
            citizenId,
            personName,
            personIdEnc,
            personPhone: input.contactPhone,
            home: input.home ?? null,
            note: input.note ?? '',
            itemId: oid(item.id),
            itemName: item.name,
            centerId: rc._id,
            centerPath: path,
            agentId,
            stages,
          });
          const c = doc.toObject() as CaseRow;
          await appendEntry({
            caseId: c._id,
            centerId: c.centerId,
            actorId: actor.id,
            actorRole: actor.role,
            type: 'request',
            data: { mode: input.mode, itemId: item.id, itemName: item.name, itemVersion: item.version, personName, ...(input.home ? { home: input.home } : {}) },
          });
          return present(c, actor, actor.role === 'citizen' ? 'citizen' : 'handler');
        } catch (err) {
          if (!(isDuplicateKey(err) && String((err as Error).message).includes('code'))) throw err;
        }
      }
      throw new AppError('CONFLICT', '请重试');
    },

    async get(actor: Actor, id: string) {
      const { c, role } = await load(actor, id);
      return present(c, actor, role);
    },

    async list(actor: Actor, filter: { due?: 'soon' | 'overdue'; state?: string }) {
      let q: Record<string, unknown>;
      if (actor.role === 'citizen') q = { $or: [{ citizenId: oid(actor.id) }, { requestedBy: oid(actor.id) }] };
      else if (actor.role === 'admin') q = { centerPath: { $in: await subtreeIds(actor.centerId!) } };
      else q = { $or: [{ agentId: oid(actor.id) }, { centerPath: oid(actor.centerId!) }] };
      if (filter.state) q.state = filter.state;
      const rows = (await Delegation.find(q).sort({ createdAt: -1 }).limit(500).lean()) as CaseRow[];
      const role = actor.role === 'citizen' ? 'citizen' : actor.role === 'admin' ? 'admin' : 'handler';
      let out = await Promise.all(rows.map((r) => present(r, actor, role)));
      if (filter.due) {
        const today = chinaDate(new Date());
        const cal = actor.centerId ? await calendarFor(actor.centerId) : null;
        const soon = cal ? cal.addWorkingDays(today, 2) : today;
        out = out.filter((c) => c.dueOn && (filter.due === 'overdue' ? c.dueOn < today : c.dueOn >= today && c.dueOn <= soon));
        out.sort((a, b) => (a.dueOn ?? '').localeCompare(b.dueOn ?? ''));
      }
      return { items: out };
    },

    /**
     * One step on a case. State changes claim `<case>:<version+1>` first (so two agents cannot both move the case
     * from the same state), then the ledger entry is appended, then the projection follows. A step resent with the
     * same clientKey returns what was stored the first time.
     */
    async act(actor: Actor, id: string, step: TCaseStep) {
      const { c, role } = await load(actor, id);
      const clientAt = step.clientAt ? new Date(step.clientAt) : undefined;
      if (step.clientKey) {
        const done = await LedgerEntry.findOne({ idem: `k:${c._id}:${step.clientKey}` }).lean();
        if (done) return { replay: true, case: await present((await Delegation.findById(c._id).lean()) as CaseRow, actor, role) };
      }
      const base = { caseId: c._id, centerId: c.centerId, actorId: actor.id, actorRole: actor.role, ...(step.clientKey ? { clientKey: step.clientKey } : {}), ...(clientAt ? { clientAt } : {}) };

      // Entries that do not change the state.
      if (step.action === 'confirm_handover') {
        if (role !== 'citizen') throw new AppError('FORBIDDEN', '交接清单由群众本人确认');
        const handover = await LedgerEntry.findOne({ caseKey: String(c._id), type: 'handover' }).sort({ seq: -1 }).lean();
        if (!handover) throw new AppError('CONFLICT', '还没有材料交接记录');
        if (c.handoverConfirmed) throw new AppError('CONFLICT', '交接清单已确认');
        const r = await appendEntry({ ...base, type: 'confirm_handover', data: { handoverSeq: handover.seq } });
        await Delegation.updateOne({ _id: c._id }, { $set: { handoverConfirmed: true } });
        return { replay: r.replay, case: await present({ ...c, handoverConfirmed: true }, actor, role) };
      }
      if (step.action === 'fee' || step.action === 'note' || step.action === 'correct_entry') {
        if (role === 'citizen') throw new AppError('FORBIDDEN');
        if (step.action === 'fee') {
          if (step.purpose === 'service_fee') throw AppError.validation([{ field: 'purpose', message: '代办服务一律免费，不得收取任何服务费' }]);
          if (step.method === 'cash_to_agent' && step.amountFen > CASH_FEE_LIMIT_FEN) {
            throw AppError.validation([{ field: 'method', message: '超过200元的规费须由申请人直接缴入部门账户' }]);
          }
          if (step.method === 'cash_to_agent' && !step.receiptNo) throw AppError.validation([{ field: 'receiptNo', message: '现金交代办员须当场出具收据并填写收据号' }]);
        }
        if (step.action === 'correct_entry' && !(await LedgerEntry.exists({ caseKey: String(c._id), seq: step.seq }))) {
          throw AppError.validation([{ field: 'seq', message: '要更正的台账记录不存在' }]);
        }
        const { action, clientKey: _k, clientAt: _a, ...data } = step;
        const r = await appendEntry({ ...base, type: action, data, ...(step.action === 'correct_entry' ? { corrects: step.seq } : {}) });
        return { replay: r.replay, case: await present(c, actor, role) };
      }

      const action = step.action as TCaseAction;
      if (!(role === 'citizen' ? CITIZEN_ACTIONS : HANDLER_ACTIONS).includes(action) && !(role === 'admin' && ADMIN_ACTIONS.includes(action))) {
        throw new AppError('FORBIDDEN', '您不能进行此操作');
      }
      if (!canDo(action, c.state)) {
        throw new AppError('CONFLICT', `当前状态为“${c.state}”，不能${action}`, undefined, { state: c.state, allowedFrom: CASE_ACTIONS[action] });
      }
      const today = chinaDate(clientAt && clientAt < new Date() ? clientAt : new Date());
      const cal = await calendarFor(String(c.centerId));
      const set: Record<string, unknown> = {};
      const stages = c.stages.map((s) => ({ ...s }));
      let data: Record<string, unknown> = {};
      const startStage = (i: number) => {
        stages[i].startedOn = today;
        stages[i].dueOn = stageDue(cal, today, stages[i].days);
      };
      const finishStage = (i: number) => {
        stages[i].completedOn = today;
        stages[i].lateDays = stages[i].dueOn ? daysLate(cal, stages[i].dueOn!, today) : 0;
      };
      let lateStage: number | undefined;

      switch (step.action) {
        case 'accept': {
          let agentId = step.agentId ? oid(step.agentId) : actor.role === 'agent' ? oid(actor.id) : c.agentId ?? (await abAgent(c.centerId, today));
          if (step.agentId) {
            const a = await User.findById(step.agentId, { role: 1, centerId: 1 }).lean();
            if (!a || a.role !== 'agent' || !c.centerPath.some((p) => String(p) === String(a.centerId))) {
              throw AppError.validation([{ field: 'agentId', message: '该代办员不属于此件经办的服务中心' }]);
            }
          }
          if (!agentId) throw AppError.validation([{ field: 'agentId', message: '请指定代办员（本中心未设AB岗）' }]);
          set.state = 'accepted';
          set.agentId = agentId;
          agentId = agentId as Types.ObjectId;
          data = { agentId: String(agentId) };
          break;
        }
        case 'reassign': {
          const a = await User.findById(step.agentId, { role: 1, centerId: 1 }).lean();
          if (!a || a.role !== 'agent' || !c.centerPath.some((p) => String(p) === String(a.centerId))) {
            throw AppError.validation([{ field: 'agentId', message: '该代办员不属于此件经办的服务中心' }]);
          }
          set.agentId = a._id;
          set.state = c.state;
          data = { from: c.agentId ? String(c.agentId) : null, to: String(a._id), reason: step.reason };
          break;
        }
        case 'authorize':
          if (c.authorized) throw new AppError('CONFLICT', '已完成委托', undefined, { state: c.state });
          if (role === 'handler' && !step.paper) throw AppError.validation([{ field: 'paper', message: '代办员记录纸质委托书须填写编号' }]);
          set.authorized = true;
          set.state = c.state;
          data = step.paper ? { paper: step.paper.ref } : { confirmedInApp: true };
          break;
        case 'handover': {
          if (c.mode === 'delegate' && !c.authorized) throw new AppError('CONFLICT', '代办须先完成委托（群众在小程序确认或记录纸质委托书）');
          // The item's 一次性告知 list decides what can be handed over.
          const item = await getPublished(String(c.itemId)).catch(() => null);
          const keys = new Set(item?.materials.map((m) => m.key) ?? []);
          const unknown = step.lines.findIndex((l) => !keys.has(l.key));
          if (item && unknown !== -1) throw AppError.validation([{ field: `lines.${unknown}.key`, message: '不是该事项一次性告知清单中的材料' }]);
          set.state = 'handed_over';
          set.handover = step.lines.map((l) => `${l.name}×${l.count}`).join('；');
          // A new handover list needs its own confirmation (a list signed on paper counts as confirmed).
          set.handoverConfirmed = step.signedOnPaper;
          data = { lines: step.lines, signedOnPaper: step.signedOnPaper };
          break;
        }
        case 'advance': {
          const i = c.state === 'handed_over' ? -1 : c.stageIndex;
          if (i >= 0) {
            if (i >= stages.length - 1) throw new AppError('CONFLICT', '已是最后一个环节，请登记送达');
            finishStage(i);
            lateStage = i;
          }
          startStage(i + 1);
          set.state = 'in_progress';
          set.stageIndex = i + 1;
          data = { from: i >= 0 ? stages[i].key : null, to: stages[i + 1].key, dueOn: stages[i + 1].dueOn, ...(step.note ? { note: step.note } : {}) };
          break;
        }
        case 'request_correction':
          set.state = 'correction';
          set.pausedState = c.state;
          set.missing = step.missing;
          data = { missing: step.missing, ...(step.note ? { note: step.note } : {}) };
          break;
        case 'complete_correction': {
          set.state = c.pausedState ?? 'accepted';
          set.pausedState = null;
          set.missing = [];
          // 补办件: the running stage's time counts again from the day the materials are complete.
          if (c.pausedState === 'in_progress' && c.stageIndex >= 0) startStage(c.stageIndex);
          data = { restartedStage: c.pausedState === 'in_progress' ? stages[c.stageIndex]?.key : null, ...(step.note ? { note: step.note } : {}) };
          break;
        }
        case 'suspend': {
          set.state = 'suspended';
          set.pausedState = c.state;
          const running = c.state === 'in_progress' ? stages[c.stageIndex] : undefined;
          data = { reason: step.reason, ...(running?.dueOn ? { daysLeft: Math.max(0, cal.workingDaysBetween(today, running.dueOn)) } : {}) };
          break;
        }
        case 'resume': {
          set.state = c.pausedState ?? 'accepted';
          set.pausedState = null;
          if (c.pausedState === 'in_progress' && c.stageIndex >= 0) {
            const lastSuspend = (await LedgerEntry.findOne({ caseKey: String(c._id), type: 'suspend' }).sort({ seq: -1 }).lean()) as LedgerEntryRow | null;
            const left = (lastSuspend?.data as { daysLeft?: number } | null)?.daysLeft ?? stages[c.stageIndex].days;
            stages[c.stageIndex].dueOn = cal.addWorkingDays(today, left);
          }
          data = step.note ? { note: step.note } : {};
          break;
        }
        case 'deliver': {
          if (c.stageIndex !== stages.length - 1) throw new AppError('CONFLICT', '尚未到送达环节');
          finishStage(c.stageIndex);
          lateStage = c.stageIndex;
          set.state = 'delivered';
          data = { method: step.method, ...(step.note ? { note: step.note } : {}) };
          break;
        }
        case 'confirm_delivery':
          if (c.deliveryConfirmed) throw new AppError('CONFLICT', '已确认收到', undefined, { state: c.state });
          set.deliveryConfirmed = true;
          set.state = 'delivered';
          data = { confirmedBy: 'citizen' };
          break;
        case 'complete':
          set.state = 'completed';
          set.result = step.result;
          set.completedOn = today;
          data = { result: step.result };
          break;
        case 'follow_up':
          set.state = 'followed_up';
          data = { satisfied: step.satisfied, ...(step.note ? { note: step.note } : {}) };
          break;
        case 'refuse':
          set.state = 'refused';
          set.result = `退办：${step.reason}`;
          data = { reason: step.reason };
          break;
        case 'withdraw':
          set.state = 'withdrawn';
          data = step.reason ? { reason: step.reason } : {};
          break;
      }

      // Claim the transition; a loser of a race sees 409 (or, for a resent step, the stored result).
      try {
        await CaseTransition.create({ _id: `${c._id}:${c.version + 1}` });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (step.clientKey) {
          for (let i = 0; i < 20; i++) {
            if (await LedgerEntry.exists({ idem: `k:${c._id}:${step.clientKey}` })) {
              return { replay: true, case: await present((await Delegation.findById(c._id).lean()) as CaseRow, actor, role) };
            }
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        throw new AppError('CONFLICT', '此件刚刚被他人处理，请刷新后重试');
      }
      await appendEntry({ ...base, type: step.action, data });
      const next = { ...set, stages, version: c.version + 1 };
      await Delegation.updateOne({ _id: c._id }, { $set: next });
      const updated = { ...c, ...next } as CaseRow;
      if (lateStage !== undefined && stages[lateStage].lateDays) await lapses(updated, lateStage, stages[lateStage].lateDays!);
      return { replay: false, case: await present(updated, actor, role) };
    },

    async ledger(actor: Actor, id: string): Promise<{ items: TLedgerEntry[] }> {
      const { c, role } = await load(actor, id);
      const rows = ((await LedgerEntry.find({ caseKey: String(c._id) }).lean()) as LedgerEntryRow[]).sort((a, b) => a.seq - b.seq);
      const names = new Map((await User.find({ _id: { $in: [...new Set(rows.map((r) => String(r.actorId)))].map(oid) } }, { name: 1 }).lean()).map((u) => [String(u._id), u.name]));
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          type: r.type,
          at: r.at.toISOString(),
          ...(r.clientAt ? { clientAt: r.clientAt.toISOString() } : {}),
          actorRole: r.actorRole,
          ...(role !== 'citizen' ? { actorName: names.get(String(r.actorId)) } : {}),
          data: r.data,
          ...(r.corrects ? { corrects: r.corrects } : {}),
          hash: r.hash,
        })),
      };
    },

    async verify(actor: Actor, id: string) {
      const { c } = await load(actor, id);
      return verifyCase(c._id);
    },

    async verifyCenter(actor: Actor, centerId: string) {
      await assertManages(actor, centerId, { adminOnly: true });
      return verifyCenters(await subtreeIds(centerId));
    },

    /** Sweep: running stages past their due date count a lapse for each working day late so far (once each). */
    async sweepOverdue(now = new Date()): Promise<number> {
      const today = chinaDate(now);
      const rows = (await Delegation.find({ state: 'in_progress' }).lean()) as CaseRow[];
      let n = 0;
      for (const c of rows) {
        const s = c.stages[c.stageIndex];
        if (!s?.dueOn || s.dueOn >= today) continue;
        const late = daysLate(await calendarFor(String(c.centerId)), s.dueOn, today);
        if (late > 0) {
          await lapses(c, c.stageIndex, late);
          n++;
        }
      }
      return n;
    },

    async setPost(actor: Actor, centerId: string, a: string, b: string) {
      await assertManages(actor, centerId, { adminOnly: true });
      for (const [field, uid] of [['a', a], ['b', b]] as const) {
        const u = await User.findById(uid, { role: 1, centerId: 1 }).lean();
        if (!u || u.role !== 'agent' || String(u.centerId) !== centerId) throw AppError.validation([{ field, message: '须为本中心的代办员' }]);
      }
      if (a === b) throw AppError.validation([{ field: 'b', message: 'A岗和B岗不能是同一人' }]);
      const existing = await AgentPost.findOne({ centerId: oid(centerId) }).lean();
      if (existing) await AgentPost.updateOne({ _id: existing._id }, { $set: { a: oid(a), b: oid(b) } });
      else await AgentPost.create({ centerId: oid(centerId), a: oid(a), b: oid(b) });
      return { centerId, a, b };
    },

    /**
     * 回访 sample: a random share of the cases completed in a month (at least one when any), not yet followed up.
     * Random per call; the admin records the follow-up on each case as a `follow_up` step.
     */
    async followUpSample(actor: Actor, centerId: string, month: string, share: number) {
      await assertManages(actor, centerId, { adminOnly: true });
      const rows = (await Delegation.find({ centerPath: { $in: await subtreeIds(centerId) }, state: 'completed', completedOn: { $gte: `${month}-01`, $lte: `${month}-31` } }).lean()) as CaseRow[];
      const n = rows.length ? Math.max(1, Math.round(rows.length * share)) : 0;
      for (let i = rows.length - 1; i > 0; i--) {
        const j = randomInt(0, i + 1);
        [rows[i], rows[j]] = [rows[j], rows[i]];
      }
      return { completed: rows.length, items: await Promise.all(rows.slice(0, n).map((r) => present(r, actor, 'admin'))) };
    },

    async setChainDays(actor: Actor, centerId: string, chainDays: Record<string, Record<string, number>>) {
      const center = await Center.findById(centerId, { level: 1 }).lean();
      if (!center) throw AppError.notFound('服务中心');
      if (center.level !== 'county') throw AppError.validation([{ field: 'centerId', message: '环节时限由县级中心统一设置' }]);
      await assertManages(actor, centerId, { adminOnly: true });
      await Center.updateOne({ _id: center._id }, { $set: { chainDays } });
      return { centerId, chainDays };
    },

    /** Agents of a center and the centers below it (for assigning and reassigning cases). */
    async listAgents(actor: Actor, centerId: string) {
      await assertManages(actor, centerId, { adminOnly: true });
      const centers = await subtreeIds(centerId);
      const [users, names] = await Promise.all([
        User.find({ role: 'agent', centerId: { $in: centers }, disabled: { $ne: true } }, { name: 1, centerId: 1 }).sort({ name: 1 }).lean(),
        Center.find({ _id: { $in: centers } }, { name: 1 }).lean(),
      ]);
      const centerName = new Map(names.map((c) => [String(c._id), c.name]));
      return { items: users.map((u) => ({ id: String(u._id), name: u.name, centerId: String(u.centerId), centerName: centerName.get(String(u.centerId)) ?? '' })) };
    },

    async recordAbsence(actor: Actor, from: string, to: string, reason: string) {
      if (actor.role !== 'agent') throw new AppError('FORBIDDEN');
      await AgentAbsence.create({ userId: oid(actor.id), from, to, reason });
      return { from, to, reason };
    },
  };
}
export type DelegationService = ReturnType<typeof createDelegationService>;
