import assert from 'node:assert/strict';
import { chinaDate } from '@bianmin/shared';
import type { Flow } from './harness';
import { TOWN, townCenter } from './town';
import { accountToken, byTestId, expectText, pageUrl } from './helpers';

interface Figures {
  centerName: string;
  month: string;
  ratings: { goodRate: number | null; total: number };
}

/** 每月公开公告: the admin generates last month's report through the API; anyone sees it from the home page, unsigned. */
export const flows: Flow[] = [
  {
    name: 'public-monthly-report',
    async run({ page, baseUrl, api, screenshot }) {
      const town = await townCenter(api);
      const admin = await accountToken(api, 'town1-admin');
      const [y, m] = chinaDate(new Date()).slice(0, 7).split('-').map(Number);
      const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      const figures = await api.json<Figures>('POST', '/api/admin/reports', { centerId: town.id, month }, admin);
      assert.equal(figures.month, month);

      await page.goto(pageUrl(baseUrl, '/pages/home/index'));
      await byTestId(page, 'home-report').click();
      await byTestId(page, 'report-center').filter({ hasText: TOWN }).click();
      await byTestId(page, 'report-month').and(page.locator(`[data-month="${month}"]`)).click();
      await byTestId(page, 'report').and(page.locator(`[data-month="${month}"]`)).waitFor();
      await expectText(byTestId(page, 'report-title'), TOWN);
      await expectText(byTestId(page, 'rate-good'), figures.ratings.goodRate === null ? '好评率（本月无数据）' : `${figures.ratings.goodRate}%`);
      await expectText(byTestId(page, 'bars-ratings'), '非常满意');
      await expectText(byTestId(page, 'bars-cases'), '即办件');
      const href = await byTestId(page, 'report-pdf').getAttribute('href');
      assert.equal(href, `/api/reports/${town.id}/${month}/pdf`);
      await screenshot('public-monthly-report');
    },
  },
];
