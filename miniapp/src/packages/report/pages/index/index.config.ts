export default definePageConfig({ navigationBarTitleText: '公开公告' });
