/** Call `onOnline` whenever the browser gets its network back. */
export function watchNetwork(onOnline: () => void): () => void {
  const handler = () => onOnline();
  window.addEventListener('online', handler);
  return () => window.removeEventListener('online', handler);
}
