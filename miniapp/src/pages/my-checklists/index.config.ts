export default definePageConfig({ navigationBarTitleText: '我的材料清单' });
