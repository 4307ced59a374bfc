/**
 * Reads an ORUK 1.0 feed (Bristol, North Lincolnshire) straight into the matcher's shape, for the
 * quality bench's fallback and for pooling judged-set candidates. The bench proper imports through
 * the real importer.
 */
import { readFileSync } from 'node:fs';
import { convert } from 'html-to-text';
import type { MatchableService } from '../../src/domain/matching/types.ts';

interface FeedService {
  id: string;
  name: string;
  description: string;
  status: string;
  fees: string;
  assured_date: string;
  organization?: { id: string; name: string };
  pc_metadata?: { date_created?: string };
  pc_targetAudience?: { id: string }[];
}

export const BRISTOL_FEED = new URL('../../../shared/data/oruk/feeds/bristol-services.json', import.meta.url);
export const NORTH_LINCS_FEED = new URL('../../../shared/data/oruk/feeds/north-lincolnshire-services.json', import.meta.url);

export const plain = (html: string): string =>
  convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();

export function readFeedServices(file: URL | string = BRISTOL_FEED): MatchableService[] {
  const feed = JSON.parse(readFileSync(file, 'utf8')) as FeedService[];
  return feed
    .filter((s) => s.name.trim() !== '')
    .map((s) => ({
      id: s.id,
      externalId: s.id,
      name: s.name.trim(),
      organisationId: s.organization?.id ?? `org-${s.id}`,
      organisationName: s.organization?.name ?? '',
      description: plain(s.description) || null,
      eligibilityDescription: null,
      feesDescription: s.fees.trim() === '' ? null : s.fees,
      needs: [],
      needsSource: 'classified',
      classification: [],
      taxonomyTerms: (s.pc_targetAudience ?? []).map((a) => a.id),
      costs: [],
      schedules: [],
      accessibility: [],
      languages: [],
      interpretationServices: null,
      locations: [],
      minimumAge: null,
      maximumAge: null,
      capacity: 'open',
      waitingWeeks: null,
      takesReferrals: false,
      status: s.status || 'active',
      archived: false,
      lastVerifiedAt: null,
      assuredDate: s.assured_date || null,
      createdAt: s.pc_metadata?.date_created ?? '2020-01-01',
    }));
}
