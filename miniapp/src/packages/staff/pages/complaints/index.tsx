import type { TUser } from '@bianmin/shared';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate, STAFF_ROLES } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { listCenters } from '../../../../services/centers';
import { ComplaintCard } from '../../components/complaints/complaint-card';
import { centerComplaints } from '../../services/evaluation';
import '../../styles/evaluation.scss';

/**
 * 投诉建议处理 (staff/admin): every complaint and suggestion of the center (admin: and below), with 转办 to the
 * responsible center (1 working day), 答复 (5 working days) and, for an admin, 核实 of a complaint.
 */
export default function StaffComplaints() {
  return (
    <PageShell>
      <RoleGate roles={STAFF_ROLES} prompt="这个页面只供工作人员使用，请用工作人员账号登录。" loginUrl="/packages/staff/pages/login/index" loginText="工作人员登录" loginTestId="go-staff-login" redirect>
        {(user) => <Complaints user={user} />}
      </RoleGate>
    </PageShell>
  );
}

function Complaints({ user }: { user: TUser }) {
  const complaints = useData('complaints', centerComplaints);
  const centers = useData('centers', listCenters);
  const items = complaints.data;
  return (
    <>
      {complaints.error ? (
        <Notice tone="error" testId="complaints-error">
          {complaints.error}
        </Notice>
      ) : null}
      {!items && !complaints.error ? <Notice>正在查询…</Notice> : null}
      {items?.length === 0 ? <Notice testId="no-complaints">没有投诉建议。</Notice> : null}
      {(items ?? []).map((c) => (
        <ComplaintCard key={c.id} c={c} centers={centers.data ?? []} isAdmin={user.role === 'admin'} onUpdated={(u) => complaints.setData((list) => (list ?? []).map((x) => (x.id === u.id ? u : x)))} />
      ))}
    </>
  );
}
