import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { useDidShow } from '@tarojs/taro';
import { ApiError, messageOf } from '../services/request';

export interface DataState<T> {
  /** The last answer; kept while a refresh runs or fails, so the screen does not flash empty. */
  data: T | null;
  /** The last failure as a Chinese message, '' when the last load worked. */
  error: string;
  /** The API's code of the last failure ('UNAUTHENTICATED' → offer to sign in), '' when none. */
  errorCode: string;
  loading: boolean;
  /** Load again (after a change, or the 重试 button). Resolves when done; never rejects. */
  reload: () => Promise<void>;
  /** Put an answer in place without a round trip (e.g. the updated record a command returned). */
  setData: Dispatch<SetStateAction<T | null>>;
}

export interface DataOptions<T> {
  /** Load again when the page comes back into view (not on its first show): after a sub-page changed something. */
  refreshOnShow?: boolean;
  /** What to show before the first answer (e.g. the copy saved on the phone for offline use). */
  initial?: T | null;
}

/**
 * The one way a screen loads what it shows: loading / error / retry / refresh.
 *
 * `key` names what is loaded (e.g. the record id or the filters); when it changes the old answer is dropped and
 * the new one loaded, and `null` means "nothing to load" (signed out, no id). The fetcher may close over anything: the latest one is
 * used, so callers need no dependency lists. An answer that arrives after a newer request started is dropped.
 */
export function useData<T>(key: string | null, fetcher: () => Promise<T>, options: DataOptions<T> = {}): DataState<T> {
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const [data, setData] = useState<T | null>(options.initial ?? null);
  const [error, setError] = useState('');
  const [errorCode, setErrorCode] = useState('');
  const [loading, setLoading] = useState(key !== null);
  const latest = useRef(0);

  const reload = useCallback(async () => {
    if (key === null) return;
    const mine = ++latest.current;
    setLoading(true);
    try {
      const answer = await fetcherRef.current();
      if (mine !== latest.current) return;
      setData(answer);
      setError('');
      setErrorCode('');
    } catch (e) {
      if (mine === latest.current) {
        setError(messageOf(e));
        setErrorCode(e instanceof ApiError ? e.code : '');
      }
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  }, [key]);

  // Another key is another thing: drop the old answer (another person's bookings must not show meanwhile).
  const loadedKey = useRef(key);
  useEffect(() => {
    if (loadedKey.current !== key) {
      loadedKey.current = key;
      setData(null);
      setError('');
      setErrorCode('');
    }
    if (key === null) setLoading(false);
    else void reload();
  }, [key, reload]);

  const shown = useRef(false);
  const refreshOnShow = options.refreshOnShow === true;
  useDidShow(() => {
    if (shown.current && refreshOnShow) void reload();
    shown.current = true;
  });

  return { data, error, errorCode, loading, reload, setData };
}
