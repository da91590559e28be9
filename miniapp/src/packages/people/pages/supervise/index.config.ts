export default definePageConfig({ navigationBarTitleText: '督查' });
