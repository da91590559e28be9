/**
 * In the browser the tab bar is HTML outside every page, so 长辈版 also marks the document root
 * (app.scss enlarges the tab bar labels under `.elder-root`).
 */
export function markRootElder(on: boolean): void {
  document.documentElement.classList.toggle('elder-root', on);
}
