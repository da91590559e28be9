export default definePageConfig({ navigationBarTitleText: '我的在办件' });
