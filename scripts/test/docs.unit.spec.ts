import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../lib/apps';
import { GENERATED_SECTIONS, replaceSection } from '../lib/docs/generated-sections';
import { checkLink, docCitations, documentationFiles, headingSlug, markdownLinkTargets, sourceFiles, type LinkProblem } from '../lib/docs/links';

describe('generated sections of docs/', () => {
  it.each(GENERATED_SECTIONS.map((section) => [`${section.file} ${section.name}`, section] as const))('%s is up to date (npm run docs:generate)', (_, section) => {
    const document = readFileSync(join(ROOT_DIR, section.file), 'utf8');
    expect(replaceSection(document, section.name, section.render())).toBe(document);
  });
});

describe('the repository stands alone', () => {
  it('README and docs/ link only to files and headings inside the repository', () => {
    const problems: LinkProblem[] = [];
    for (const file of documentationFiles(ROOT_DIR)) {
      for (const target of markdownLinkTargets(readFileSync(file, 'utf8'))) {
        const problem = checkLink(ROOT_DIR, file, target);
        if (problem) problems.push(problem);
      }
    }
    expect(problems).toEqual([]);
  });

  it('README and docs/ name no path above the repository', () => {
    const offenders = documentationFiles(ROOT_DIR).filter((file) => /(^|[\s`(])\.\.\/(shared|\.\.)/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(ROOT_DIR, file))).toEqual([]);
  });

  it('code comments cite docs/ pages and headings that exist, and nothing outside the repository', () => {
    const problems: string[] = [];
    // This file itself names the forbidden forms, to test the check.
    for (const file of sourceFiles(ROOT_DIR, [fileURLToPath(import.meta.url)])) {
      const source = readFileSync(file, 'utf8');
      const name = relative(ROOT_DIR, file);
      for (const citation of docCitations(source)) {
        const problem = checkLink(ROOT_DIR, join(ROOT_DIR, 'README.md'), citation);
        if (problem) problems.push(`${name}: ${citation} ${problem.problem}`);
      }
      if (/§|\bspec\/[a-z-]+\.md|DESIGN\.md|\.\.\/shared\//.test(source)) problems.push(`${name}: cites a document that is not in the repository`);
    }
    expect(problems).toEqual([]);
  });

  it('heading anchors follow the renderers: punctuation dropped, spaces become dashes', () => {
    expect(headingSlug('Load + SLO gate (`npm run runtime:load`)')).toBe('load--slo-gate-npm-run-runtimeload');
    expect(headingSlug('Stay alive: heartbeats and expiry')).toBe('stay-alive-heartbeats-and-expiry');
  });

  it('a link outside the repository is reported', () => {
    expect(checkLink(ROOT_DIR, join(ROOT_DIR, 'README.md'), '../shared/spec/README.md')?.problem).toBe('leads outside the repository');
    expect(checkLink(ROOT_DIR, join(ROOT_DIR, 'README.md'), 'https://example.com/')?.problem).toBe('leads outside the repository');
    expect(checkLink(ROOT_DIR, join(ROOT_DIR, 'README.md'), 'docs/api.md#no-such-heading')?.problem).toBe('has no heading #no-such-heading');
  });
});
