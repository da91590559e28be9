/** Words for the center settings screen: every setting's name and unit, and where a value came from. */
import type { TCenterSettingsView } from '@bianmin/shared';

/** Editable number (or yes/no) settings, by section; chain stages are days per stage. */
export const SETTING_GROUPS: { section: string; title: string; keys: { key: string; label: string; unit: string; bool?: boolean }[] }[] = [
  {
    section: 'booking',
    title: '预约规则',
    keys: [
      { key: 'horizonDays', label: '可提前预约的天数', unit: '天' },
      { key: 'minNoticeMinutes', label: '最晚提前多久预约', unit: '分钟' },
      { key: 'maxActivePerPerson', label: '每人同时有效的预约', unit: '个' },
      { key: 'cancelCutoffMinutes', label: '开始前多久停止取消/改约', unit: '分钟' },
      { key: 'noShowLimit', label: '爽约几次暂停网上预约', unit: '次' },
      { key: 'noShowWindowDays', label: '爽约统计期', unit: '天' },
      { key: 'pauseDays', label: '暂停网上预约', unit: '天' },
    ],
  },
  {
    section: 'chain.three',
    title: '代办时限：村—乡镇—县（各段工作日）',
    keys: [
      { key: 'village-to-town', label: '村代办点送到乡镇', unit: '工作日' },
      { key: 'town-to-county', label: '乡镇送到县', unit: '工作日' },
      { key: 'county-to-dept', label: '县送到部门', unit: '工作日' },
      { key: 'dept', label: '部门办理', unit: '工作日' },
      { key: 'back', label: '办结返回', unit: '工作日' },
      { key: 'deliver', label: '送达群众', unit: '工作日' },
    ],
  },
  {
    section: 'chain.two',
    title: '代办时限：村—乡镇（各段工作日）',
    keys: [
      { key: 'village-to-town', label: '村代办点送到乡镇', unit: '工作日' },
      { key: 'town-to-dept', label: '乡镇送到部门', unit: '工作日' },
      { key: 'dept', label: '部门办理', unit: '工作日' },
      { key: 'back', label: '办结返回', unit: '工作日' },
      { key: 'deliver', label: '送达群众', unit: '工作日' },
    ],
  },
  {
    section: 'evaluation',
    title: '好差评时限',
    keys: [
      { key: 'ratingPeriodDays', label: '办结后可评价的天数', unit: '天' },
      { key: 'contactDays', label: '差评回访时限', unit: '工作日' },
      { key: 'rectifyDays', label: '差评整改时限', unit: '工作日' },
    ],
  },
  {
    section: 'complaints',
    title: '投诉建议时限',
    keys: [
      { key: 'routeDays', label: '转办时限', unit: '工作日' },
      { key: 'answerDays', label: '答复时限', unit: '工作日' },
    ],
  },
  {
    section: 'queue',
    title: '排队叫号',
    keys: [
      { key: 'receptionLapseMinutes', label: '叫号后多久未接待记为超时', unit: '分钟' },
      { key: 'displayNames', label: '大厅屏显示群众姓氏', unit: '', bool: true },
    ],
  },
  { section: 'inquiries', title: '首问登记', keys: [{ key: 'followUpDays', label: '首问跟进时限', unit: '工作日' }] },
];

export const WEEKDAY_NAMES: Record<string, string> = { '1': '周一', '2': '周二', '3': '周三', '4': '周四', '5': '周五', '6': '周六', '7': '周日' };

/** "默认值" / "本中心设置" / "继承自 城关镇…": where a setting's value comes from. */
export function sourceText(view: TCenterSettingsView, path: string): string {
  const s = view.sources[path];
  if (!s || s === 'default') return '默认值';
  return s.centerId === view.centerId ? '本中心设置' : `继承自 ${s.centerName}`;
}

/** Read a value by dotted path ("chain.three.dept"). */
export function valueAt(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** "08:30-12:00,13:00-17:30" ⇄ spans. */
export const spansText = (spans: { start: string; end: string }[] | undefined) => (spans ?? []).map((s) => `${s.start}-${s.end}`).join(',');
export function parseSpans(text: string): { start: string; end: string }[] {
  return text
    .split(/[,，、\s]+/)
    .filter(Boolean)
    .map((p) => {
      const [start = '', end = ''] = p.split(/[-—~～]/);
      return { start: start.trim(), end: end.trim() };
    });
}
