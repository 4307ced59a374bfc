import { compile, type HtmlToTextOptions } from 'html-to-text';

/**
 * Feed text to plain text. Real ORUK feeds put HTML in descriptions (`<p>`, `<h4>`, `&nbsp;`,
 * `<p><br></p>` for "nothing"); Linkwork stores and serves plain text only, so no markup from a
 * feed can ever reach a page. html-to-text is a real HTML parser (htmlparser2), pure JavaScript,
 * so it can live in the domain layer: scripts and styles are dropped, entities decoded, links
 * reduced to their words, lists kept as "* item" lines.
 */
const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((h) => ({ selector: h, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};
// Compiled once: html-to-text re-reads its options on every convert() call otherwise (~10x slower).
const convert = compile(OPTIONS);

const TAG = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|<!--/i;
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** True when the text carries HTML markup or entities that need decoding. */
export function looksLikeHtml(text: string): boolean {
  return TAG.test(text) || ENTITY.test(text);
}

/**
 * Plain text from feed text (HTML or not): tags removed, entities decoded, non-breaking spaces
 * made ordinary, runs of blank lines collapsed, ends trimmed. Returns null when nothing is left
 * (an empty string or `<p><br></p>` is "missing", not "empty").
 */
export function toPlainText(input: string): string | null {
  let text = input;
  if (looksLikeHtml(text)) {
    // Text that only carries entities keeps its own line breaks (HTML would fold them into spaces).
    const html = TAG.test(text) ? text : text.replace(/\r?\n/g, '<br>');
    text = convert(html);
  }
  text = text
    .replace(/\u00a0/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text;
}

/** A one-line value (names, titles): plain text with every run of whitespace made one space. */
export function toPlainLine(input: string): string | null {
  const text = toPlainText(input);
  if (text === null) return null;
  const line = text.replace(/\s+/g, ' ').trim();
  return line === '' ? null : line;
}
