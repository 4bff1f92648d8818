import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The anchor a heading gets on the usual Markdown renderers: lower case, punctuation dropped, spaces → `-`. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown document's headings (outside code blocks). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const match = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (match) anchors.add(headingSlug(match[1]!));
  }
  return anchors;
}

/** The targets of `[text](target)` links of a Markdown document, outside code blocks and spans. */
export function markdownLinkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
}

export interface LinkProblem {
  file: string;
  target: string;
  problem: string;
}

/**
 * Checks one link of `file` (a path inside `root`): it must be relative, stay inside the
 * repository, name a file that exists and, with `#anchor`, a heading of that file.
 */
export function checkLink(root: string, file: string, target: string): LinkProblem | null {
  const fail = (problem: string) => ({ file: relative(root, file), target, problem });
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return fail('leads outside the repository');
  const [pathPart, anchor] = target.split('#') as [string, string | undefined];
  const resolved = pathPart === '' ? file : resolve(dirname(file), pathPart);
  const inside = relative(root, resolved);
  if (inside.startsWith('..') || resolve(root, inside) !== resolved) return fail('leads outside the repository');
  if (!existsSync(resolved)) return fail('names a file that does not exist');
  if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md') && !headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) {
    return fail(`has no heading #${anchor}`);
  }
  return null;
}

/** The README and every Markdown file under docs/. */
export function documentationFiles(root: string): string[] {
  const docs = join(root, 'docs');
  return [join(root, 'README.md'), ...readdirSync(docs).filter((name) => name.endsWith('.md')).map((name) => join(docs, name))];
}

/** TypeScript sources and tests of the packages, scripts and benchmarks (`skip` left out). */
export function sourceFiles(root: string, skip: string[] = []): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts') && !skip.includes(path)) files.push(path);
    }
  };
  for (const dir of ['packages', 'scripts', 'bench']) walk(join(root, dir));
  return files;
}

/** `docs/<name>.md` or `docs/<name>.md#anchor` mentioned in a source file (comments cite docs this way). */
export function docCitations(source: string): string[] {
  return [...source.matchAll(/\bdocs\/[a-z0-9/-]+\.md(?:#[a-z0-9-]+)?/g)].map((match) => match[0]);
}
