import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { TServiceItem } from '@bianmin/shared';
import { PageShell } from '../../components/page-shell';
import { Section } from '../../components/section';
import { Notice } from '../../components/notice';
import { PhoneLink } from '../../components/phone-link';
import { cachedItem, getItem } from '../../services/service-items';
import { messageOf } from '../../services/request';
import { caseTypeText, dateText, formText, limitText, visitsText } from '../../utils/format';
import './index.scss';

/** 申请帮办 / 代办 / 上门服务, shown for what the item offers. */
const ASSIST_MODES = [
  { mode: 'help', flag: 'help', label: '申请帮办' },
  { mode: 'delegate', flag: 'delegate', label: '申请代办' },
  { mode: 'home', flag: 'homeVisit', label: '申请上门服务' },
] as const;

const REQUIREMENT_LABELS = { required: '必须', conditional: '视情况', optional: '可选' } as const;

/** The whole 办事指南 of one matter: every element the 一次性告知 rule asks to tell in one go. */
export default function ItemDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [item, setItem] = useState<TServiceItem | null>(() => cachedItem(id)?.item ?? null);
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    getItem(id)
      .then((r) => {
        setItem(r.data);
        setOffline(r.offline);
        Taro.setNavigationBarTitle({ title: r.data.name }).catch(() => undefined);
      })
      .catch((e) => {
        if (!item) setError(messageOf(e));
        else setOffline(true);
      });
    // Load once per opened id.
  }, [id]);

  if (!item) {
    return (
      <PageShell>
        {error ? <Notice tone="error">{error}</Notice> : <Notice>正在打开…</Notice>}
      </PageShell>
    );
  }

  const ct = caseTypeText(item.caseType);
  const question = (key?: string) => item.questions.find((q) => q.key === key)?.text;
  const openChecklist = () => Taro.navigateTo({ url: `/pages/checklist/index?id=${item.id}` });
  const openDelegation = (mode: string) => Taro.navigateTo({ url: `/packages/delegation/pages/new/index?itemId=${item.id}&mode=${mode}` });
  const openBooking = () => Taro.navigateTo({ url: `/packages/booking/pages/new/index?itemId=${item.id}` });

  return (
    <PageShell className="item-page">
      {offline ? <Notice tone="offline">网络不好，这是上次保存在手机上的内容，可能不是最新的</Notice> : null}

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
        <View className="kv">
          <Text className="k">事项编码</Text>
          <Text className="v">{item.code}</Text>
        </View>
        <View className="kv">
          <Text className="k">办理部门</Text>
          <Text className="v">{item.department}</Text>
        </View>
        <View className="kv">
          <Text className="k">办理窗口</Text>
          <Text className="v">{item.window}</Text>
        </View>
        <View className="kv">
          <Text className="k">服务中心</Text>
          <Text className="v">{item.centerName}</Text>
        </View>
        <Button className="btn btn-primary btn-block" data-testid="open-booking" onClick={openBooking}>
          预约办理
        </Button>
        <Button className="btn btn-block" data-testid="open-checklist" onClick={openChecklist}>
          对照我的材料，看还缺什么
        </Button>
      </View>

      <Section title={`需要的材料（共${item.materials.length}项）`} testId="materials">
        {item.materials.length === 0 ? <Text className="text block">不需要提交材料</Text> : null}
        {item.materials.map((m, i) => (
          <View key={m.key} className="list-row material" data-testid={`material-info-${m.key}`}>
            <Text className="text strong block">
              {i + 1}. {m.name}
            </Text>
            <View className="tags">
              <Text className={m.requirement === 'required' ? 'tag' : 'tag tag-warn'}>{REQUIREMENT_LABELS[m.requirement]}</Text>
              <Text className="tag">{formText(m.form, m.copies)}</Text>
            </View>
            {m.requirement === 'conditional' ? (
              <Text className="text-2 block">什么情况要：{question(m.whenQuestion)} 答“是”时需要</Text>
            ) : null}
            {m.source ? <Text className="text-2 block">从哪里开：{m.source}</Text> : null}
            {m.notes ? <Text className="text-2 block">注意：{m.notes}</Text> : null}
          </View>
        ))}
      </Section>

      <Section title="申请条件" testId="conditions">
        {item.conditions.length === 0 ? <Text className="text block">无特别条件</Text> : null}
        {item.conditions.map((c, i) => (
          <Text key={i} className="text block list-row">
            {i + 1}. {c}
          </Text>
        ))}
      </Section>

      <Section title="办理流程" testId="procedure">
        {item.procedure.map((s, i) => (
          <View key={i} className="list-row step">
            <Text className="text strong block">
              第{i + 1}步：{s.title}
            </Text>
            <Text className="text-2 block">{s.description}</Text>
          </View>
        ))}
      </Section>

      <Section title="多长时间办好" testId="limits">
        <View className="kv">
          <Text className="k">承诺时限</Text>
          <Text className="v strong">{limitText(item.committedLimitDays)}</Text>
        </View>
        <View className="kv">
          <Text className="k">法定时限</Text>
          <Text className="v">{limitText(item.legalLimitDays)}</Text>
        </View>
        <Text className="text-2 block">工作日不含周末和法定节假日。材料不齐时，从补齐之日起计算。</Text>
      </Section>

      <Section title="收费" testId="fee">
        {item.fee.free ? (
          <Text className="text strong block">免费</Text>
        ) : (
          <View>
            <View className="kv">
              <Text className="k">收费标准</Text>
              <Text className="v">{item.fee.standard}</Text>
            </View>
            <View className="kv">
              <Text className="k">收费依据</Text>
              <Text className="v">{item.fee.basis}</Text>
            </View>
          </View>
        )}
      </Section>

      <Section title="去哪里办" testId="place">
        <View className="kv">
          <Text className="k">到现场</Text>
          <Text className="v strong">{visitsText(item.visits)}</Text>
        </View>
        <View className="kv">
          <Text className="k">办理地点</Text>
          <Text className="v">{item.place}</Text>
        </View>
        <View className="kv">
          <Text className="k">办理时间</Text>
          <Text className="v">{item.hours}</Text>
        </View>
      </Section>

      <Section title="帮办代办" testId="assistance">
        <Text className="text block">帮办（工作人员帮您准备材料、陪同办理）：{item.assistance.help ? '提供' : '不提供'}</Text>
        <Text className="text block">代办（材料交齐后由代办员全程办理）：{item.assistance.delegate ? '提供' : '不提供'}</Text>
        <Text className="text block">上门服务（行动不便的群众）：{item.assistance.homeVisit ? '提供' : '不提供'}</Text>
        {item.assistance.help || item.assistance.delegate || item.assistance.homeVisit ? (
          <Text className="text-2 block">帮办代办全程免费。</Text>
        ) : null}
        {ASSIST_MODES.filter((m) => item.assistance[m.flag]).map((m) => (
          <Button key={m.mode} className="btn btn-block" data-testid={`apply-${m.mode}`} onClick={() => openDelegation(m.mode)}>
            {m.label}
          </Button>
        ))}
      </Section>

      <Section title="电话" testId="phones">
        <View className="kv">
          <Text className="k">咨询电话</Text>
          <PhoneLink phone={item.consultPhone} label="咨询" testId="consult-phone" />
        </View>
        <View className="kv">
          <Text className="k">投诉电话</Text>
          <PhoneLink phone={item.complaintPhone} label="投诉" testId="complaint-phone" />
        </View>
      </Section>

      <Section title="设定依据" testId="legal-basis">
        {item.legalBasis.map((b, i) => (
          <Text key={i} className="text block list-row">
            {b}
          </Text>
        ))}
      </Section>

      {item.faqs.length ? (
        <Section title="常见问题" testId="faqs">
          {item.faqs.map((f, i) => (
            <View key={i} className="list-row">
              <Text className="text strong block">问：{f.q}</Text>
              <Text className="text block">答：{f.a}</Text>
            </View>
          ))}
        </Section>
      ) : null}

      <Text className="text-2 block item-version">
        第{item.version}版 · {dateText(item.publishedAt)}发布
      </Text>
      <Button className="btn btn-primary btn-block" onClick={openChecklist}>
        对照我的材料，看还缺什么
      </Button>
    </PageShell>
  );
}
