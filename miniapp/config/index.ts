import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const sharedSrc = path.resolve(__dirname, '..', '..', 'shared', 'src');
/** Colours and mixins every SCSS file may use without an import (it emits no CSS itself). */
const styleTokens = path.resolve(__dirname, '..', 'src', 'styles', '_tokens.scss');

/**
 * One config for weapp and h5. Output goes to dist/<platform> so both builds can sit side by side
 * (the API serves dist/h5).
 *
 * pxtransform is off on purpose: sizes are written in px as on a 375-wide phone (NutUI's design width)
 * and stay px. 适老化 rules are stated in dp/pt; scaling text down on narrow phones (rpx/rem) would
 * break the 18px minimum of 长辈版.
 */
export default defineConfig<'webpack5'>(async (merge) => {
  if (process.env.TARO_ENV === 'weapp' && !process.env.TARO_APP_API_BASE) {
    // wx.request needs an absolute https URL registered in the mini-program's domain list.
    console.warn('TARO_APP_API_BASE is not set: the mini-program build will not reach the API.');
  }
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'bianmin-miniapp',
    date: '2025-11-22',
    designWidth: 375,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV ?? 'h5'}`,
    plugins: [],
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    sass: { resource: [styleTokens] },
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      // The shared package is TypeScript source (main: src/index.ts) reached through a workspace link.
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: false, config: {} },
      },
      optimizeMainPackage: { enable: true },
      // Component styles are order-independent: overrides in app.scss use more specific selectors.
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
      },
      webpackChain(chain) {
        // Not on a terminal (npm start > log, CI): no animated progress bar, which a redirected log records as
        // hundreds of lines; warnings, errors and the summary are still printed.
        if (!process.stdout.isTTY && chain.plugins.has('webpackbar')) {
          chain.plugin('webpackbar').tap(([opts]) => [{ ...opts, reporters: (opts?.reporters ?? []).filter((r: unknown) => r !== 'fancy') }]);
        }
        // Taro splits only initial chunks, so every page chunk would carry its own copy of NutUI, zod and
        // the shared rules. Split async chunks too: pages then share one copy, cached once on a weak network.
        chain.optimization.splitChunks({
          chunks: 'all',
          minSize: 20000,
          cacheGroups: {
            default: false,
            defaultVendors: false,
            taro: { test: /[\\/]node_modules[\\/]@tarojs[\\/]/, priority: 100, reuseExistingChunk: true },
            vendors: { test: /[\\/]node_modules[\\/]/, minChunks: 2, priority: 10, reuseExistingChunk: true },
            common: { minChunks: 2, priority: 1, reuseExistingChunk: true },
          },
        });
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
