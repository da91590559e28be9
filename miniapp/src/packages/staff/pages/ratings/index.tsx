import { useEffect } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import type { TUser } from '@bianmin/shared';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate, STAFF_ROLES } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { RatingCard } from '../../components/ratings/rating-card';
import { centerRatings } from '../../services/evaluation';
import '../../../../styles/feedback.scss';
import '../../styles/evaluation.scss';

/**
 * 差评跟进 (staff/admin of the center): each 差评 with the rater's phone, the deadlines and the steps so far, a form
 * for the next step (回访→核实→整改→答复) and 申诉 for a wrong or malicious rating. `?mode=appeals` (admin):
 * 申诉复核 — every rating of the center with an appeal waiting for a decision.
 */
export default function StaffRatings() {
  const { params } = useRouter();
  const appeals = params.mode === 'appeals';
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: appeals ? '申诉复核' : '差评跟进' }).catch(() => undefined);
  }, [appeals]);
  return (
    <PageShell>
      <RoleGate roles={STAFF_ROLES} prompt="这个页面只供工作人员使用，请用工作人员账号登录。" loginUrl="/packages/staff/pages/login/index" loginText="工作人员登录" loginTestId="go-staff-login" redirect>
        {(user) => <Ratings user={user} appeals={appeals} />}
      </RoleGate>
    </PageShell>
  );
}

function Ratings({ user, appeals }: { user: TUser; appeals: boolean }) {
  const ratings = useData(appeals ? 'appeals' : 'bad', async () => {
    const list = await centerRatings(!appeals);
    return appeals ? list.filter((r) => r.appeal?.status === 'pending') : list;
  });
  const items = ratings.data;
  return (
    <>
      {ratings.error ? (
        <Notice tone="error" testId="ratings-error">
          {ratings.error}
        </Notice>
      ) : null}
      {!items && !ratings.error ? <Notice>正在查询…</Notice> : null}
      {items?.length === 0 ? <Notice testId="no-bad-ratings">{appeals ? '没有待复核的申诉。' : '本中心没有差评。'}</Notice> : null}
      {(items ?? []).map((r) => (
        <RatingCard key={r.id} r={r} appeals={appeals} isAdmin={user.role === 'admin'} onUpdated={(u) => ratings.setData((list) => (list ?? []).map((x) => (x.id === u.id ? u : x)))} />
      ))}
    </>
  );
}
