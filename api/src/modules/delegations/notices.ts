import { miniappPath } from '@bianmin/shared/routes';
import { enqueue } from '../notifications';
import type { CaseRecord } from './case-store';

const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * Tell the citizen the 承诺办结日: once when the case is accepted, and each time 补正, 中止 or a calendar change
 * moves it (with why). Keyed by case and date, so a retried step notifies once.
 */
export async function noticePromise(c: Pick<CaseRecord, 'id' | 'citizenId' | 'itemName' | 'code'>, promisedOn: string, reason: string, accepted: boolean): Promise<void> {
  if (!c.citizenId) return;
  await enqueue(`delegation-promise:${c.id}:${promisedOn}`, {
    userId: c.citizenId,
    kind: 'delegation_promise',
    title: accepted ? `代办件已受理：${c.itemName}` : `承诺办结日已调整：${c.itemName}`,
    body: accepted ? `编号 ${c.code}，承诺${md(promisedOn)}前办结` : `编号 ${c.code}，承诺办结日改为${md(promisedOn)}（${reason}）`,
    page: miniappPath('delegationCase', { id: c.id }),
  });
}
