/** 好差评 levels (国办发〔2019〕51号): 5 非常满意 … 1 非常不满意; 2 and 1 are 差评. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export type TRatingLevel = (typeof RATING_LEVELS)[number];
export const RATING_LEVEL_LABELS: Record<TRatingLevel, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };
export const isBadRating = (level: number) => level <= 2;

/** On-site dimensions. */
export const RATING_DIMENSIONS = ['overall', 'efficiency', 'service', 'attitude'] as const;
export const RATING_DIMENSION_LABELS: Record<(typeof RATING_DIMENSIONS)[number], string> = {
  overall: '整体满意度',
  efficiency: '服务效率',
  service: '服务水平',
  attitude: '服务态度',
};

/** Steps of putting a 差评 right, in order; the citizen then says whether they are satisfied. */
export const RECTIFICATION_STEPS = ['contact', 'verify', 'rectify', 'reply'] as const;
export const RECTIFICATION_STEP_LABELS: Record<(typeof RECTIFICATION_STEPS)[number], string> = {
  contact: '回访联系',
  verify: '核实情况',
  rectify: '整改',
  reply: '答复群众',
};
