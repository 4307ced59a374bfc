import type { OrganisationKind } from '../../domain/roles.ts';

/** How each kind of organisation is named on screen. */
export const KIND_LABELS: { readonly [K in OrganisationKind]: { singular: string; plural: string; inSentence: string } } = {
  icb: { singular: 'ICB', plural: 'Integrated care boards (ICBs)', inSentence: 'ICBs' },
  pcn: { singular: 'PCN', plural: 'Primary care networks (PCNs)', inSentence: 'PCNs' },
  practice: { singular: 'GP practice', plural: 'GP practices', inSentence: 'GP practices' },
  vcse: { singular: 'VCSE organisation', plural: 'Voluntary, community and social enterprise (VCSE) organisations', inSentence: 'VCSE organisations' },
  partner: { singular: 'Partner organisation', plural: 'Partner organisations (housing, council and others)', inSentence: 'partner organisations' },
};

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/London',
});

/** A calendar date (YYYY-MM-DD) the NHS way: "12 March 1948". */
export function formatDate(isoDate: string): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : dateFormat.format(d);
}

/** An instant in UK time: "21 Nov 2026, 09:00:00". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

/** Age in whole years on `today` for a date of birth (YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, today: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(dateOfBirth);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < mo || (today.getUTCMonth() + 1 === mo && today.getUTCDate() < d)) age--;
  return age;
}
