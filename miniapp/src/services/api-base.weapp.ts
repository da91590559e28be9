/** The mini-program calls the API's public https origin, set at build time (TARO_APP_API_BASE). */
export const API_BASE = (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, '');
