import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api.ts';

/**
 * Server state (TanStack Query). Each feature's API client names its queries with a keys object
 * (`casesKeys`, `directoryKeys`…) and invalidates them after its writes.
 *
 * Defaults chosen so that nothing changes under the user:
 * - a page shows what the server says when it opens, never a remembered copy while it re-reads
 *   (reading a person's record is audited, and a stale case could mislead): answers are kept only
 *   while a page shows them (gcTime 0), and each page asks again when it opens (staleTime 0);
 * - no re-reading when the window regains focus or the network comes back: a page changes only
 *   when the user acts (and after their own writes);
 * - a refusal (4xx) is final; a network failure or a server error (5xx) is tried once more;
 * - requests go out whatever the browser thinks of the network (`networkMode: 'always'`), so an
 *   unreachable server is reported as such rather than leaving the page waiting.
 */

/** Retry once when the network or the server failed; never when the server said no. */
export function retryOnce(failureCount: number, error: unknown): boolean {
  return failureCount < 1 && isApiError(error) && (error.status === 0 || error.status >= 500);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: retryOnce,
        staleTime: 0,
        gcTime: 0,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        networkMode: 'always',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

/** A failed read as the page shows it: the server's words, and its code for pages that explain some in their own. */
export function problemOf(error: unknown): { message: string; code: string } {
  return isApiError(error)
    ? { message: error.message, code: error.code }
    : { message: 'Something went wrong. Reload the page to try again.', code: 'internal' };
}
