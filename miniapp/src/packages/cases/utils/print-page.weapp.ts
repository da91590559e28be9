/**
 * A mini-program cannot open or print an HTML page. Notices are printed from the 工作台 in the window PC's browser
 * (the same screens, H5 build); here the sentence says so.
 */
export function openPrintPage(path: string): Promise<string> {
  void path;
  return Promise.resolve('小程序不能直接打印，请在窗口电脑的浏览器里打开工作台打印');
}

/** Whether this build can open print pages (the browser can; the mini-program cannot). */
export const CAN_PRINT = false;
