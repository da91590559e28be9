import Taro from '@tarojs/taro';

/** Every key the app keeps on the phone, in one place. */
export const STORAGE_KEYS = {
  tokens: 'bianmin.tokens',
  elder: 'bianmin.elder',
  textSize: 'bianmin.textSize',
  lastList: 'bianmin.lastList',
  itemCache: 'bianmin.itemCache',
  draftPrefix: 'bianmin.draft.',
  /** The window a staff member last worked at (窗口工作台). */
  staffWindow: 'bianmin.staffWindow',
  /** 代办员's steps logged without a signal, waiting to be sent in order (packages/agent). */
  stepQueue: 'bianmin.stepQueue',
  /** The last cases an agent opened (case, ledger, the item's materials), to work on them without a signal. */
  agentCases: 'bianmin.agentCases',
  /** The questionnaires (群众评议) an admin created on this phone, by user id (the API has no list). */
  adminSurveysPrefix: 'bianmin.adminSurveys.',
} as const;

/** Read a stored JSON value; a missing or unreadable entry is `undefined`, never an exception. */
export function readStored<T>(key: string): T | undefined {
  try {
    const v: unknown = Taro.getStorageSync(key);
    if (v === '' || v === undefined || v === null) return undefined;
    return v as T;
  } catch {
    return undefined;
  }
}

/** Store a value; a full or unavailable storage only loses the cache, it never breaks the screen. */
export function writeStored(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    /* storage full or disabled: the app works without the cache */
  }
}

export function removeStored(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    /* nothing to remove */
  }
}
