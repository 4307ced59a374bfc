import { z } from 'zod';
import { AppError } from '../errors.ts';

/** Where a page sits in a paged feed (null fields: the page did not say). */
export interface FeedPaging {
  pageNumber: number | null;
  totalPages: number | null;
  totalItems: number | null;
  lastPage: boolean | null;
}

export interface FeedPage {
  /** The records on the page, not yet checked. */
  items: unknown[];
  /** Null for a bare array (a whole feed in one document). */
  paging: FeedPaging | null;
}

const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).nullish();
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).nullish();

// ORUK 3.0: {total_items, total_pages, page_number, size, first_page, last_page, empty, contents}.
// ORUK 1.0 (Spring-style): {totalElements, totalPages, number, size, first, last, empty, content}.
const pageSchema = z.object({
  contents: z.array(z.unknown()).optional(),
  content: z.array(z.unknown()).optional(),
  total_items: count,
  total_pages: count,
  page_number: count,
  last_page: flag,
  totalElements: count,
  totalPages: count,
  number: count,
  last: flag,
});

/**
 * Reads one feed document: an ORUK 3.0 page (`contents`), an ORUK 1.0 page (`content`), or a bare
 * array of services (what the councils' `/services` exports here are). Anything else is not a
 * feed: invalid_input with reason `wrong_shape` (and no content quoted).
 */
export function parseFeedPage(json: unknown): FeedPage {
  if (Array.isArray(json)) return { items: json, paging: null };
  const r = pageSchema.safeParse(json);
  if (!r.success) {
    throw new AppError(
      'invalid_input',
      'This is not an Open Referral feed: expected a page with "contents" (ORUK 3.0), "content" (ORUK 1.0) or an array of services',
      {
        reason: 'wrong_shape',
        field: r.error.issues[0]?.path.join('.') ?? null,
      },
    );
  }
  const p = r.data;
  const items = p.contents ?? p.content;
  if (items === undefined) {
    throw new AppError('invalid_input', 'This is not an Open Referral feed: the page has no "contents" (ORUK 3.0) or "content" (ORUK 1.0) list', {
      reason: 'wrong_shape',
    });
  }
  return {
    items,
    paging: {
      pageNumber: p.page_number ?? p.number ?? null,
      totalPages: p.total_pages ?? p.totalPages ?? null,
      totalItems: p.total_items ?? p.totalElements ?? null,
      lastPage: p.last_page ?? p.last ?? null,
    },
  };
}

/**
 * The page to ask for after this one, or null when this was the last. ORUK 3.0 numbers pages from
 * 1; some 1.0 servers from 0. Asking for (this page's number + 1) is right either way.
 */
export function nextPageNumber(paging: FeedPaging | null, requested: number, itemsOnPage: number): number | null {
  if (paging === null) return null;
  if (paging.lastPage === true) return null;
  const current = paging.pageNumber ?? requested;
  if (paging.totalPages !== null) {
    // 1-based: the last page's number equals total_pages; 0-based: it is total_pages - 1.
    const zeroBased = paging.pageNumber === 0 || (paging.pageNumber === null && requested === 0);
    const lastNumber = zeroBased ? paging.totalPages - 1 : paging.totalPages;
    if (current >= lastNumber) return null;
  } else if (paging.lastPage === null && itemsOnPage === 0) {
    // A page that says nothing about paging and holds nothing: the end.
    return null;
  }
  return current + 1;
}
