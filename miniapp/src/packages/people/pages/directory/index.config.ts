export default definePageConfig({ navigationBarTitleText: '挂牌上岗' });
