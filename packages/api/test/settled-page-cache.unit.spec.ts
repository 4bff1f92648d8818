import { describe, expect, it } from 'vitest';
import { createSettledPageCache, MAX_CACHED_PAGE_CHARS } from '../src/event-reads/settled-page-cache';

/** A page read that counts its calls and answers `{ n }`, full or not. */
function counted(full: boolean, data: unknown = { n: 1 }) {
  const read = async () => {
    read.calls += 1;
    return { data, full };
  };
  read.calls = 0;
  return read;
}

describe('settled page cache', () => {
  it('answers the envelope JSON, and serves a full page again without reading it', async () => {
    const pages = createSettledPageCache();
    const read = counted(true, { events: [1, 2], count: 2 });
    expect(await pages.serve('k', read)).toBe('{"ok":true,"data":{"events":[1,2],"count":2}}');
    expect(await pages.serve('k', read)).toBe('{"ok":true,"data":{"events":[1,2],"count":2}}');
    expect(read.calls).toBe(1);
  });

  it('reads a page that is not full every time: it can still grow', async () => {
    const pages = createSettledPageCache();
    const read = counted(false);
    await pages.serve('k', read);
    await pages.serve('k', read);
    expect(read.calls).toBe(2);
    expect(pages.size).toBe(0);
  });

  it('never remembers a read without a key (a descending page)', async () => {
    const pages = createSettledPageCache();
    const read = counted(true);
    await pages.serve(null, read);
    await pages.serve(null, read);
    expect(read.calls).toBe(2);
  });

  it('forgets the least recently used page beyond its entry or size budget, and skips pages over the page limit', async () => {
    const pages = createSettledPageCache(2, 1_000_000);
    await pages.serve('a', counted(true));
    await pages.serve('b', counted(true));
    await pages.serve('a', counted(true)); // a is now the most recently used
    await pages.serve('c', counted(true));
    const readB = counted(true);
    await pages.serve('b', readB);
    expect(readB.calls).toBe(1);
    const readA = counted(true);
    await pages.serve('c', counted(true));
    await pages.serve('a', readA);
    expect(readA.calls).toBe(1);

    const small = createSettledPageCache(100, 60);
    await small.serve('x', counted(true, 'x'.repeat(30)));
    await small.serve('y', counted(true, 'y'.repeat(30)));
    expect(small.size).toBe(1);

    const big = createSettledPageCache();
    await big.serve('huge', counted(true, 'z'.repeat(MAX_CACHED_PAGE_CHARS)));
    expect(big.size).toBe(0);
  });
});
