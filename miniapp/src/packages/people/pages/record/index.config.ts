export default definePageConfig({ navigationBarTitleText: '个人记录' });
