import { ERROR_CATALOGUE, EVENT_TYPES } from '@cafe/shared';

/**
 * The parts of `docs/` that are generated from the code, so they cannot drift from it: each
 * is the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` in one file.
 * `npm run docs:generate` rewrites them; a unit test fails while any is stale.
 */
export interface GeneratedSection {
  file: string;
  name: string;
  render(): string;
}

/** The error catalogue as a table: code, HTTP status, default message. */
export function renderErrorCodes(): string {
  const rows = Object.entries(ERROR_CATALOGUE).map(([code, entry]) => `| \`${code}\` | ${entry.status} | ${entry.message} |`);
  return ['| code | HTTP | default message |', '|---|---|---|', ...rows].join('\n');
}

/** Every event type the runtime appends, as a list. */
export function renderEventTypes(): string {
  return EVENT_TYPES.map((type) => `- \`${type}\``).join('\n');
}

export const GENERATED_SECTIONS: GeneratedSection[] = [
  { file: 'docs/errors.md', name: 'error-codes', render: renderErrorCodes },
  { file: 'docs/events.md', name: 'event-types', render: renderEventTypes },
];

const markers = (name: string) => [`<!-- generated:${name} -->`, `<!-- /generated:${name} -->`] as const;

/** The document with the section's content replaced by `content`; throws when its markers are missing. */
export function replaceSection(document: string, name: string, content: string): string {
  const [open, close] = markers(name);
  const start = document.indexOf(open);
  const end = document.indexOf(close);
  if (start < 0 || end < start) throw new Error(`markers ${open} … ${close} not found`);
  return `${document.slice(0, start + open.length)}\n${content}\n${document.slice(end)}`;
}
