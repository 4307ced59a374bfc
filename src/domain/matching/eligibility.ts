/**
 * Services for one sex only ("Women's Aid", "Men's Shed", "Mums' group"), read conservatively from
 * a listing's words: a service is 'female' or 'male' only when its name or eligibility text says
 * so, or its description says so in so many words ("women only", "open to men", "for women aged
 * 50+"). Anything mixed ("men and women", "women and families", "all genders welcome") or unclear is
 * null, and null never hides a service from anyone. Pure, dependency-free; the regexes are compiled
 * once so it costs a few microseconds a listing.
 */

// Word stems. Each is matched whole: `\b` before, and no letter or digit after (so "men" is found
// in "men's" and "mens" but not in "mentoring", "menopause" or "Mencap"; "women" is not "men").
const FEMALE = "wom[ae]ns?|ladies|girls?|mums?|mothers|mother(?=['’ʼ]s)|grandmothers|grannies|females?|widows|sisterhood|girl guid(?:es|ing)|girlguiding";
const MALE = "mens?|gents|gentlem[ae]n|boys?|dads?|fathers|father(?=['’ʼ]s)|grandads|grandfathers|males?|widowers|blokes|lads|man (?:club|cave|shed)s?";
/** Words that, joined to one sex ("women and families"), make a service mixed. */
const EITHER = 'famil(?:y|ies)|parents?|carers?|couples?|partners?|young people|non[- ]?binary|trans(?:gender)?(?: people)?|gender[- ](?:diverse|queer|fluid)';

const END = '(?![a-z0-9])';
const cue = (stems: string) => `\\b(?:${stems})${END}`;

/** Names that carry a sex word but are open to all (checked before anything else). */
const OPEN_NAMES_RE = /\b(?:young men['’ʼ]?s christian association|mothers['’ʼ]? union|boys['’ʼ]? brigade)\b/gi;

const FEMALE_RE = new RegExp(cue(FEMALE), 'i');
const MALE_RE = new RegExp(cue(MALE), 'i');

/** One sex joined to the other or to an either-sex word: "men, women and children", "mums & dads",
 * "women and their families", "boys and girls", "male and female". Named groups say which side is which. */
const PAIR_RE = new RegExp(
  `\\b(?:(?<af>${FEMALE})|(?<am>${MALE})|(?<ae>${EITHER}))${END}['’ʼ]?s?\\s*(?:,|&|\\+|/|\\band\\b|\\bor\\b)\\s*(?:(?:their|our|your|young|older|all|other)\\s+)?\\b(?:(?<bf>${FEMALE})|(?<bm>${MALE})|(?<be>${EITHER}))${END}`,
  'gi',
);

/** Said to be open to everyone, whatever their sex. "Open to all" followed by a sex ("open to all
 * women") is not. */
const OPEN_TO_ALL_RE = new RegExp(
  `\\b(?:(?:all|any|both|either|every) (?:genders?|sexes)|regardless of (?:gender|sex)|mixed[- ](?:sex|gender|groups?)|unisex|(?:everyone|everybody|all) (?:is |are )?welcome|open to (?:all|everyone|everybody|anyone)\\b(?!\\s+(?:${FEMALE}|${MALE})${END})|anyone (?:can|is welcome|welcome))\\b`,
  'i',
);

/** In a description, only a plain statement of who may come counts (a passing "women's group on
 * Mondays" in a community centre's description does not make the centre women-only). */
const explicit = (stems: string) =>
  new RegExp(
    [
      `\\b(?:${stems})(?:['’ʼ]s?)?[- ](?:only|specific)\\b`,
      `\\b(?:only|solely|exclusively|just|specifically|purely) (?:for|open to) (?:(?:young|older|adult|local) )?(?:${stems})${END}`,
      `\\bopen (?:only )?to (?:(?:young|older|adult|local|all) )?(?:${stems})${END}`,
      `\\bfor (?:(?:young|older|adult|local) )?(?:${stems}) (?:aged|over \\d|under \\d|\\d)`,
      `\\b(?:${stems}) aged \\d`,
    ].join('|'),
    'i',
  );
const FEMALE_EXPLICIT_RE = explicit(FEMALE);
const MALE_EXPLICIT_RE = explicit(MALE);

function isMixed(text: string): boolean {
  if (OPEN_TO_ALL_RE.test(text)) return true;
  PAIR_RE.lastIndex = 0;
  for (const m of text.matchAll(PAIR_RE)) {
    const g = m.groups ?? {};
    const a = g['af'] !== undefined ? 'f' : g['am'] !== undefined ? 'm' : 'e';
    const b = g['bf'] !== undefined ? 'f' : g['bm'] !== undefined ? 'm' : 'e';
    // "dads and lads" is still men; "parents and carers" says nothing about sex
    if (a !== b) return true;
  }
  return false;
}

/**
 * 'female' for a service only for women or girls (or mums), 'male' for one only for men or boys (or
 * dads), null when it is for everyone, mixed, or unclear. From the name and eligibility text (any
 * sex word), and the description only for explicit phrases; a word for the other sex anywhere, or a
 * mixed phrase ("men and women", "women and families", "all welcome"), makes it null.
 */
export function sexEligibility(s: { name: string; description: string | null; eligibilityDescription: string | null }): 'female' | 'male' | null {
  // most listings name no sex at all: every phrase below has a sex word, so none can match (the
  // matcher asks this of every service in the directory)
  const raw = `${s.name}\n${s.eligibilityDescription ?? ''}\n${s.description ?? ''}`;
  if (!FEMALE_RE.test(raw) && !MALE_RE.test(raw)) return null;
  const name = s.name.replace(OPEN_NAMES_RE, ' ');
  const eligibility = (s.eligibilityDescription ?? '').replace(OPEN_NAMES_RE, ' ');
  const description = (s.description ?? '').replace(OPEN_NAMES_RE, ' ');
  const stated = `${name}\n${eligibility}`;
  const femaleStated = FEMALE_RE.test(stated) || FEMALE_EXPLICIT_RE.test(description);
  const maleStated = MALE_RE.test(stated) || MALE_EXPLICIT_RE.test(description);
  if (!femaleStated && !maleStated) return null;
  if (isMixed(name) || isMixed(eligibility) || isMixed(description)) return null;
  const femaleAnywhere = femaleStated || FEMALE_RE.test(description);
  const maleAnywhere = maleStated || MALE_RE.test(description);
  if (femaleStated && !maleAnywhere) return 'female';
  if (maleStated && !femaleAnywhere) return 'male';
  return null;
}
