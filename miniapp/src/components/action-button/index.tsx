import type { ComponentProps } from 'react';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';

export type ActionTone = 'default' | 'primary' | 'danger';

type NutButtonProps = ComponentProps<typeof Button>;

export interface ActionButtonProps extends Omit<NutButtonProps, 'type' | 'block'> {
  /** primary: the one main action of a screen; danger: cancels or withdraws something. */
  tone?: ActionTone;
  /** Full width with the gap above it. */
  block?: boolean;
  'data-testid'?: string;
}

/**
 * NutUI's Button with the app's touch sizes: at least --touch high and wide (44px, 60px in 长辈版), text at
 * --fs-body, a readable disabled state. The look lives in app.scss (`.btn`), so every button of the app is
 * one component and one rule.
 */
export function ActionButton({ tone = 'default', block = false, className, ...rest }: ActionButtonProps) {
  const classes = ['btn', tone === 'default' ? '' : `btn-${tone}`, block ? 'btn-block' : '', className ?? ''].filter(Boolean).join(' ');
  return <Button {...rest} className={classes} />;
}
