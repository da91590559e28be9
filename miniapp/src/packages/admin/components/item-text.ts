/** Words and pure helpers of the 办事指南 editor: states, a blank item, and the diff against the published version. */
import type { TServiceItemInput } from '@bianmin/shared';

export const STATUS_TEXT = { draft: '草稿（未发布）', published: '已发布', unpublished: '已撤下' } as const;

/** What a new item starts from: the smallest guide the rules accept, for the admin to fill in. */
export function blankItem(): TServiceItemInput {
  return {
    code: '',
    name: '',
    category: '其他',
    department: '',
    window: '综合受理窗口',
    caseType: 'immediate',
    legalBasis: [''],
    conditions: [],
    questions: [],
    materials: [],
    procedure: [{ title: '申请', description: '' }],
    legalLimitDays: 0,
    committedLimitDays: 0,
    fee: { free: true },
    visits: 1,
    place: '',
    hours: '周一至周五（法定节假日除外）上午8:30—12:00，下午13:00—17:30',
    assistance: { help: true, delegate: false, homeVisit: false },
    consultPhone: '',
    complaintPhone: '12345',
    faqs: [],
    keywords: [],
  };
}

/** The names the editor and the diff use for each element of a guide. */
export const FIELD_LABELS: Record<keyof TServiceItemInput, string> = {
  code: '事项编码',
  name: '事项名称',
  category: '分类',
  department: '实施部门',
  window: '办理窗口',
  caseType: '办件类型',
  legalBasis: '设定依据',
  conditions: '申请条件',
  questions: '情形问题',
  materials: '申请材料',
  procedure: '办理流程',
  legalLimitDays: '法定时限',
  committedLimitDays: '承诺时限',
  fee: '收费',
  visits: '到现场次数',
  place: '办理地点',
  hours: '办理时间',
  assistance: '帮办代办',
  consultPhone: '咨询电话',
  complaintPhone: '投诉电话',
  faqs: '常见问题',
  keywords: '搜索词',
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What changed from `before` (the published version) to `after` (the edited one), in words: materials one by one
 * (新增 / 删除 / 修改 by name), every other element by its label.
 */
export function diffItems(before: TServiceItemInput, after: TServiceItemInput): string[] {
  const out: string[] = [];
  for (const key of Object.keys(FIELD_LABELS) as (keyof TServiceItemInput)[]) {
    if (key === 'materials') continue;
    if (!same(before[key], after[key])) out.push(`${FIELD_LABELS[key]}：已修改`);
  }
  const old = new Map(before.materials.map((m) => [m.key, m]));
  const now = new Map(after.materials.map((m) => [m.key, m]));
  for (const m of after.materials) {
    const o = old.get(m.key);
    if (!o) out.push(`申请材料：新增「${m.name}」`);
    else if (!same(o, m)) out.push(`申请材料：修改「${o.name}」${o.name !== m.name ? `→「${m.name}」` : ''}`);
  }
  for (const m of before.materials) if (!now.has(m.key)) out.push(`申请材料：删除「${m.name}」`);
  return out;
}

/** A key for a new material or question that the item does not use yet ("m-3"). */
export function freshKey(prefix: string, used: readonly string[]): string {
  for (let i = used.length + 1; ; i++) if (!used.includes(`${prefix}-${i}`)) return `${prefix}-${i}`;
}
