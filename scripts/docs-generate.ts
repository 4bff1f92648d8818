import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT_DIR } from './lib/apps';
import { GENERATED_SECTIONS, replaceSection } from './lib/docs/generated-sections';

// `npm run docs:generate`: rewrites the generated sections of docs/ (error codes, event types).
for (const section of GENERATED_SECTIONS) {
  const path = resolve(ROOT_DIR, section.file);
  const before = readFileSync(path, 'utf8');
  const after = replaceSection(before, section.name, section.render());
  if (after !== before) writeFileSync(path, after);
  process.stdout.write(`${section.file} ${section.name}: ${after === before ? 'up to date' : 'updated'}\n`);
}
