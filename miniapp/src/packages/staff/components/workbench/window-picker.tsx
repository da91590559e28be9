import { useEffect } from 'react';
import { Text, View } from '@tarojs/components';
import { Notice } from '../../../../components/notice';
import { useData } from '../../../../hooks/use-data';
import { a11y } from '../../../../utils/a11y';
import { listWindows, type TWindow } from '../../services/staff';

interface Props {
  centerId: string;
  windowId: string;
  onPick: (w: TWindow) => void;
  /** Called with the center's windows once known (the queue card names the chosen one). */
  onWindows: (ws: TWindow[]) => void;
}

/** 当前窗口: the windows of the member's center; the remembered one, else the first. */
export function WindowPicker({ centerId, windowId, onPick, onWindows }: Props) {
  const windows = useData(centerId, () => listWindows(centerId));
  const list = windows.data;
  useEffect(() => {
    if (!list) return;
    onWindows(list);
    if (!list.some((w) => w.id === windowId) && list.length) onPick(list[0]);
  }, [list, windowId, onPick, onWindows]);

  return (
    <>
      {windows.error ? <Notice tone="error">{windows.error}</Notice> : null}
      <Text className="field-label">当前窗口</Text>
      <View className="window-row">
        {(list ?? []).map((w) => (
          <View key={w.id} className={`btn ${w.id === windowId ? 'choice-on' : ''}`} data-testid="window-option" onClick={() => onPick(w)} {...a11y('radio', { checked: w.id === windowId, label: w.name })}>
            {w.code} · {w.name}
          </View>
        ))}
      </View>
      {(list ?? []).length === 0 && !windows.error ? <Notice>正在读取本中心的窗口…</Notice> : null}
    </>
  );
}
