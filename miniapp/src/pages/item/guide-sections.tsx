import { Text, View } from '@tarojs/components';
import type { TServiceItem } from '@bianmin/shared';
import { KeyValue } from '../../components/key-value';
import { PhoneLink } from '../../components/phone-link';
import { Section } from '../../components/section';
import { formText, limitText, visitsText } from '../../utils/format';

const REQUIREMENT_LABELS = { required: '必须', conditional: '视情况', optional: '可选' } as const;

/** 需要的材料: each with whether it is needed, its form, when (for conditional ones), where to get it. */
export function MaterialsSection({ item }: { item: TServiceItem }) {
  const question = (key?: string) => item.questions.find((q) => q.key === key)?.text;
  return (
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
          {m.requirement === 'conditional' ? <Text className="text-2 block">什么情况要：{question(m.whenQuestion)} 答“是”时需要</Text> : null}
          {m.source ? <Text className="text-2 block">从哪里开：{m.source}</Text> : null}
          {m.notes ? <Text className="text-2 block">注意：{m.notes}</Text> : null}
        </View>
      ))}
    </Section>
  );
}

/** 申请条件 and 办理流程. */
export function ConditionsAndProcedure({ item }: { item: TServiceItem }) {
  return (
    <>
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
    </>
  );
}

/** 多长时间办好, 收费 and 去哪里办. */
export function LimitsFeePlace({ item }: { item: TServiceItem }) {
  return (
    <>
      <Section title="多长时间办好" testId="limits">
        <KeyValue label="承诺时限" strong>
          {limitText(item.committedLimitDays)}
        </KeyValue>
        <KeyValue label="法定时限">{limitText(item.legalLimitDays)}</KeyValue>
        <Text className="text-2 block">工作日不含周末和法定节假日。材料不齐时，从补齐之日起计算。</Text>
      </Section>
      <Section title="收费" testId="fee">
        {item.fee.free ? (
          <Text className="text strong block">免费</Text>
        ) : (
          <View>
            <KeyValue label="收费标准">{item.fee.standard}</KeyValue>
            <KeyValue label="收费依据">{item.fee.basis}</KeyValue>
          </View>
        )}
      </Section>
      <Section title="去哪里办" testId="place">
        <KeyValue label="到现场" strong>
          {visitsText(item.visits)}
        </KeyValue>
        <KeyValue label="办理地点">{item.place}</KeyValue>
        <KeyValue label="办理时间">{item.hours}</KeyValue>
      </Section>
    </>
  );
}

/** 电话, 设定依据 and 常见问题. */
export function PhonesAndBasis({ item }: { item: TServiceItem }) {
  return (
    <>
      <Section title="电话" testId="phones">
        <KeyValue label="咨询电话">
          <PhoneLink phone={item.consultPhone} label="咨询" testId="consult-phone" />
        </KeyValue>
        <KeyValue label="投诉电话">
          <PhoneLink phone={item.complaintPhone} label="投诉" testId="complaint-phone" />
        </KeyValue>
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
    </>
  );
}
