import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { TCalendarRule } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { useData } from '../../../../hooks/use-data';
import { messageOf } from '../../../../services/request';
import { a11y } from '../../../../utils/a11y';
import { parseSpans } from '../../components/settings-text';
import { calendarRules, deleteCalendarDay, putCalendarDay } from '../../services/admin';

export type Say = (tone: 'success' | 'error', text: string) => void;

const KIND_TEXT: Record<string, string> = { closed: '闭馆（不办公）', open: '加开或延时服务', holiday: '法定节假日', workday: '调休上班' };

/** 闭馆 and 加开/延时 days of this center (the national holidays are set by the county). */
export function Closures({ centerId, say }: { centerId: string; say: Say }) {
  const year = new Date().getFullYear();
  const rules = useData(`rules|${centerId}|${year}`, async () => [...(await calendarRules(centerId, year)).items, ...(await calendarRules(centerId, year + 1)).items]);
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'closed' | 'open'>('closed');
  const [name, setName] = useState('');
  const [hours, setHours] = useState('');
  const add = async () => {
    try {
      await putCalendarDay({ scope: centerId, date: date.trim(), kind, ...(name.trim() ? { name: name.trim() } : {}), ...(kind === 'open' && hours.trim() ? { hours: parseSpans(hours) } : {}) });
      say('success', '已保存，这一天的预约和时限按新规则计算。');
      await rules.reload();
    } catch (e) {
      say('error', messageOf(e));
    }
  };
  const remove = async (r: TCalendarRule) => {
    try {
      await deleteCalendarDay(centerId, r.date);
      await rules.reload();
    } catch (e) {
      say('error', messageOf(e));
    }
  };
  return (
    <View className="card" data-testid="settings-closures">
      <Text className="section-title">闭馆、加开与延时服务</Text>
      <LoadState state={rules}>
        {(items) => (
          <View>
            {items.length === 0 ? <Text className="text-2 block">今年还没有设置。</Text> : null}
            {items.map((r) => (
              <View key={r.date} className="list-row">
                <Text className="text block">
                  {r.date} {KIND_TEXT[r.kind] ?? r.kind} {r.name} {r.hours.join(',')}
                </Text>
                <ActionButton tone="danger" onClick={() => void remove(r)}>
                  删除
                </ActionButton>
              </View>
            ))}
          </View>
        )}
      </LoadState>
      <View className="field">
        <Text className="field-label">日期（如 2026-12-24）</Text>
        <Input className="input" value={date} onInput={(e) => setDate(e.detail.value)} aria-label="日期" />
      </View>
      <View className="choice-row" role="group" aria-label="这一天">
        {(['closed', 'open'] as const).map((k) => (
          <View key={k} className={`btn${k === kind ? ' choice-on' : ''}`} onClick={() => setKind(k)} {...a11y('button', { pressed: k === kind, focusable: true })}>
            {KIND_TEXT[k]}
          </View>
        ))}
      </View>
      <View className="field">
        <Text className="field-label">说明（如 设备检修、午间延时服务）</Text>
        <Input className="input" value={name} onInput={(e) => setName(e.detail.value)} aria-label="说明" />
      </View>
      {kind === 'open' ? (
        <View className="field">
          <Text className="field-label">办公时间（延时填写全天时段，如 08:30-12:00,12:00-13:00,13:00-18:30）</Text>
          <Input className="input" value={hours} onInput={(e) => setHours(e.detail.value)} aria-label="办公时间" />
        </View>
      ) : null}
      <ActionButton tone="primary" onClick={() => void add()}>
        保存这一天
      </ActionButton>
    </View>
  );
}
