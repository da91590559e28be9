export const CENTER_LEVELS = ['county', 'town', 'village'] as const;
export type TCenterLevel = (typeof CENTER_LEVELS)[number];
export const CENTER_LEVEL_LABELS: Record<TCenterLevel, string> = {
  county: '县级政务服务中心',
  town: '乡镇（街道）便民服务中心',
  village: '村（社区）代办点',
};
