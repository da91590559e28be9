import { useEffect } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TServiceItem } from '@bianmin/shared';
import { ActionButton } from '../../components/action-button';
import { KeyValue } from '../../components/key-value';
import { LoadState } from '../../components/load-state';
import { Notice } from '../../components/notice';
import { PageShell } from '../../components/page-shell';
import { Section } from '../../components/section';
import { useData } from '../../hooks/use-data';
import { cachedItem, getItem } from '../../services/service-items';
import { caseTypeText, dateText, visitsText } from '../../utils/format';
import { ConditionsAndProcedure, LimitsFeePlace, MaterialsSection, PhonesAndBasis } from './guide-sections';
import { pageUrl } from '../../utils/page-url';
import './index.scss';

/** 申请帮办 / 代办 / 上门服务, shown for what the item offers. */
const ASSIST_MODES = [
  { mode: 'help', flag: 'help', label: '申请帮办' },
  { mode: 'delegate', flag: 'delegate', label: '申请代办' },
  { mode: 'home', flag: 'homeVisit', label: '申请上门服务' },
] as const;

/** The whole 办事指南 of one matter: every element the 一次性告知 rule asks to tell in one go. */
export default function ItemDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const cached = cachedItem(id);
  // The copy saved on the phone shows at once; getItem itself falls back to it when the network fails.
  const item = useData(id, () => getItem(id), { initial: cached ? { data: cached.item, offline: false } : null });
  const name = item.data?.data.name;
  useEffect(() => {
    if (name) Taro.setNavigationBarTitle({ title: name }).catch(() => undefined);
  }, [name]);
  const offline = item.data !== null && (item.data.offline || item.error !== '');
  return (
    <PageShell className="item-page">
      {offline ? <Notice tone="offline">网络不好，这是上次保存在手机上的内容，可能不是最新的</Notice> : null}
      <LoadState state={item}>{(r) => <ItemGuide item={r.data} />}</LoadState>
    </PageShell>
  );
}

function ItemGuide({ item }: { item: TServiceItem }) {
  const ct = caseTypeText(item.caseType);
  const openChecklist = () => Taro.navigateTo({ url: pageUrl('checklist', { id: item.id }) });
  const openDelegation = (mode: string) => Taro.navigateTo({ url: `/packages/delegation/pages/new/index?itemId=${item.id}&mode=${mode}` });
  const openBooking = () => Taro.navigateTo({ url: `/packages/booking/pages/new/index?itemId=${item.id}` });
  const anyAssist = item.assistance.help || item.assistance.delegate || item.assistance.homeVisit;

  return (
    <>
      <View className="card">
        <Text className="huge block" data-testid="item-name">
          {item.name}
        </Text>
        <View className="tags">
          <Text className="tag" data-testid="case-type">
            {ct.label}
          </Text>
          <Text className="tag tag-green">{visitsText(item.visits)}</Text>
          <Text className={item.fee.free ? 'tag tag-green' : 'tag tag-warn'}>{item.fee.free ? '免费' : '收费'}</Text>
        </View>
        <Text className="text-2 block item-hint">
          {ct.label}：{ct.hint}
        </Text>
        <KeyValue label="事项编码">{item.code}</KeyValue>
        <KeyValue label="办理部门">{item.department}</KeyValue>
        <KeyValue label="办理窗口">{item.window}</KeyValue>
        <KeyValue label="服务中心">{item.centerName}</KeyValue>
        <ActionButton tone="primary" block data-testid="open-booking" onClick={openBooking}>
          预约办理
        </ActionButton>
        <ActionButton block data-testid="open-checklist" onClick={openChecklist}>
          对照我的材料，看还缺什么
        </ActionButton>
      </View>

      <MaterialsSection item={item} />
      <ConditionsAndProcedure item={item} />
      <LimitsFeePlace item={item} />

      <Section title="帮办代办" testId="assistance">
        <Text className="text block">帮办（工作人员帮您准备材料、陪同办理）：{item.assistance.help ? '提供' : '不提供'}</Text>
        <Text className="text block">代办（材料交齐后由代办员全程办理）：{item.assistance.delegate ? '提供' : '不提供'}</Text>
        <Text className="text block">上门服务（行动不便的群众）：{item.assistance.homeVisit ? '提供' : '不提供'}</Text>
        {anyAssist ? <Text className="text-2 block">帮办代办全程免费。</Text> : null}
        {ASSIST_MODES.filter((m) => item.assistance[m.flag]).map((m) => (
          <ActionButton key={m.mode} block data-testid={`apply-${m.mode}`} onClick={() => openDelegation(m.mode)}>
            {m.label}
          </ActionButton>
        ))}
      </Section>

      <PhonesAndBasis item={item} />

      <Text className="text-2 block item-version">
        第{item.version}版 · {dateText(item.publishedAt)}发布
      </Text>
      <ActionButton tone="primary" block onClick={openChecklist}>
        对照我的材料，看还缺什么
      </ActionButton>
    </>
  );
}
