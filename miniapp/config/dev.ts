import type { UserConfigExport } from '@tarojs/cli';

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    devServer: {
      port: 10086,
      // The API runs separately in development; H5 calls relative /api and /notice paths.
      proxy: [{ context: ['/api', '/notice'], target: process.env.API_PROXY_TARGET ?? 'http://127.0.0.1:3000' }],
    },
  },
} satisfies UserConfigExport<'webpack5'>;
