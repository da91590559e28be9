import { Image, Text, View } from '@tarojs/components';
import type { TStaffDirectory } from '@bianmin/shared';
import { useData } from '../../../../hooks/use-data';
import { getBooking } from '../../../../services/bookings';
import { API_BASE } from '../../../../services/api-base';
import { request } from '../../../../services/request';

type Served = { centerName: string; windowName: string; people: TStaffDirectory['items'] };

/** The booking's center and window, then who serves at that window (挂牌上岗 directory). */
async function servedAt(bookingId: string): Promise<Served> {
  const b = await getBooking(bookingId);
  const dir = await request<TStaffDirectory>(`/api/centers/${encodeURIComponent(b.centerId)}/staff`);
  return { centerName: b.centerName, windowName: b.windowName, people: dir.items.filter((p) => p.window?.id === b.windowId) };
}

/**
 * Who serves at the window the citizen is rating (center → window → staff, from the 挂牌上岗 directory), so they can
 * match the name and 工号 with the badge. The rating itself counts for whoever the record says served them: the
 * API never takes the person from the citizen, so nothing here is sent.
 */
export function ServedBy({ bookingId }: { bookingId: string }) {
  const served = useData(bookingId ? `served:${bookingId}` : null, () => servedAt(bookingId));
  const s = served.data;
  if (!s) return null;
  return (
    <View className="card" data-testid="rate-served-by">
      <Text className="section-title">为您服务的窗口</Text>
      <Text className="text block">
        {s.centerName} · {s.windowName}
      </Text>
      {s.people.map((p) => (
        <View key={p.id} className="dim" data-testid="rate-staff">
          {p.photoUrl ? <Image src={`${API_BASE}${p.photoUrl}`} style={{ width: '48px', height: '64px' }} mode="aspectFill" /> : null}
          <Text className="text block">
            {p.name}
            {p.staffNo ? `（工号 ${p.staffNo}）` : ''}
            {p.post ? ` · ${p.post}` : ''}
          </Text>
        </View>
      ))}
      <Text className="text-2 block">评价计入为您办理的工作人员（以办理记录为准）。</Text>
    </View>
  );
}
