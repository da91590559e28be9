/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.scss';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by Taro at build time. */
    TARO_ENV: 'weapp' | 'h5';
    /** API origin for the mini-program build (H5 calls its own origin). */
    TARO_APP_API_BASE?: string;
  }
}
