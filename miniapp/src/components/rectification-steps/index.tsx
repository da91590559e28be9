import { Text, View } from '@tarojs/components';
import { Step, Steps } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/step/style/css';
import type { TRating } from '@bianmin/shared';
import { RECTIFICATION_STEP_LABELS, RECTIFICATION_STEPS } from '@bianmin/shared/constants';
import { momentText } from '../../utils/china-time';
import './index.scss';

type TRectification = NonNullable<TRating['rectification']>;

/**
 * 差评整改 in four steps (回访→核实→整改→答复) as NutUI's vertical Steps: done ones with their time and note, the
 * next one current. The same view for the citizen and the staff. Text keeps the page sizes (长辈版 included).
 */
export function RectificationSteps({ rect }: { rect: Pick<TRectification, 'steps'> }) {
  const done = RECTIFICATION_STEPS.filter((a) => rect.steps.some((s) => s.action === a)).length;
  return (
    <Steps className="rect-steps" direction="vertical" type="dot" status="dynamic" value={done + 1}>
      {RECTIFICATION_STEPS.map((a, i) => {
        const step = rect.steps.find((s) => s.action === a);
        return (
          <Step
            key={a}
            value={i + 1}
            title={
              <View data-testid={`step-${a}`} data-done={step ? 'yes' : 'no'}>
                <Text className="text strong block">
                  {i + 1}. {RECTIFICATION_STEP_LABELS[a]}
                  {step ? '（已完成）' : '（未完成）'}
                </Text>
                {step ? (
                  <Text className="text block">
                    {momentText(step.at)}：{step.note}
                  </Text>
                ) : null}
              </View>
            }
          />
        );
      })}
    </Steps>
  );
}
