import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LexiconSchema, loadLexicon, RubricValidationError } from '../src/index.js';
import { BUILTIN_LEXICON_IDS } from '../src/lexicons/index.js';

// The built-in lexicons are not validated at run time (start-up cost); this suite is their check.
const DIR = join(__dirname, '../src/lexicons/data');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const read = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { id: string; entries: { id: string; variants: string[]; note?: string }[] };

describe('built-in lexicon data', () => {
  it('ships one registered lexicon per data file, named after it', () => {
    expect(files.map((f) => f.replace(/\.json$/, ''))).toEqual([...BUILTIN_LEXICON_IDS].sort());
    for (const f of files) expect(read(f).id).toBe(f.replace(/\.json$/, ''));
  });

  it.each(files)('%s validates against LexiconSchema', (f) => {
    const r = LexiconSchema.safeParse(read(f));
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it.each(files)('%s has unique entry ids', (f) => {
    const ids = read(f).entries.map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('would catch a broken entry (the check is not vacuous)', () => {
    const broken = read(files[0]);
    delete broken.entries[0].note;
    broken.entries[0].variants = [];
    expect(() => loadLexicon(broken, `lexicons/${files[0]}`)).toThrow(RubricValidationError);
    try {
      loadLexicon(broken, `lexicons/${files[0]}`);
    } catch (e) {
      const paths = (e as RubricValidationError).issues.map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['entries.0.note', 'entries.0.variants']));
      expect((e as RubricValidationError).code).toBe('LEXICON_INVALID');
    }
  });
});
