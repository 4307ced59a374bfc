import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { isApiError } from '../api.ts';

export type Loaded<T> = { status: 'loading' } | { status: 'failed'; message: string; code: string } | { status: 'ok'; data: T };

/**
 * Loads data for a page and reloads when `deps` change; a newer load cancels the older one.
 * A lost session is handled globally (the user is sent to sign in), so it is not shown here.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ok', data });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(err)) setState({ status: 'failed', message: err.message, code: err.code });
        else setState({ status: 'failed', message: 'Something went wrong. Reload the page to try again.', code: 'internal' });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the load depends on
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [state, reload];
}
