import { useEffect, useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TServiceItem } from '@bianmin/shared';
import { checkMaterials } from '@bianmin/shared/domain';
import { PageShell } from '../../components/page-shell';
import { Notice } from '../../components/notice';
import { TickRow } from '../../components/tick-row';
import { cachedItem, checkItem, getItem } from '../../services/service-items';
import { getChecklist, saveChecklist } from '../../services/checklists';
import { messageOf } from '../../services/request';
import { readStored, STORAGE_KEYS, writeStored } from '../../services/storage';
import { useSession } from '../../store/session';
import { useFeedback } from '../../hooks/use-feedback';
import { a11y } from '../../utils/a11y';
import { formText } from '../../utils/format';
import { absoluteUrl } from '../../utils/absolute-url';
import { openLink, OPEN_LINK_LABEL } from '../../utils/open-link';
import './index.scss';
import { ActionButton } from '../../components/action-button';

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
  const savedId = params.saved;
  const draftKey = `${STORAGE_KEYS.draftPrefix}${id}`;
  const { user } = useSession();
  const { feedback, show } = useFeedback();

  const [item, setItem] = useState<TServiceItem | null>(() => cachedItem(id)?.item ?? null);
  const [draft, setDraft] = useState<Draft>(() => readStored<Draft>(draftKey) ?? { has: [], answers: {} });
  const [loadError, setLoadError] = useState('');
  const [saving, setSaving] = useState(false);
  const [savedOk, setSavedOk] = useState(false);
  const [shareUrl, setShareUrl] = useState('');

  useEffect(() => {
    getItem(id)
      .then((r) => setItem(r.data))
      .catch((e) => {
        if (!cachedItem(id)) setLoadError(messageOf(e));
      });
    if (savedId) {
      getChecklist(savedId)
        .then((c) => setDraft({ has: c.has, answers: c.answers }))
        .catch((e) => show('error', messageOf(e)));
    }
    // Load once per opened item.
  }, [id, savedId]);

  const update = (next: Draft) => {
    setDraft(next);
    setSavedOk(false);
    setShareUrl('');
    writeStored(draftKey, next);
  };

  const result = useMemo(() => (item ? checkMaterials(item, draft.has, draft.answers) : null), [item, draft]);

  if (!item || !result) {
    return <PageShell>{loadError ? <Notice tone="error">{loadError}</Notice> : <Notice>正在打开…</Notice>}</PageShell>;
  }

  const has = new Set(draft.has);
  const toggle = (key: string) =>
    update({ ...draft, has: has.has(key) ? draft.has.filter((k) => k !== key) : [...draft.has, key] });
  const answer = (key: string, yes: boolean) => update({ ...draft, answers: { ...draft.answers, [key]: yes } });

  const shown = item.materials.filter(
    (m) => m.requirement !== 'conditional' || draft.answers[m.whenQuestion ?? ''] === true,
  );
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
    <PageShell>
      <Text className="title block">{item.name}</Text>
      <Text className="text-2 block checklist-intro">按实际情况回答问题，勾选您已经准备好的材料。</Text>

      {item.questions.length ? (
        <View className="card" data-testid="questions">
          <Text className="section-title">先回答{item.questions.length}个问题</Text>
          {item.questions.map((q) => {
            const a = draft.answers[q.key];
            return (
              <View key={q.key} className="question list-row" data-testid={`question-${q.key}`}>
                <Text className="text block">{q.text}</Text>
                <View className="btn-row">
                  <View
                    className={`btn ${a === true ? 'btn-primary' : ''}`}
                    data-testid={`question-${q.key}-yes`}
                    onClick={() => answer(q.key, true)}
                    {...a11y('button', { label: `${q.text} 是`, pressed: a === true })}
                  >
                    是
                  </View>
                  <View
                    className={`btn ${a === false ? 'btn-primary' : ''}`}
                    data-testid={`question-${q.key}-no`}
                    onClick={() => answer(q.key, false)}
                    {...a11y('button', { label: `${q.text} 否`, pressed: a === false })}
                  >
                    否
                  </View>
                </View>
              </View>
            );
          })}
        </View>
      ) : null}

      <View className="card" data-testid="materials-check">
        <Text className="section-title">勾选已经有的材料</Text>
        {shown.map((m) => (
          <TickRow
            key={m.key}
            checked={has.has(m.key)}
            onToggle={() => toggle(m.key)}
            label={m.name}
            testId={`material-${m.key}`}
          >
            <Text className="text strong block">{m.name}</Text>
            <Text className="text-2 block">
              {formText(m.form, m.copies)}
              {m.requirement === 'optional' ? '（可选）' : ''}
            </Text>
          </TickRow>
        ))}
      </View>

      <View className={`card result ${result.complete ? 'result-ok' : 'result-missing'}`} data-testid="missing-list" {...a11y('region', { label: '核对结果' })}>
        {result.missing.length === 0 && result.unanswered.length === 0 ? (
          <Text className="title block" data-testid="complete">
            材料已经齐全，可以去办理了
          </Text>
        ) : null}
        {result.missing.length ? (
          <View>
            <Text className="title block">还缺以下{result.missing.length}项材料：</Text>
            {result.missing.map((m, i) => (
              <View key={m.key} className="list-row" data-testid="missing-item" data-key={m.key}>
                <Text className="text strong block">
                  {i + 1}. {m.name}
                </Text>
                <Text className="text-2 block">{formText(m.form, m.copies)}</Text>
                {m.because ? <Text className="text-2 block">因为：{m.because}</Text> : null}
                {m.source ? <Text className="text-2 block">从哪里开：{m.source}</Text> : null}
                {m.notes ? <Text className="text-2 block">注意：{m.notes}</Text> : null}
              </View>
            ))}
          </View>
        ) : null}
        {result.unanswered.length ? (
          <Notice tone="info" testId="unanswered">
            还有{result.unanswered.length}个问题没回答，回答后可能还需要其他材料。
          </Notice>
        ) : null}
        <Text className="text-2 block">
          需要 {result.neededCount} 项，已有 {result.haveCount} 项
        </Text>
      </View>

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
      {shareUrl ? (
        <View className="card share" data-testid="share">
          <Text className="text-2 block">把这个链接发给家人或代办员，打开后可打印：</Text>
          <Text className="text share-url block" data-testid="share-url" selectable>
            {shareUrl}
          </Text>
          <View className="btn-row">
            <View
              className="btn"
              data-testid="copy-share-url"
              onClick={() => {
                Taro.setClipboardData({ data: shareUrl })
                  .then(() => show('success', '链接已复制'))
                  .catch(() => show('error', '复制没有成功，请长按链接复制'));
              }}
              {...a11y('button')}
            >
              复制链接
            </View>
            <View className="btn" onClick={() => void openLink(shareUrl)} {...a11y('button')}>
              {OPEN_LINK_LABEL}
            </View>
          </View>
        </View>
      ) : null}
    </PageShell>
  );
}
