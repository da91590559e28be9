export default definePageConfig({ navigationBarTitleText: '月度公告' });
