// babel-preset-taro: React + TypeScript, with the platform's polyfill policy.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
