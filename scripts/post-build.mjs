// After tsup: write the rubric JSON Schema next to the bundles, from the same zod schema.
import { writeFileSync } from 'node:fs';
import { rubricJsonSchema } from '../dist/index.js';

writeFileSync(new URL('../dist/rubric.schema.json', import.meta.url), `${JSON.stringify(rubricJsonSchema(), null, 2)}\n`);
