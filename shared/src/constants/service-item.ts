/** Catalog vocabularies (no zod here: the mini-app imports these on its first screen). */

/** 五件制 case types a catalog item can be (退办/补办 are outcomes of a case, not kinds of item). */
export const CASE_TYPES = ['immediate', 'committed', 'joint', 'reported'] as const;
export type TCaseType = (typeof CASE_TYPES)[number];
export const CASE_TYPE_LABELS: Record<TCaseType, string> = {
  immediate: '即办件',
  committed: '承诺件',
  joint: '联办件',
  reported: '上报件',
};
export const MATERIAL_FORMS = ['original', 'copy', 'original_and_copy', 'electronic'] as const;
export const MATERIAL_FORM_LABELS: Record<(typeof MATERIAL_FORMS)[number], string> = {
  original: '原件',
  copy: '复印件',
  original_and_copy: '原件及复印件',
  electronic: '电子材料',
};
export const CATEGORIES = [
  '社会保障',
  '社会救助',
  '养老服务',
  '残疾人服务',
  '卫生健康',
  '户籍证件',
  '就业创业',
  '农业农村',
  '退役军人',
  '教育',
  '住房',
  '其他',
] as const;
