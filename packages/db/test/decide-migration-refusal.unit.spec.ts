import { describe, expect, it } from 'vitest';
import { decideMigrationRefusal, type MigrationFile } from '../src/migrations/decide-migration-refusal';

const files: MigrationFile[] = [
  { tag: '0000_events', createdAt: 100, hash: 'a'.repeat(64) },
  { tag: '0001_append', createdAt: 200, hash: 'b'.repeat(64) },
  { tag: '0002_tasks', createdAt: 300, hash: 'c'.repeat(64) },
];
const appliedAll = files.map(({ createdAt, hash }) => ({ createdAt, hash }));

describe('decideMigrationRefusal', () => {
  it('lets a fresh database, a partly migrated one and an up-to-date one through', () => {
    expect(decideMigrationRefusal(files, [])).toBeNull();
    expect(decideMigrationRefusal(files, appliedAll.slice(0, 2))).toBeNull();
    expect(decideMigrationRefusal(files, appliedAll)).toBeNull();
  });

  it('lets an older build run on a database a newer build migrated further', () => {
    expect(decideMigrationRefusal(files.slice(0, 2), appliedAll)).toBeNull();
  });

  it('refuses an applied file whose hash changed, naming the file and what to do', () => {
    const refusal = decideMigrationRefusal(files, [appliedAll[0]!, { createdAt: 200, hash: 'f'.repeat(64) }]);
    expect(refusal).toMatchObject({ problem: 'changed', file: '0001_append.sql', storedHash: 'f'.repeat(64), fileHash: 'b'.repeat(64) });
    expect(refusal!.message).toMatch(/^migration 0001_append\.sql was changed after it was applied .*new migration \(npm run db:generate\)$/);
    expect(refusal!.message).not.toContain('\n');
  });

  it('refuses an unapplied file older than the newest applied one, which drizzle would skip for ever', () => {
    const refusal = decideMigrationRefusal(files, [appliedAll[0]!, appliedAll[2]!]);
    expect(refusal).toMatchObject({ problem: 'older-than-applied', file: '0001_append.sql', newestApplied: '0002_tasks.sql' });
    expect(refusal!.message).toMatch(/^migration 0001_append\.sql is not applied but is older than the newest applied migration 0002_tasks\.sql/);
  });

  it('names the recorded timestamp when the newest applied migration has no file here', () => {
    const refusal = decideMigrationRefusal(files, [appliedAll[0]!, { createdAt: 999, hash: 'e'.repeat(64) }]);
    expect(refusal).toMatchObject({ problem: 'older-than-applied', file: '0001_append.sql', newestApplied: 'the one recorded at 999' });
  });
});
