export default definePageConfig({ navigationBarTitleText: '查询投诉建议' });
