import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { TCenterSettingsPatch, TCenterSettingsView } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { useData } from '../../../../hooks/use-data';
import { messageOf } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { SETTING_GROUPS, WEEKDAY_NAMES, parseSpans, sourceText, spansText, valueAt } from '../../components/settings-text';
import { getSettings, putSettings } from '../../services/admin';
import { Closures, type Say } from './closures';
import '../../components/admin.scss';

/** A patch that sets (or with null, gives back to inheritance) one setting; chain stages are written as a whole. */
function patchFor(view: TCenterSettingsView, section: string, key: string, value: number | boolean | null): TCenterSettingsPatch {
  if (section.startsWith('chain.')) {
    const which = section.split('.')[1] as 'three' | 'two';
    // A chain's stages are one decision: written whole, and given back to inheritance whole.
    if (value === null) return { chain: { [which]: null } } as TCenterSettingsPatch;
    return { chain: { [which]: { ...(view.settings.chain[which] as Record<string, number>), [key]: value } } } as TCenterSettingsPatch;
  }
  return { [section]: { [key]: value } } as TCenterSettingsPatch;
}

function SettingRow({ view, section, k, onSave }: { view: TCenterSettingsView; section: string; k: (typeof SETTING_GROUPS)[number]['keys'][number]; onSave: (p: TCenterSettingsPatch) => void }) {
  const path = `${section}.${k.key}`;
  const current = valueAt(view.settings, path);
  const [text, setText] = useState(String(current ?? ''));
  const own = sourceText(view, path) === '本中心设置';
  return (
    <View className="list-row" data-testid={`setting-${path}`}>
      <Text className="text strong block">{k.label}</Text>
      <Text className="text-2 block source">
        现在：{k.bool ? (current ? '是' : '否') : `${String(current)}${k.unit}`}（{sourceText(view, path)}）
      </Text>
      {k.bool ? (
        <View className="choice-row">
          <ActionButton onClick={() => onSave(patchFor(view, section, k.key, !current))}>{current ? '改为“否”' : '改为“是”'}</ActionButton>
          {own ? <ActionButton onClick={() => onSave(patchFor(view, section, k.key, null))}>恢复继承</ActionButton> : null}
        </View>
      ) : (
        <View className="choice-row">
          <Input className="input" type="number" value={text} onInput={(e) => setText(e.detail.value)} aria-label={`${k.label}（${k.unit}）`} data-testid={`setting-input-${path}`} />
          <ActionButton data-testid={`setting-save-${path}`} onClick={() => onSave(patchFor(view, section, k.key, Number(text)))}>
            保存
          </ActionButton>
          {own ? <ActionButton onClick={() => onSave(patchFor(view, section, k.key, null))}>{section.startsWith('chain.') ? '整组恢复继承' : '恢复继承'}</ActionButton> : null}
        </View>
      )}
    </View>
  );
}

function WeeklyHours({ view, onSave }: { view: TCenterSettingsView; onSave: (p: TCenterSettingsPatch) => void }) {
  const [week, setWeek] = useState<Record<string, string>>(() => Object.fromEntries(Object.keys(WEEKDAY_NAMES).map((d) => [d, spansText(view.settings.hours.weekly[d as '1'])])));
  const save = () => onSave({ hours: { weekly: Object.fromEntries(Object.entries(week).filter(([, t]) => t.trim()).map(([d, t]) => [d, parseSpans(t)])) } });
  return (
    <View className="card" data-testid="settings-hours">
      <Text className="section-title">每周办公时间</Text>
      <Text className="text-2 block source">来源：{sourceText(view, 'hours.weekly')}。格式如 08:30-12:00,13:00-17:30；空着表示休息。</Text>
      {Object.keys(WEEKDAY_NAMES).map((d) => (
        <View key={d} className="field">
          <Text className="field-label">{WEEKDAY_NAMES[d]}</Text>
          <Input className="input" value={week[d]} onInput={(e) => setWeek((w) => ({ ...w, [d]: e.detail.value }))} aria-label={`${WEEKDAY_NAMES[d]}办公时间`} />
        </View>
      ))}
      <View className="choice-row">
        <ActionButton tone="primary" onClick={save}>
          保存每周办公时间
        </ActionButton>
        <ActionButton onClick={() => onSave({ hours: { weekly: null } })}>恢复继承</ActionButton>
      </View>
    </View>
  );
}

/** 中心设置: every rule of the center with where its value comes from (默认 / 本中心 / 上级), editable one by one. */
export default function Settings() {
  const { user } = useSession();
  const centerId = user?.role === 'admin' ? (user.centerId ?? '') : '';
  const view = useData(centerId ? `settings|${centerId}` : null, () => getSettings(centerId));
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const say: Say = (tone, text) => setMessage({ tone, text });
  if (!centerId) {
    return (
      <PageShell>
        <Notice tone="error">中心设置只供中心管理员修改。</Notice>
      </PageShell>
    );
  }
  const save = async (patch: TCenterSettingsPatch) => {
    try {
      view.setData(await putSettings(centerId, patch));
      say('success', '已保存。本中心和未单独设置的下级中心从现在起按新规则执行。');
    } catch (e) {
      say('error', messageOf(e));
    }
  };
  return (
    <PageShell className="admin">
      {message ? (
        <Notice tone={message.tone} testId="settings-message">
          {message.text}
        </Notice>
      ) : null}
      <LoadState state={view}>
        {(v) => (
          <>
            {SETTING_GROUPS.map((g) => (
              <View key={g.section} className="card" data-testid={`settings-${g.section}`}>
                <Text className="section-title">{g.title}</Text>
                {g.keys.map((k) => (
                  <SettingRow key={`${g.section}.${k.key}.${String(valueAt(v.settings, `${g.section}.${k.key}`))}`} view={v} section={g.section} k={k} onSave={(p) => void save(p)} />
                ))}
              </View>
            ))}
            <WeeklyHours key={JSON.stringify(v.settings.hours)} view={v} onSave={(p) => void save(p)} />
          </>
        )}
      </LoadState>
      <Closures centerId={centerId} say={say} />
    </PageShell>
  );
}
