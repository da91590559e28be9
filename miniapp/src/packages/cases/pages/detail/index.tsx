import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TWindowCaseDetail } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { absoluteUrl } from '../../../../utils/absolute-url';
import { openLink, OPEN_LINK_LABEL } from '../../../../utils/open-link';
import { CaseHead, EventList, MissingBox, NoticeList, StageList } from '../../components/case-parts';
import { getMyCase, trackPagePath } from '../../services/cases';
import '../../styles/cases.scss';

/** 打开 / 复制 (the mini-program cannot open web pages, so there the link is copied). */
const OPEN_TRACK_LABEL = OPEN_LINK_LABEL.startsWith('复制') ? '复制查询页链接' : '打开查询页';

/**
 * Where a rating card leads: an app page (`/#/packages/…` in H5, or a bare page path) opens in the app; anything
 * else (a short link) opens as a web page.
 */
function openRating(url: string): Promise<unknown> {
  const hash = url.indexOf('#/');
  const page = hash >= 0 ? url.slice(hash + 1) : /^\/?packages\//.test(url) ? `/${url.replace(/^\//, '')}` : '';
  if (page) return Taro.navigateTo({ url: page });
  return openLink(absoluteUrl(url));
}

/**
 * 办件进度 (citizen): the same facts as the public progress page the slip's QR opens — state, type, promised date,
 * what is still missing, the stages — plus the numbered notices and, after 办结, the rating.
 */
export default function MyCasePage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const state = useData<TWindowCaseDetail>(id || null, () => getMyCase(id), { refreshOnShow: true });
  return (
    <PageShell className="cases-detail">
      <RoleGate roles={['citizen']} prompt="登录后可以查看您的办件进度。">
        {() => (
          <LoadState state={state} loadingText="正在查询办件进度…">
            {(c) => (
              <View>
                <CaseHead c={c} />
                <MissingBox missing={c.missing} title="请带齐以下材料到窗口补正" />
                <StageList c={c} />
                {c.rating && c.rating.url && !c.rating.rated ? (
                  <View className="card" data-testid="case-rate">
                    <Text className="section-title">评价这次办事</Text>
                    <Text className="text block">{c.rating.until}前可以评价，评价会交给{c.windowName ?? '窗口'}和{c.staffName}。</Text>
                    <ActionButton tone="primary" block data-testid="case-rate-go" onClick={() => void openRating(c.rating?.url ?? '')}>
                      去评价
                    </ActionButton>
                  </View>
                ) : null}
                {c.rating?.rated ? <Notice tone="success">您已评价过这次办事，谢谢！</Notice> : null}
                <NoticeList notices={c.notices} printable />
                <EventList events={c.events} />
                <View className="card" data-testid="case-track">
                  <Text className="section-title">公开查询</Text>
                  <Text className="text block">凭查询码 {c.code} 可以随时查进度，也可以转发给家人：</Text>
                  <Text className="text-2 block" data-testid="case-track-url" userSelect>
                    {absoluteUrl(trackPagePath(c.code))}
                  </Text>
                  <ActionButton block data-testid="case-track-page" onClick={() => void openLink(absoluteUrl(trackPagePath(c.code)))}>
                    {OPEN_TRACK_LABEL}
                  </ActionButton>
                </View>
              </View>
            )}
          </LoadState>
        )}
      </RoleGate>
    </PageShell>
  );
}
