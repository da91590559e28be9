/**
 * Shared pieces of the demo 办事指南 catalog: hours, places, fictional department phones and the materials that
 * recur in almost every matter (身份证, 户口簿, 代办 materials). Phone numbers are fictional demo data.
 */
import type { TServiceItemInput } from '@bianmin/shared';

export type Item = TServiceItemInput;
export type Material = Item['materials'][number];
export type Question = Item['questions'][number];
type Form = Material['form'];
interface Extra {
  notes?: string;
  source?: string;
}

export const HOURS = '周一至周五（法定节假日除外）上午8:30—12:00，下午13:00—17:30';

/** Complaint channels: the national hotline and the (fictional) county center supervision office. */
export const COMPLAINT = '12345政务服务便民热线；0319-86012300（县政务服务中心）';

/** Consultation phones per department (fictional demo numbers). */
export const PHONE = {
  sheBao: '0319-86112215（县社会保险事业服务中心）',
  jiuYe: '0319-86112230（县公共就业服务中心）',
  yiBao: '0319-86113301（县医疗保障局）',
  jiuZhu: '0319-86111106（县民政局社会救助股）',
  yangLao: '0319-86111108（县民政局养老服务股）',
  erTong: '0319-86111109（县民政局儿童福利股）',
  binZang: '0319-86111112（县民政局社会事务股）',
  canLian: '0319-86114408（县残疾人联合会）',
  weiJian: '0319-86115512（县卫生健康局）',
  jieZhong: '0319-86115530（县疾病预防控制中心）',
  huZheng: '0319-86116110（县公安局户政管理大队）',
  nongYe: '0319-86110518（县农业农村局）',
  nongJing: '0319-86110526（县农村经济经营管理站）',
  zhuJian: '0319-86119926（县住房和城乡建设局）',
  tuiYi: '0319-86117701（县退役军人事务局）',
  ziZhu: '0319-86118812（县学生资助管理中心）',
} as const;

/** A town matter is offered by every 乡镇（街道）便民服务中心, so its place is written generically. */
export const townPlace = (window: string) => `乡镇（街道）便民服务中心 ${window}`;
export const countyPlace = (floor: string, window: string) => `县政务服务中心 ${floor} ${window}`;

export const FREE = (): Item['fee'] => ({ free: true });
export const assist = (help: boolean, delegate: boolean, homeVisit: boolean): Item['assistance'] => ({
  help,
  delegate,
  homeVisit,
});

export const step = (title: string, description: string) => ({ title, description });
export const faq = (q: string, a: string) => ({ q, a });
export const q = (key: string, text: string): Question => ({ key, text });

export const req = (key: string, name: string, form: Form, copies: number, extra: Extra = {}): Material => ({
  key,
  name,
  form,
  copies,
  requirement: 'required',
  ...extra,
});
export const opt = (key: string, name: string, form: Form, copies: number, extra: Extra = {}): Material => ({
  key,
  name,
  form,
  copies,
  requirement: 'optional',
  ...extra,
});
export const cond = (
  whenQuestion: string,
  key: string,
  name: string,
  form: Form,
  copies: number,
  extra: Extra = {},
): Material => ({ key, name, form, copies, requirement: 'conditional', whenQuestion, ...extra });

/** 委托代办: the question and the two materials it triggers. */
export const Q_AGENT = q('by-agent', '是否委托他人（含村代办员）代为办理？');
export const agentMaterials = (extraNote?: string): Material[] => [
  cond('by-agent', 'agent-id-card', '代办人居民身份证', 'original_and_copy', 1, {
    notes: '原件现场核验后退还。',
  }),
  cond('by-agent', 'power-of-attorney', '授权委托书', 'original', 1, {
    notes:
      '须载明委托事项和权限，由申请人本人签字或按手印。' +
      (extraNote ?? '申请人为无民事行为能力或限制民事行为能力人的，由其监护人办理并提供监护关系证明。'),
    source: '窗口领取或村（社区）代办点领取，也可自行书写',
  }),
];

/** 申请人居民身份证, shown only (数据共享后不再收取复印件). */
export const idCardShown = (who = '申请人', note = '原件现场核验后退还；未满16周岁的可凭户口簿办理。'): Material =>
  req('id-card', `${who}居民身份证`, 'original', 0, { notes: note });
/** 身份证原件及复印件 for matters whose paper archive keeps a copy (救助、补贴类). */
export const idCardCopy = (who = '申请人', note = '原件核验后退还，复印件留存（正反面复印在同一页）。'): Material =>
  req('id-card', `${who}居民身份证`, 'original_and_copy', 1, { notes: note });
export const hukouCopy = (note = '复印户主页及申请人本人页，原件核验后退还。'): Material =>
  req('hukou', '居民户口簿', 'original_and_copy', 1, { notes: note });
export const socialCard = (note = '用于发放资金，须为申请人本人名下、已激活金融功能的社会保障卡。'): Material =>
  req('social-card', '社会保障卡（或本人银行账户）', 'original_and_copy', 1, {
    notes: note + '尚未办理社会保障卡的，可提供本人名下的银行卡或存折。',
  });
/** 家庭经济状况 declaration and 核对授权书, used by every means-tested matter. */
export const incomeMaterials = (): Material[] => [
  req('income-declaration', '家庭收入及财产状况申报表', 'original', 1, {
    notes: '如实填写共同生活家庭成员的工资、经营、财产性收入以及存款、房屋、车辆等财产状况，由申请人签字。',
    source: '窗口领取或村（社区）代办点领取',
  }),
  req('check-authorization', '家庭经济状况核对授权书', 'original', 1, {
    notes: '共同生活的家庭成员（未成年人由监护人代签）均须签字或按手印，同意民政部门查询核对存款、房产、车辆、社保等信息。',
    source: '窗口领取或村（社区）代办点领取',
  }),
];
