import { createContext, useCallback, useContext, useEffect, useMemo, useState, type PropsWithChildren } from 'react';
import { systemFontScale } from '../services/font-scale';
import { readStored, STORAGE_KEYS, writeStored } from '../services/storage';
import { markRootElder } from '../utils/root-class';

/** 长辈版 text sizes a user can pick in settings; 特大 reaches the ≥30px the 适老化 rules ask to be reachable. */
export const TEXT_SIZES = {
  large: { label: '大', body: 18 },
  larger: { label: '较大', body: 24 },
  largest: { label: '特大', body: 30 },
} as const;
export type TTextSize = keyof typeof TEXT_SIZES;

const STANDARD_BODY = 16;
const MAX_BODY = 40;

export interface ElderMode {
  /** 长辈版 is on. */
  elder: boolean;
  setElder: (on: boolean) => void;
  textSize: TTextSize;
  setTextSize: (size: TTextSize) => void;
  /** The main text size in px after WeChat's font scale. */
  bodyPx: number;
  /** WeChat's font scale factor (1 in the browser). */
  systemScale: number;
  /** CSS custom properties for the page root; every size rule of the app reads these. */
  cssVars: Record<string, string>;
}

const ElderModeContext = createContext<ElderMode | null>(null);

function round(n: number): number {
  return Math.round(n);
}

/** The sizes both modes are built from. 长辈版: ≥18px text, line spacing ≥1.3 (we use 1.5), targets ≥60px. */
export function sizesFor(elder: boolean, textSize: TTextSize, systemScale: number) {
  const scale = Math.max(1, systemScale);
  const body = Math.min(MAX_BODY, round((elder ? TEXT_SIZES[textSize].body : STANDARD_BODY) * scale));
  const ratio = body / STANDARD_BODY;
  const touch = elder ? Math.max(60, round(body * 2.6)) : 44;
  return {
    body,
    cssVars: {
      '--fs-body': `${body}px`,
      '--fs-small': `${elder ? body : round(14 * ratio)}px`,
      '--fs-title': `${round(body * 1.3)}px`,
      '--fs-huge': `${round(body * 1.6)}px`,
      '--lh': elder ? '1.6' : '1.5',
      '--touch': `${touch}px`,
      '--gap': `${elder ? 16 : 12}px`,
    },
  };
}

export function ElderModeProvider({ children }: PropsWithChildren) {
  const [elder, setElderState] = useState<boolean>(() => readStored<boolean>(STORAGE_KEYS.elder) === true);
  const [textSize, setTextSizeState] = useState<TTextSize>(() => {
    const stored = readStored<string>(STORAGE_KEYS.textSize);
    return stored && stored in TEXT_SIZES ? (stored as TTextSize) : 'large';
  });
  const [systemScale] = useState(systemFontScale);

  const setElder = useCallback((on: boolean) => {
    setElderState(on);
    writeStored(STORAGE_KEYS.elder, on);
  }, []);
  const setTextSize = useCallback((size: TTextSize) => {
    setTextSizeState(size);
    writeStored(STORAGE_KEYS.textSize, size);
  }, []);

  const value = useMemo<ElderMode>(() => {
    const s = sizesFor(elder, textSize, systemScale);
    return { elder, setElder, textSize, setTextSize, bodyPx: s.body, systemScale, cssVars: s.cssVars };
  }, [elder, setElder, textSize, setTextSize, systemScale]);

  useEffect(() => markRootElder(elder, value.cssVars), [elder, value.cssVars]);

  return <ElderModeContext.Provider value={value}>{children}</ElderModeContext.Provider>;
}

/** 长辈版 state for any screen. */
export function useElderMode(): ElderMode {
  const v = useContext(ElderModeContext);
  if (!v) throw new Error('useElderMode outside ElderModeProvider');
  return v;
}
