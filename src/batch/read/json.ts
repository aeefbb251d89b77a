/** One top-level element of a JSON array: its raw text and the line where it starts. */
export interface JsonElement {
  line: number;
  text?: string;
  /** Set instead of `text` for something that is not an element (e.g. an empty slot, text after the array). */
  error?: string;
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * Splits a JSON array into the raw text of its top-level elements, each with the line it starts
 * on, without parsing them: each element is parsed on its own later, so one broken element becomes
 * one error row and the others are still scored. Strings and nesting are tracked so that commas and
 * brackets inside them do not split. When the array is cut short, the unfinished element is
 * returned as is (its parse error names its line).
 */
export function splitJsonArray(text: string, firstLine = 1): JsonElement[] {
  const out: JsonElement[] = [];
  const n = text.length;
  let line = firstLine;
  let i = 0;
  while (i < n && isSpace(text.charCodeAt(i))) {
    if (text.charCodeAt(i) === 10) line++;
    i++;
  }
  if (text.charCodeAt(i) !== 91) return [{ line, error: 'expected a JSON array' }];
  i++;
  let depth = 0;
  let inString = false;
  let start = -1;
  let startLine = line;
  let closed = false;
  const emit = (end: number) => {
    out.push({ line: startLine, text: text.slice(start, end).trimEnd() });
    start = -1;
  };
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) {
        i++;
        if (text.charCodeAt(i) === 10) line++;
      } else if (c === 34) inString = false;
      continue;
    }
    if (isSpace(c)) continue;
    if (depth === 0 && (c === 44 || c === 93)) {
      if (start >= 0) emit(i);
      else if (c === 44 || out.length) out.push({ line, error: c === 44 ? 'an empty element (two commas in a row, or a comma first)' : 'a comma before the closing bracket' });
      if (c === 93) {
        closed = true;
        i++;
        break;
      }
      continue;
    }
    if (start < 0) {
      start = i;
      startLine = line;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  if (!closed) {
    if (start >= 0) emit(n);
    else out.push({ line, error: 'the array is not closed (missing "]")' });
    return out;
  }
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (!isSpace(c)) {
      out.push({ line, error: 'unexpected text after the closing "]" of the array' });
      break;
    }
  }
  return out;
}
