import type { ReactNode } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { TStaffDirectory } from '@bianmin/shared';
import { a11y } from '../../../../utils/a11y';

type Person = TStaffDirectory['items'][number];
type Window = NonNullable<Person['window']>;

export function Choice({ on, text, testId, onClick }: { on: boolean; text: string; testId: string; onClick: () => void }) {
  return (
    <View className={`btn choice${on ? ' chosen' : ''}`} data-testid={testId} onClick={onClick} {...a11y('radio', { checked: on, label: text })}>
      {text}
    </View>
  );
}

interface StaffPickerProps {
  target: string;
  windows: Window[];
  people: Person[];
  windowId: string;
  setWindowId: (id: string) => void;
  staffId: string;
  setStaffId: (id: string) => void;
  staffNo: string;
  setStaffNo: (no: string) => void;
  reference: string;
  setReference: (ref: string) => void;
  fieldError: (key: string) => ReactNode;
}

/** Which window and staff member (from the 挂牌上岗 directory, by 工号, or 不清楚), and a case/booking code. */
export function StaffPicker(props: StaffPickerProps) {
  const { target, windows, people, windowId, setWindowId, staffId, setStaffId, staffNo, setStaffNo, reference, setReference, fieldError } = props;
  return (
    <View className="field" data-testid="staff-picker">
      {windows.length ? (
        <>
          <Text className="field-label">哪个窗口</Text>
          <View className="choice-row" {...a11y('radiogroup', { label: '哪个窗口' })}>
            <Choice on={!windowId} text="不清楚" testId="window-unknown" onClick={() => setWindowId('')} />
            {windows.map((w) => (
              <Choice key={w.id} on={windowId === w.id} text={`${w.code} ${w.name}`} testId="window-option" onClick={() => setWindowId(w.id)} />
            ))}
          </View>
        </>
      ) : null}
      {target !== 'window' ? (
        <>
          <Text className="field-label">哪位工作人员（见胸牌或办件单上的工号）</Text>
          <View className="choice-col" {...a11y('radiogroup', { label: '哪位工作人员' })}>
            {people.map((p) => (
              <Choice key={p.id} on={staffId === p.id} text={`${p.name}${p.staffNo ? `（工号 ${p.staffNo}）` : ''}`} testId="staff-option" onClick={() => { setStaffId(p.id); setStaffNo(''); }} />
            ))}
            <Choice on={staffId === 'unknown'} text="不清楚" testId="staff-unknown" onClick={() => { setStaffId('unknown'); setStaffNo(''); }} />
          </View>
          <Input className="input" data-testid="staff-no" value={staffNo} maxlength={16} placeholder="或直接填写工号" onInput={(e) => { setStaffNo(e.detail.value); setStaffId(''); }} aria-label="工号" />
          {fieldError('target')}
        </>
      ) : null}
      <Input className="input" data-testid="complaint-reference" value={reference} maxlength={40} placeholder="办件编号或预约码（可不填）" onInput={(e) => setReference(e.detail.value)} aria-label="办件编号或预约码" />
      {fieldError('reference')}
    </View>
  );
}
