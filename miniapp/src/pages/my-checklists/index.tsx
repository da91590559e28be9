import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { PageShell } from '../../components/page-shell';
import { Notice } from '../../components/notice';
import { deleteChecklist, listChecklists } from '../../services/checklists';
import { messageOf } from '../../services/request';
import { RoleGate } from '../../components/role-gate';
import { useData } from '../../hooks/use-data';
import { useFeedback } from '../../hooks/use-feedback';
import { dateText } from '../../utils/format';
import './index.scss';
import { ActionButton } from '../../components/action-button';
import { pageUrl } from '../../utils/page-url';

/** 我的清单: saved checklists, newest first. Deleting asks again inline (no dialogs in 长辈版). */
export default function MyChecklists() {
  return (
    <PageShell>
      <RoleGate roles={['citizen', 'agent', 'staff', 'admin']} prompt="登录后才能看到保存的清单。" loginTestId="go-login">
        {() => <SavedList />}
      </RoleGate>
    </PageShell>
  );
}

function SavedList() {
  // Every time the page shows: a checklist may have been saved meanwhile.
  const list = useData('mine', listChecklists, { refreshOnShow: true });
  const items = list.data;
  const [confirming, setConfirming] = useState<string | null>(null);
  const { feedback, show } = useFeedback();

  const remove = async (id: string) => {
    try {
      await deleteChecklist(id);
      list.setData((prev) => (prev ?? []).filter((c) => c.id !== id));
      setConfirming(null);
      show('success', '已删除');
    } catch (e) {
      show('error', messageOf(e));
    }
  };

  return (
    <>
      <Text className="title block my-checklists-title">我的材料清单</Text>
      {list.error ? <Notice tone="error">{list.error}</Notice> : null}
      {feedback ? <Notice tone={feedback.tone}>{feedback.text}</Notice> : null}
      {items === null && !list.error ? <Notice>正在加载…</Notice> : null}
      {items && items.length === 0 ? <Notice testId="no-checklists">还没有保存的清单。在办事指南里点“对照我的材料”即可生成。</Notice> : null}
      {(items ?? []).map((c) => (
        <View key={c.id} className="card" data-testid="saved-checklist">
          <Text className="title block">{c.itemName}</Text>
          <Text className="text-2 block">保存于 {dateText(c.createdAt)}</Text>
          {c.outdated ? <Notice tone="offline">这个事项的办事指南已更新，请重新核对材料</Notice> : null}
          {c.complete ? (
            <Text className="text strong block">材料已齐全</Text>
          ) : (
            <View>
              <Text className="text strong block">还缺{c.missing.length}项：</Text>
              {c.missing.map((m) => (
                <Text key={m.key} className="text block">
                  · {m.name}
                </Text>
              ))}
            </View>
          )}
          <View className="btn-row">
            <ActionButton
              data-testid="open-saved"
              onClick={() => Taro.navigateTo({ url: pageUrl('checklist', { id: c.itemId, saved: c.id }) })}
            >
              打开
            </ActionButton>
            {confirming === c.id ? (
              <ActionButton tone="danger" data-testid="confirm-delete" onClick={() => void remove(c.id)}>
                确定删除
              </ActionButton>
            ) : (
              <ActionButton tone="danger" data-testid="delete-saved" onClick={() => setConfirming(c.id)}>
                删除
              </ActionButton>
            )}
          </View>
        </View>
      ))}
    </>
  );
}
