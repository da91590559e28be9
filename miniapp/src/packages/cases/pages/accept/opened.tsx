import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TWindowCaseDetail } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import { CaseHead, MissingBox, NoticeList } from '../../components/case-parts';

/** After 受理 or 补正: the case, its progress code and the notice to print (A4 or the 80 mm slip). */
export function Opened({ c, ticketLabel }: { c: TWindowCaseDetail; ticketLabel: string }) {
  return (
    <View data-testid="accept-done">
      <Notice tone="success" testId="accept-done-msg">
        {c.state === 'supplement' ? '已登记，请打印补正告知书交给申请人（一次告知全部所缺材料）。' : '已受理，请打印通知书交给申请人。'}
        {ticketLabel ? `（${ticketLabel} 号）` : ''}
      </Notice>
      <View className="card">
        <Text className="text-2 block">办件查询码（印在通知书上）</Text>
        <Text className="case-code" data-testid="accept-code">
          {c.code}
        </Text>
      </View>
      <CaseHead c={c} />
      <MissingBox missing={c.missing} />
      <NoticeList notices={c.notices} printable />
      <ActionButton tone="primary" block data-testid="open-case" onClick={() => void Taro.redirectTo({ url: `/packages/cases/pages/case/index?id=${c.id}` })}>
        查看办件、继续办理
      </ActionButton>
      <ActionButton block data-testid="back-workbench" onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/staff/pages/workbench/index' }))}>
        返回工作台
      </ActionButton>
    </View>
  );
}
