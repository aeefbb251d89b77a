/** One physical line of a byte stream. `oversize` is set (and `text` is not) when the line was over the limit. */
export interface RawLine {
  line: number;
  text?: string;
  oversize?: number;
}

/**
 * Splits a byte stream into lines (LF or CRLF) without holding more than one line in memory, and
 * without ever holding more than `maxBytes` of an overlong line: its bytes are counted and
 * dropped, and the line comes out as `oversize` so that the caller can report it in its place.
 * readline cannot do this: it buffers a line whole, however long it is.
 */
export async function* splitLines(stream: AsyncIterable<Buffer | string>, maxBytes: number, onBytes?: (n: number) => void): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let over = false;
  let line = 1;
  let any = false;
  const finish = (tail?: string): RawLine => {
    let out: RawLine;
    if (over) out = { line, oversize: size };
    else {
      let text = tail ?? (parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts, size).toString('utf8'));
      if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      out = { line, text };
    }
    parts = [];
    size = 0;
    over = false;
    line++;
    return out;
  };
  const append = (b: Buffer) => {
    if (!b.length) return;
    size += b.length;
    if (over) return;
    if (size > maxBytes) {
      over = true;
      parts = [];
    } else parts.push(b);
  };
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (!buf.length) continue;
    any = true;
    onBytes?.(buf.length);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) {
        // Copied: a slice would pin the whole read buffer until the line ends.
        if (start < buf.length) append(Buffer.from(buf.subarray(start)));
        break;
      }
      if (!parts.length && !over) {
        // The common case, a line inside one chunk: decode it without copying.
        const len = nl - start;
        if (len > maxBytes) {
          size = len;
          over = true;
          yield finish();
        } else yield finish(buf.toString('utf8', start, nl));
      } else {
        append(buf.subarray(start, nl));
        yield finish();
      }
      start = nl + 1;
    }
  }
  if (any && (size > 0 || over)) yield finish();
}
