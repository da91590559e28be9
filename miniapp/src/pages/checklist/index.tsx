import { useEffect, useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TServiceItem } from '@bianmin/shared';
import { checkMaterials } from '@bianmin/shared/domain';
import { ActionButton } from '../../components/action-button';
import { LoadState } from '../../components/load-state';
import { Notice } from '../../components/notice';
import { PageShell } from '../../components/page-shell';
import { TickRow } from '../../components/tick-row';
import { useData } from '../../hooks/use-data';
import { useFeedback } from '../../hooks/use-feedback';
import { getChecklist, saveChecklist } from '../../services/checklists';
import { messageOf } from '../../services/request';
import { cachedItem, checkItem, getItem } from '../../services/service-items';
import { readStored, STORAGE_KEYS, writeStored } from '../../services/storage';
import { useSession } from '../../store/session';
import { absoluteUrl } from '../../utils/absolute-url';
import { formText } from '../../utils/format';
import { QuestionsCard } from './questions-card';
import { ResultCard } from './result-card';
import { ShareBox } from './share-box';
import './index.scss';

interface Draft {
  has: string[];
  answers: Record<string, boolean>;
}

/**
 * 一次性告知 at home: answer the yes/no questions, tick what you have, and see everything still missing
 * at once. Computed on the phone with the shared rule, so it works without a signal; the draft is kept
 * on the phone so nothing is lost when the signal drops or the person signs in halfway.
 */
export default function Checklist() {
  const { params } = useRouter();
  const id = params.id ?? '';
  // The copy saved on the phone shows at once, so the checklist works without a signal.
  const item = useData(id, async () => (await getItem(id)).data, { initial: cachedItem(id)?.item ?? null });
  return (
    <PageShell>
      <LoadState state={item}>{(it) => <ChecklistBody item={it} savedId={params.saved} />}</LoadState>
    </PageShell>
  );
}

function ChecklistBody({ item, savedId }: { item: TServiceItem; savedId?: string }) {
  const draftKey = `${STORAGE_KEYS.draftPrefix}${item.id}`;
  const { user } = useSession();
  const { feedback, show } = useFeedback();
  const [draft, setDraft] = useState<Draft>(() => readStored<Draft>(draftKey) ?? { has: [], answers: {} });
  const [saving, setSaving] = useState(false);
  const [savedOk, setSavedOk] = useState(false);
  const [shareUrl, setShareUrl] = useState('');

  // Opened from 我的清单: start from the saved answers.
  useEffect(() => {
    if (!savedId) return;
    getChecklist(savedId)
      .then((c) => setDraft({ has: c.has, answers: c.answers }))
      .catch((e) => show('error', messageOf(e)));
  }, [savedId, show]);

  const update = (next: Draft) => {
    setDraft(next);
    setSavedOk(false);
    setShareUrl('');
    writeStored(draftKey, next);
  };

  const result = useMemo(() => checkMaterials(item, draft.has, draft.answers), [item, draft]);
  const has = new Set(draft.has);
  const toggle = (key: string) => update({ ...draft, has: has.has(key) ? draft.has.filter((k) => k !== key) : [...draft.has, key] });
  const answer = (key: string, yes: boolean) => update({ ...draft, answers: { ...draft.answers, [key]: yes } });
  const shown = item.materials.filter((m) => m.requirement !== 'conditional' || draft.answers[m.whenQuestion ?? ''] === true);
  const body = { has: draft.has.filter((k) => item.materials.some((m) => m.key === k)), answers: draft.answers };

  const save = async () => {
    if (!user) {
      Taro.navigateTo({ url: '/pages/login/index?from=checklist' });
      return;
    }
    setSaving(true);
    try {
      await saveChecklist({ itemId: item.id, ...body });
      setSavedOk(true);
      show('success', '已保存到“我的清单”');
    } catch (e) {
      show('error', messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const share = async () => {
    try {
      const r = await checkItem(item.id, body);
      setShareUrl(absoluteUrl(r.shareUrl));
    } catch (e) {
      show('error', messageOf(e));
    }
  };

  return (
    <>
      <Text className="title block">{item.name}</Text>
      <Text className="text-2 block checklist-intro">按实际情况回答问题，勾选您已经准备好的材料。</Text>
      <QuestionsCard questions={item.questions} answers={draft.answers} onAnswer={answer} />
      <View className="card" data-testid="materials-check">
        <Text className="section-title">勾选已经有的材料</Text>
        {shown.map((m) => (
          <TickRow key={m.key} checked={has.has(m.key)} onToggle={() => toggle(m.key)} label={m.name} testId={`material-${m.key}`}>
            <Text className="text strong block">{m.name}</Text>
            <Text className="text-2 block">
              {formText(m.form, m.copies)}
              {m.requirement === 'optional' ? '（可选）' : ''}
            </Text>
          </TickRow>
        ))}
      </View>
      <ResultCard result={result} />
      {feedback ? <Notice tone={feedback.tone}>{feedback.text}</Notice> : null}
      <ActionButton tone="primary" block data-testid="save-checklist" loading={saving} onClick={() => void save()}>
        {user ? '保存到我的清单' : '登录后保存到我的清单'}
      </ActionButton>
      {savedOk ? (
        <ActionButton block data-testid="go-my-checklists" onClick={() => Taro.navigateTo({ url: '/pages/my-checklists/index' })}>
          查看我的清单
        </ActionButton>
      ) : null}
      <ActionButton block data-testid="share-checklist" onClick={() => void share()}>
        生成分享链接（可打印、给家人看）
      </ActionButton>
      {shareUrl ? <ShareBox url={shareUrl} show={show} /> : null}
    </>
  );
}
