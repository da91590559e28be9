import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TUser } from '@bianmin/shared';
import { a11y } from '../../../../utils/a11y';

/** Follow-up screens of the evaluation system; 我的考核 is the staff member's own line (admins see the 考核 table). */
const EVALUATION_LINKS: { text: string; url: string; testId: string; roles: TUser['role'][] }[] = [
  { text: '差评跟进（回访、整改、申诉）', url: '/packages/staff/pages/ratings/index', testId: 'go-bad-ratings', roles: ['staff', 'admin'] },
  { text: '投诉建议处理', url: '/packages/staff/pages/complaints/index', testId: 'go-complaints', roles: ['staff', 'admin'] },
  { text: '我的考核', url: '/packages/staff/pages/scorecard/index', testId: 'go-my-scorecard', roles: ['staff'] },
  { text: '申诉复核', url: '/packages/staff/pages/ratings/index?mode=appeals', testId: 'go-appeals', roles: ['admin'] },
  { text: '群众评议问卷（建问卷、评议卡、结果）', url: '/packages/staff/pages/surveys/index', testId: 'go-surveys', roles: ['admin'] },
  { text: '考核（中心、窗口、工作人员、代办员）', url: '/packages/staff/pages/scorecards/index', testId: 'go-scorecards', roles: ['admin'] },
];

/** 好差评与考核: the screens this role may open. */
export function EvaluationLinks({ role }: { role: TUser['role'] }) {
  return (
    <View className="card evaluation-links" data-testid="evaluation-links">
      <Text className="section-title">好差评与考核</Text>
      {EVALUATION_LINKS.filter((l) => l.roles.includes(role)).map((l) => (
        <View key={l.testId} className="link block" data-testid={l.testId} onClick={() => void Taro.navigateTo({ url: l.url })} {...a11y('link')}>
          {l.text}
        </View>
      ))}
    </View>
  );
}
