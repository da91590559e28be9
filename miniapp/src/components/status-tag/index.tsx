import type { PropsWithChildren } from 'react';
import { Text } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';

export type TagTone = 'info' | 'success' | 'warn';

interface StatusTagProps {
  tone?: TagTone;
  testId?: string;
  /** Extra data-* attributes for tests and styles (e.g. `{ state: 'in_progress' }` → data-state). */
  data?: Record<string, string>;
}

const TONE_CLASS: Record<TagTone, string> = { info: 'tag', success: 'tag tag-green', warn: 'tag tag-warn' };

/**
 * A state or label as NutUI's Tag in the app's tones (app.scss `.nut-tag.tag`): text at --fs-small (the body size
 * in 长辈版), ≥4.5:1 contrast. NutUI's Tag passes no attributes on, so the test id sits on the text inside.
 */
export function StatusTag({ tone = 'info', testId, data = {}, children }: PropsWithChildren<StatusTagProps>) {
  const attrs = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <Tag className={TONE_CLASS[tone]}>
      <Text data-testid={testId} {...attrs}>
        {children}
      </Text>
    </Tag>
  );
}
