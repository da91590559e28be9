/**
 * In the browser the tab bar, pickers and toasts are HTML outside every page, so 长辈版 also marks the document
 * root (app.scss enlarges them under `.elder-root`) and puts the size variables there for them to read.
 */
export function markRootElder(on: boolean, cssVars: Record<string, string> = {}): void {
  const root = document.documentElement;
  root.classList.toggle('elder-root', on);
  for (const [k, v] of Object.entries(cssVars)) root.style.setProperty(k, v);
}
