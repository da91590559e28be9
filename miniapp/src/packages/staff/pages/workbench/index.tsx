import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TUser } from '@bianmin/shared';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate, STAFF_ROLES } from '../../../../components/role-gate';
import { RoleAreas } from '../../../../components/role-areas';
import { readStored, STORAGE_KEYS, writeStored } from '../../../../services/storage';
import type { TWindow } from '../../services/staff';
import { CheckInCard } from '../../components/workbench/check-in-card';
import { DayBookings } from '../../components/workbench/day-bookings';
import { EvaluationLinks } from '../../components/workbench/evaluation-links';
import { QueueCard } from '../../components/workbench/queue-card';
import { useWorkbench } from '../../components/workbench/use-workbench';
import { WindowPicker } from '../../components/workbench/window-picker';
import './index.scss';

/**
 * 窗口工作台: pick the window, check bookings in by their code, call the queue, issue walk-in numbers, and see
 * today's bookings with who has arrived. Messages stay next to the action that caused them.
 */
export default function Workbench() {
  return (
    <PageShell className="workbench">
      <RoleGate roles={STAFF_ROLES} prompt="窗口工作台只供工作人员使用，请用工作人员账号登录。" loginUrl="/packages/staff/pages/login/index" loginText="工作人员登录" loginTestId="go-staff-login" redirect>
        {(user) => <WorkbenchBody user={user} />}
      </RoleGate>
    </PageShell>
  );
}

function WorkbenchBody({ user }: { user: TUser }) {
  const [windowId, setWindowId] = useState<string>(() => readStored<string>(STORAGE_KEYS.staffWindow) ?? '');
  const [windows, setWindows] = useState<TWindow[]>([]);
  const { queue, bookings, busy, refresh, run } = useWorkbench(windowId);
  const pick = useCallback((w: TWindow) => {
    setWindowId(w.id);
    writeStored(STORAGE_KEYS.staffWindow, w.id);
  }, []);
  const windowName = windows.find((w) => w.id === windowId)?.name ?? '';

  return (
    <>
      <View className="card">
        <Text className="title block">窗口工作台</Text>
        <Text className="text-2 block">
          {user.centerName} · {user.name}
        </Text>
        {user.centerId ? <WindowPicker centerId={user.centerId} windowId={windowId} onPick={pick} onWindows={setWindows} /> : null}
      </View>
      <CheckInCard busy={busy} run={run} />
      <QueueCard windowId={windowId} windowName={windowName} queue={queue} busy={busy} run={run} refresh={refresh} windows={windows} />
      <DayBookings bookings={bookings} busy={busy} run={run} />
      <EvaluationLinks role={user.role} />
      <RoleAreas role={user.role} except="/packages/staff/pages/workbench/index" withMine title="其他工作" />
    </>
  );
}
