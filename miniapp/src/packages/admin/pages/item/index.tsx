import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { TAdminServiceItem, TServiceItem, TServiceItemHistory, TServiceItemInput } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { useSession } from '../../../../store/session';
import { messageOf } from '../../../../services/request';
import { a11y } from '../../../../utils/a11y';
import { momentText } from '../../../../utils/china-time';
import { ConditionsAndProcedure, LimitsFeePlace, MaterialsSection, PhonesAndBasis } from '../../../../pages/item/guide-sections';
import { ItemForm } from '../../components/item-form';
import { STATUS_TEXT, blankItem, diffItems } from '../../components/item-text';
import { createItem, getAdminItem, itemHistory, itemVersion, publishItem, saveItem, unpublishItem } from '../../services/admin';
import '../../components/admin.scss';

type Tab = 'edit' | 'preview' | 'diff' | 'history';
const TABS: { key: Tab; label: string }[] = [
  { key: 'edit', label: '编辑' },
  { key: 'preview', label: '预览（群众看到的）' },
  { key: 'diff', label: '与发布版对比' },
  { key: 'history', label: '历史' },
];
const HISTORY_TEXT = { created: '新建', edited: '保存修改', published: '发布', unpublished: '撤下' } as const;

/**
 * One 办事指南 in the editor: edit every element, preview it as a citizen sees it, save it as a new version, compare
 * with the published version, publish or take it down, and read its history. `new=1` starts a new item.
 */
