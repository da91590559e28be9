export default definePageConfig({ navigationBarTitleText: '首问登记' });
