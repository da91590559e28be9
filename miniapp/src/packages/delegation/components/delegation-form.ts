import type { TCenter, TDelegationCreate } from '@bianmin/shared';
import type { TServiceMode } from '@bianmin/shared/domain';
import type { THomeReason } from '../../../utils/delegation-text';

/** The application as typed: who it is for, how to reach them, and for 上门服务 why, where and when. */
export interface Form {
  forFamily: boolean;
  name: string;
  idNumber: string;
  phone: string;
  relation: string;
  contactPhone: string;
  reason: THomeReason | '';
  address: string;
  preferredTime: string;
  note: string;
  /** The citizen's village or community point ('' when not chosen): the case goes to that point's agent. */
  villageId: string;
}

export const EMPTY_FORM: Form = { forFamily: false, name: '', idNumber: '', phone: '', relation: '', contactPhone: '', reason: '', address: '', preferredTime: '', note: '', villageId: '' };

export type SetField = <K extends keyof Form>(k: K, v: Form[K]) => void;

export const RELATIONS = ['父母', '配偶', '子女', '其他亲属'];
const PHONE = /^1[3-9]\d{9}$/;

/** Quick checks on the phone (no zod here); the API's schema is the full rule and its field messages show at the fields. */
export function formErrors(f: Form, mode: TServiceMode, forClient = false): Record<string, string> {
  const errs: Record<string, string> = {};
  if (f.forFamily || forClient) {
    if (!f.name.trim()) errs.name = forClient ? '请填写办事群众姓名' : '请填写家人姓名';
    // An agent's client may not have the ID card at hand: the number is optional then.
    if ((!forClient || f.idNumber) && !/^\d{17}[\dXx]$/.test(f.idNumber)) errs.idNumber = '身份证号应为18位，最后一位可以是X';
    if (f.phone && !PHONE.test(f.phone)) errs.phone = '请填写11位手机号，或不填';
  }
  if (!PHONE.test(f.contactPhone)) errs.contactPhone = '请填写11位手机号，代办员会打这个电话联系您';
  if (mode === 'home') {
    if (!f.reason) errs.reason = '请选择需要上门的原因';
    if (f.address.trim().length < 4) errs.address = '请填写详细地址（村、组、门牌号）';
    if (!f.preferredTime.trim()) errs.preferredTime = '请填写希望上门的时间，如“工作日上午”';
  }
  return errs;
}

/** Map the API's field names (person.name, home.address, contactPhone) to this form's fields. */
export const FIELD_MAP: Record<string, string> = {
  'person.name': 'name',
  'person.idNumber': 'idNumber',
  'person.phone': 'phone',
  contactPhone: 'contactPhone',
  'home.reason': 'reason',
  'home.address': 'address',
  'home.preferredTime': 'preferredTime',
  home: 'reason',
  note: 'note',
  villageId: 'villageId',
};

/** The request body: the family member only when applying for one, 上门 details only for 上门服务. */
export function toBody(form: Form, itemId: string, mode: TServiceMode, forClient = false): TDelegationCreate {
  return {
    itemId,
    mode,
    contactPhone: form.contactPhone,
    ...(form.villageId && !forClient ? { villageId: form.villageId } : {}),
    ...(form.forFamily || forClient
      ? {
          person: {
            name: form.name.trim(),
            ...(form.idNumber ? { idNumber: form.idNumber.toUpperCase() } : {}),
            ...(form.phone ? { phone: form.phone } : {}),
            ...(form.relation ? { relation: form.relation } : {}),
          },
        }
      : {}),
    ...(mode === 'home' ? { home: { reason: form.reason as THomeReason, address: form.address.trim(), preferredTime: form.preferredTime.trim() } } : {}),
    ...(form.note.trim() ? { note: form.note.trim() } : {}),
  };
}

/** A village or community point of the item's county, named with its town ("东村代办点 · 甲镇"). */
export interface VillageChoice {
  id: string;
  label: string;
}

/** The village and community points in the same county as the item's center, grouped by town. */
export function villagesFor(centers: readonly TCenter[], itemCenterId: string): VillageChoice[] {
  const byId = new Map(centers.map((c) => [c.id, c]));
  const countyOf = (id: string): string => {
    let c = byId.get(id);
    for (let i = 0; c?.parentId && i < 5; i++) c = byId.get(c.parentId);
    return c?.id ?? '';
  };
  const county = countyOf(itemCenterId);
  return centers
    .filter((c) => c.level === 'village' && countyOf(c.id) === county)
    .map((c) => ({ id: c.id, label: `${c.name}${c.parentId && byId.get(c.parentId) ? ` · ${byId.get(c.parentId)!.name}` : ''}` }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
}
