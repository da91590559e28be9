import { useEffect, type PropsWithChildren } from 'react';
import { ElderModeProvider } from './store/elder-mode';
import { SessionProvider } from './store/session';
import { labelNativeFields } from './utils/field-labels';
import './app.scss';

/** The app shell: providers only (a Taro app component renders no views of its own). */
function App({ children }: PropsWithChildren) {
  useEffect(labelNativeFields, []);
  return (
    <ElderModeProvider>
      <SessionProvider>{children}</SessionProvider>
    </ElderModeProvider>
  );
}

export default App;
