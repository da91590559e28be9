import type { UserConfigExport } from '@tarojs/cli';

export default {
  mini: {},
  h5: {
    // Keep source maps out of the served bundle; the API serves dist/h5 as is.
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>;