export default function ItemEditor() {
  const { params } = useRouter();
  const { user } = useSession();
  const [id, setId] = useState(params.id ?? '');
  const [row, setRow] = useState<TAdminServiceItem | null>(null);
  const [item, setItem] = useState<TServiceItemInput | null>(params.new ? blankItem() : null);
  const [published, setPublished] = useState<TServiceItemInput | null>(null);
  const [history, setHistory] = useState<TServiceItemHistory['items']>([]);
  const [tab, setTab] = useState<Tab>('edit');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);

  const load = async (itemId: string) => {
    const r = await getAdminItem(itemId);
    setRow(r);
    setItem(r.item as TServiceItemInput);
    setDirty(false);
    setPublished(r.publishedVersion !== null ? ((await itemVersion(itemId, r.publishedVersion)).item as TServiceItemInput) : null);
    setHistory((await itemHistory(itemId)).items);
  };
  useEffect(() => {
    if (id && user?.role === 'admin') load(id).catch((e) => setMessage({ tone: 'error', text: messageOf(e) }));
  }, [id, user?.role]);

  if (user?.role !== 'admin') {
    return (
      <PageShell>
        <Notice tone="error">只有中心管理员可以编辑办事指南。</Notice>
      </PageShell>
    );
  }
  if (!item) return <PageShell>{message ? <Notice tone="error">{message.text}</Notice> : <Notice>正在打开…</Notice>}</PageShell>;

  const set = (patch: Partial<TServiceItemInput>) => {
    setItem((i) => (i ? { ...i, ...patch } : i));
    setDirty(true);
  };
  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ tone: 'success', text: await what() });
    } catch (e) {
      setMessage({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
      Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    }
  };
  const save = () =>
    act(async () => {
      if (!id) {
        const created = await createItem(user.centerId ?? '', item);
        setId(created.id);
        await load(created.id);
        return '已新建（第1版，草稿）。预览无误后可发布。';
      }
      const saved = await saveItem(id, row!.latestVersion, item, note);
      setNote('');
      await load(id);
      return `已保存为第${saved.latestVersion}版（未发布）。`;
    });
  const publish = () =>
    act(async () => {
      const r = await publishItem(id, row!.latestVersion);
      await load(id);
      return `已发布第${r.publishedVersion}版，群众现在看到的就是这一版；保存过清单的群众会看到“指南已更新”。`;
    });
  const unpublish = () =>
    act(async () => {
      await unpublishItem(id);
      await load(id);
      return '已撤下，群众不再能看到这个事项。';
    });

  const preview: TServiceItem = { ...item, id: id || 'preview', centerId: row?.centerId ?? '', centerName: '', version: row?.latestVersion ?? 1, publishedAt: row?.publishedAt ?? '' };
  const changes = published ? diffItems(published, item) : [];

  return (
    <PageShell className="admin" title={item.name || '新建事项'}>
      {message ? (
        <Notice tone={message.tone} testId="editor-message">
          {message.text}
        </Notice>
      ) : null}
      {row ? (
        <Text className="text-2 block" data-testid="item-state">
          {STATUS_TEXT[row.status]} · 最新第{row.latestVersion}版{row.publishedVersion !== null ? ` · 群众看到第${row.publishedVersion}版` : ''}
          {dirty ? ' · 有未保存的修改' : ''}
        </Text>
      ) : null}
      <View className="choice-row" role="tablist" aria-label="编辑、预览、对比、历史">
        {TABS.filter((t) => id || t.key === 'edit' || t.key === 'preview').map((t) => (
          <View key={t.key} className={`btn${t.key === tab ? ' choice-on' : ''}`} data-testid={`tab-${t.key}`} onClick={() => setTab(t.key)} {...a11y('tab', { label: t.label, focusable: true })} aria-selected={t.key === tab ? 'true' : 'false'}>
            {t.label}
          </View>
        ))}
      </View>
      {tab === 'edit' ? <ItemForm item={item} set={set} /> : null}
      {tab === 'preview' ? (
        <View data-testid="item-preview">
          <Notice>预览：群众打开这个事项时看到的内容（保存并发布后才生效）。</Notice>
          <View className="card">
            <Text className="title block">{item.name}</Text>
            <Text className="text-2 block">{item.department}</Text>
          </View>
          <MaterialsSection item={preview} />
          <ConditionsAndProcedure item={preview} />
          <LimitsFeePlace item={preview} />
          <PhonesAndBasis item={preview} />
        </View>
      ) : null}
      {tab === 'diff' ? (
        <View className="card" data-testid="item-diff">
          <Text className="section-title">与群众现在看到的版本相比</Text>
          {!published ? <Text className="text block">还没有发布过，全部内容都是新的。</Text> : null}
          {published && changes.length === 0 ? <Text className="text block">与发布版完全相同。</Text> : null}
          {changes.map((c) => (
            <Text key={c} className="text diff-line">
              {c}
            </Text>
          ))}
          {dirty ? <Text className="text-2 block">（含尚未保存的修改）</Text> : null}
        </View>
      ) : null}
      {tab === 'history' ? (
        <View className="card" data-testid="item-history">
          <Text className="section-title">编辑历史（最新在前）</Text>
          {history.map((h, i) => (
            <Text key={i} className="text block list-row">
              {momentText(h.at)} {HISTORY_TEXT[h.type]} 第{h.version}版{h.note ? `：${h.note}` : ''}
            </Text>
          ))}
        </View>
      ) : null}
      <View className="card">
        {id ? (
          <View className="field">
            <Text className="field-label">修改说明（写进历史，可不填）</Text>
            <Input className="input" data-testid="save-note" value={note} maxlength={200} onInput={(e) => setNote(e.detail.value)} aria-label="修改说明" />
          </View>
        ) : null}
        <ActionButton tone="primary" block disabled={busy} data-testid="save-item" onClick={() => void save()}>
          {id ? '保存为新版本' : '新建（保存为草稿）'}
        </ActionButton>
        {id && row ? (
          <ActionButton block disabled={busy || dirty || row.publishedVersion === row.latestVersion} data-testid="publish-item" onClick={() => void publish()}>
            {dirty ? '先保存，再发布' : row.publishedVersion === row.latestVersion ? '最新版本已发布' : `发布第${row.latestVersion}版`}
          </ActionButton>
        ) : null}
        {id && row?.status === 'published' ? (
          <ActionButton tone="danger" block disabled={busy} data-testid="unpublish-item" onClick={() => void unpublish()}>
            撤下（群众不再可见）
          </ActionButton>
        ) : null}
      </View>
    </PageShell>
  );
}
