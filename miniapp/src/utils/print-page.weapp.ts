/**
 * A mini-program cannot open or print an HTML page. Cards are printed from the same screens in a PC's browser (the
 * H5 build); here the sentence says so.
 */
export function openPrintPage(path: string): Promise<string> {
  void path;
  return Promise.resolve('小程序不能直接打印文书，请在电脑浏览器里登录后打印');
}

/** Whether this build can open print pages (the browser can; the mini-program cannot). */
export const CAN_PRINT = false;
