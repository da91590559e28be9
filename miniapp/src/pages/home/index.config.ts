export default definePageConfig({ navigationBarTitleText: '便民服务 · 办事指南' });
