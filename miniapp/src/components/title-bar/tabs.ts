/** The tab pages (app.config.ts tabBar): reached from the tab bar, so their title bar has no 返回. */
export const TAB_PATHS = ['/pages/home/index', '/pages/booking/index', '/pages/mine/index'];
