import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { TComplaintStatus } from '@bianmin/shared';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { messageOf } from '../../../../services/request';
import { momentText } from '../../../../utils/china-time';
import { complaintStatus } from '../../services/feedback';
import '../../../../styles/feedback.scss';
import { ActionButton } from '../../../../components/action-button';

// The labels of schemas/complaint (kept here: that module brings zod into the bundle).
const STATUS_LABELS: Record<TComplaintStatus['status'], string> = { received: '已收到', routed: '已转办', answered: '已答复' };

/** 凭查询码查进度: status and answer, no personal data. */
export default function ComplaintStatusPage() {
  const { params } = useRouter();
  const [code, setCode] = useState(params.code ?? '');
  const [found, setFound] = useState<TComplaintStatus | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const look = async (c: string) => {
    const clean = c.replace(/\s+/g, '').toUpperCase();
    if (clean.length !== 8) {
      setError('查询码是8位字母和数字');
      setFound(null);
      return;
    }
    setBusy(true);
    setError('');
    try {
      setFound(await complaintStatus(clean));
    } catch (e) {
      setFound(null);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (params.code) void look(params.code);
    // Only for a code handed over in the link.
  }, [params.code]);

  return (
    <PageShell>
      <View className="field">
        <Text className="field-label">查询码（8位）</Text>
        <Input className="input" data-testid="status-code" value={code} maxlength={8} placeholder="如 7K3M9QXA" onInput={(e) => setCode(e.detail.value)} aria-label="查询码" />
      </View>
      <ActionButton tone="primary" block data-testid="status-submit" loading={busy} disabled={busy} onClick={() => void look(code)}>
        查询
      </ActionButton>
      {error ? (
        <Notice tone="error" testId="status-error">
          {error}
        </Notice>
      ) : null}
      {found ? (
        <View className="card" data-testid="status-result" data-status={found.status}>
          <Text className="text-2 block">
            {found.kind === 'complaint' ? '投诉' : '建议'} · 查询码 {found.code}
          </Text>
          <Text className="title block" data-testid="status-label">
            {STATUS_LABELS[found.status]}
          </Text>
          <Text className="text-2 block">提交时间：{momentText(found.filedAt)}</Text>
          {found.answer ? (
            <View data-testid="status-answer">
              <Text className="section-title">答复</Text>
              <Text className="text block">{found.answer}</Text>
              {found.answeredAt ? <Text className="text-2 block">答复时间：{momentText(found.answeredAt)}</Text> : null}
            </View>
          ) : (
            <Text className="text block">还在办理中，答复期限：{momentText(found.answerDue)}</Text>
          )}
        </View>
      ) : null}
    </PageShell>
  );
}
