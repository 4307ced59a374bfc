/**
 * NHS ethnic categories (NHS Data Dictionary "ETHNIC CATEGORY", the 2001 census classification
 * that GP systems and national returns still use), kept as data. `Z` means the person was asked
 * and chose not to say; `99` means nobody has asked yet. Equity reports count both as missing but
 * keep them apart, because "not asked" is fixed by asking and "not stated" is the person's choice.
 */
export const ETHNIC_GROUPS = ['white', 'mixed', 'asian', 'black', 'other', 'not_stated', 'not_known'] as const;
export type EthnicGroup = (typeof ETHNIC_GROUPS)[number];

export const ETHNIC_CATEGORY_CODES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'Z', '99'] as const;
export type EthnicCategoryCode = (typeof ETHNIC_CATEGORY_CODES)[number];

export interface EthnicCategory {
  code: EthnicCategoryCode;
  group: EthnicGroup;
  /** The Data Dictionary wording, "Group - category". */
  label: string;
}

export const ETHNIC_CATEGORIES: readonly EthnicCategory[] = [
  { code: 'A', group: 'white', label: 'White - British' },
  { code: 'B', group: 'white', label: 'White - Irish' },
  { code: 'C', group: 'white', label: 'White - Any other White background' },
  { code: 'D', group: 'mixed', label: 'Mixed - White and Black Caribbean' },
  { code: 'E', group: 'mixed', label: 'Mixed - White and Black African' },
  { code: 'F', group: 'mixed', label: 'Mixed - White and Asian' },
  { code: 'G', group: 'mixed', label: 'Mixed - Any other mixed background' },
  { code: 'H', group: 'asian', label: 'Asian or Asian British - Indian' },
  { code: 'J', group: 'asian', label: 'Asian or Asian British - Pakistani' },
  { code: 'K', group: 'asian', label: 'Asian or Asian British - Bangladeshi' },
  { code: 'L', group: 'asian', label: 'Asian or Asian British - Any other Asian background' },
  { code: 'M', group: 'black', label: 'Black or Black British - Caribbean' },
  { code: 'N', group: 'black', label: 'Black or Black British - African' },
  { code: 'P', group: 'black', label: 'Black or Black British - Any other Black background' },
  { code: 'R', group: 'other', label: 'Other Ethnic Groups - Chinese' },
  { code: 'S', group: 'other', label: 'Other Ethnic Groups - Any other ethnic group' },
  { code: 'Z', group: 'not_stated', label: 'Not stated' },
  { code: '99', group: 'not_known', label: 'Not known' },
];

const byCode = new Map(ETHNIC_CATEGORIES.map((c) => [c.code, c]));

/** True when the text is an NHS ethnic category code. */
export function isEthnicCategoryCode(value: string): value is EthnicCategoryCode {
  return byCode.has(value as EthnicCategoryCode);
}

/** The Data Dictionary label of a code ("White - British"). */
export function ethnicCategoryLabel(code: EthnicCategoryCode): string {
  return byCode.get(code)?.label ?? code;
}

/** The broad group of a code, for equity reports. */
export function ethnicGroupOf(code: EthnicCategoryCode): EthnicGroup {
  return byCode.get(code)?.group ?? 'not_known';
}
