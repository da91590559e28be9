/** The mini-program shows the page title in WeChat's own navigation bar (with its back arrow): nothing to draw. */
export function TitleBar(_props: { title: string }) {
  return null;
}
