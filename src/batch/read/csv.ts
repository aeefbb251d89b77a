/** One CSV record: its fields and the physical line where it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record was longer than the limit; its fields are then dropped. */
  oversize?: number;
  /** Set when the input ended inside a quoted field (a missing closing quote). */
  unterminated?: boolean;
}

/**
 * An incremental RFC 4180 parser: comma separators, double-quoted fields with "" for a quote,
 * line breaks inside quotes, LF or CRLF record ends. Text is pushed in pieces as it is read, so a
 * file of any size is parsed in constant memory (one record at a time). It is lenient where the
 * RFC is silent: characters after a closing quote are kept, a lone CR outside quotes is dropped.
 */
export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private afterQuote = false;
  private line = 1;
  private recordLine = 1;
  private size = 0;
  private over = false;
  private started = false;
  private pendingQuote = false;

  constructor(private readonly maxChars: number) {}

  private endField(): void {
    if (!this.over) this.fields.push(this.field);
    this.field = '';
    this.afterQuote = false;
  }

  private endRecord(out: CsvRecord[]): void {
    this.endField();
    const blank = !this.over && this.fields.length === 1 && this.fields[0] === '';
    if (!blank) out.push(this.over ? { line: this.recordLine, fields: [], oversize: this.size } : { line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.size = 0;
    this.over = false;
    this.recordLine = this.line;
  }

  private add(s: string): void {
    if (!s) return;
    this.size += s.length;
    if (this.over) return;
    if (this.size > this.maxChars) {
      this.over = true;
      this.fields = [];
      this.field = '';
    } else this.field += s;
  }

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (!text) return out;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let i = 0;
    const n = text.length;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (text.charCodeAt(0) === 34) {
        this.add('"');
        i = 1;
      } else {
        this.inQuotes = false;
        this.afterQuote = true;
      }
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        const chunk = q < 0 ? text.slice(i) : text.slice(i, q);
        for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) this.line++;
        this.add(chunk);
        if (q < 0) break;
        if (q + 1 >= n) {
          // A quote at the end of the piece: whether it is "" or a closing quote depends on the next piece.
          this.pendingQuote = true;
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          this.add('"');
          i = q + 2;
        } else {
          this.inQuotes = false;
          this.afterQuote = true;
          i = q + 1;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        this.endField();
        i++;
      } else if (c === 10) {
        this.line++;
        this.endRecord(out);
        i++;
      } else if (c === 13) {
        i++;
      } else if (c === 34 && this.field === '' && !this.afterQuote) {
        this.inQuotes = true;
        i++;
      } else {
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13) break;
          j++;
        }
        this.add(text.slice(i, j));
        i = j;
      }
    }
    return out;
  }

  end(): CsvRecord[] {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.inQuotes = false;
    }
    const out: CsvRecord[] = [];
    const unterminated = this.inQuotes;
    if (this.field !== '' || this.fields.length || this.over || this.inQuotes) this.endRecord(out);
    if (unterminated && out.length) out[out.length - 1].unterminated = true;
    return out;
  }
}

/** Parses a whole CSV text (tests and small inputs). */
export function parseCsv(text: string, maxChars = Number.MAX_SAFE_INTEGER): CsvRecord[] {
  const p = new CsvParser(maxChars);
  return [...p.push(text), ...p.end()];
}
