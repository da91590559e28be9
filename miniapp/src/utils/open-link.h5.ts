/** Open a web page (the printable 补正告知) in a new tab. */
export function openLink(url: string): Promise<void> {
  window.open(url, '_blank', 'noopener');
  return Promise.resolve();
}

export const OPEN_LINK_LABEL = '打开打印版';
