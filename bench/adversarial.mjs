// Generators of adversarial and long answers, shared by bench/growth.mjs and scripts/fuzz.mjs.
// Each takes a target length in UTF-16 units and returns text of about that length, so a case
// can be timed at n and 10n characters.
import { generateAnswers } from './corpus.mjs';

const fill = (unit, n) => unit.repeat(Math.max(1, Math.ceil(n / unit.length))).slice(0, n);
const TERMS = ['precision', 'recall', 'F1', 'AUC', 'NPS', 'churn', 'latency', 'CSAT', 'retention', 'A/B test', 'holdout', 'drift', 'GDPR', 'RICE', 'conversion'];

let prose = null;
function proseText() {
  if (!prose) prose = generateAnswers(400, 1234).map((a) => a.answer).join('\n\n');
  return prose;
}

/** name → (n) => text */
export const CASES = {
  // Realistic structure, just long: generated answers back to back.
  'prose answers': (n) => {
    const p = proseText();
    let s = p;
    while (s.length < n) s += `\n\n${p}`;
    return s.slice(0, n);
  },
  // One sentence of ordinary words and commas, no full stop anywhere.
  'one long sentence': (n) => fill('we weighed precision against recall because churn, latency and fraud losses all moved, ', n),
  // A comma list of known terms with no verb: the stuffing detector's worst case.
  'one long term list': (n) => fill(TERMS.map((t) => `${t}, `).join(''), n),
  '10,000-style list items': (n) => fill(TERMS.map((t) => `- ${t}\n`).join(''), n),
  'numbered list items': (n) => {
    let s = '';
    for (let i = 1; s.length < n; i++) s += `${i}. ${TERMS[i % TERMS.length]} drops when we ship\n`;
    return s.slice(0, n);
  },
  // Thousands of metric-KPI links with numbers: the pairing scorers' worst realistic case.
  'repeated metric-KPI links': (n) => fill('A 2% gain in recall cuts churn by 3%, which lowers fraud losses. ', n),
  'repeated "not"': (n) => `We did ${fill('not ', n - 30)}run an A/B test.`,
  'repeated negated clauses': (n) => fill("we never ran a holdout, didn't track churn, no A/B test, ", n),
  'nested brackets': (n) => {
    const d = Math.floor((n - 10) / 2);
    return `${'('.repeat(d)}recall${')'.repeat(d)}`;
  },
  'nested mixed brackets with words': (n) => {
    const unit = '([{ churn ';
    const d = Math.floor(n / (unit.length + 3));
    return `${unit.repeat(d)}${'}])'.repeat(d)}`;
  },
  'no spaces, letters': (n) => fill('a', n),
  'no spaces, mixed word chars': (n) => fill('abc123def', n),
  'no spaces, punctuation': (n) => fill('.!?', n),
  'no spaces, hyphen-joined words': (n) => fill('trade-off-', n),
  'full stops and initials': (n) => fill('A. B. e.g. U.S. approx. ', n),
  'numbers and separators': (n) => fill('1,2.3,4.5,', n),
  'percent and currency runs': (n) => fill('$1.2M 40% 3x 200ms ', n),
  'markdown headings': (n) => fill('## Context\n**Risks**\nMetrics:\n', n),
  'bold markers': (n) => fill('**', n),
  'blank lines and CRLF': (n) => fill('\r\n \r\n\t\r\n', n - 4) + 'okay',
  'combining marks': (n) => `e${fill('\u0301', n - 1)}`,
  'zero-width characters': (n) => `a${fill('\u200b\u200d\ufeff', n - 2)}b`,
  'emoji and surrogates': (n) => fill('😀👍🏽 ', n),
  'lone surrogates': (n) => fill('\ud800x\udc00 ', n),
  'NUL and control characters': (n) => fill('\u0000\u0001a\u0007 ', n),
  'RTL text': (n) => fill('מדד הצלחה churn שימור ', n),
  'HTML and code blocks': (n) => fill('<div><p>latency</p></div>\n```js\nif (x) { y(); }\n```\n', n),
  'table rows': (n) => fill('| metric | value |\n|---|---|\n| recall | 0.8 |\n', n),
};

export const CASE_NAMES = Object.keys(CASES);
