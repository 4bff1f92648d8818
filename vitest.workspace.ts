import { defineProject } from 'vitest/config';

/**
 * vitest projects, named `<package>:<tier>`; the tier is in each file name:
 * `*.unit.spec.ts` (pure), `*.int.spec.ts` (real Postgres/Redis), `*.e2e.spec.ts` (built apps).
 * Run one package with `--project 'db:*'`, one tier with `--project '*:unit'`.
 *
 * Unit projects run first, in parallel (group 0). Integration and e2e files run afterwards one
 * at a time (group 1, one worker): the event store only shows rows below the cluster-wide
 * xmin horizon, so any write transaction on the same Postgres server — another file's
 * CREATE DATABASE, migrations or deliberately held transaction, even in another database —
 * delays every other file's reads; side by side they would flake on timing.
 */
const PACKAGES = ['shared', 'db', 'http', 'bus', 'api', 'realtime', 'projector', 'flex-registry', 'testkit', 'client'];

const EXCLUDE = ['**/node_modules/**', '**/.output/**'];
const TIMEOUTS = { testTimeout: 30_000, hookTimeout: 120_000 };
/**
 * Every test process, and every app a test starts (they inherit the environment), checks each
 * appended event against the event catalogue: a writer that drifts from the contract fails.
 */
const ENV = { CAFE_CHECK_EVENT_PAYLOADS: 'true' };
const COMMON = { ...TIMEOUTS, env: ENV };

/** The three tier projects of one package; files without a tier run with the integration ones. */
function packageProjects(name: string) {
  const root = `./packages/${name}`;
  return [
    defineProject({
      test: { name: `${name}:unit`, root, include: ['test/**/*.unit.spec.ts', 'src/**/*.spec.ts'], exclude: EXCLUDE, ...COMMON, sequence: { groupOrder: 0 } },
    }),
    defineProject({
      test: {
        name: `${name}:int`,
        root,
        include: ['test/**/*.spec.ts'],
        exclude: [...EXCLUDE, '**/*.unit.spec.ts', '**/*.e2e.spec.ts'],
        ...COMMON,
        maxWorkers: 1,
        sequence: { groupOrder: 1 },
      },
    }),
    defineProject({
      test: { name: `${name}:e2e`, root, include: ['test/**/*.e2e.spec.ts'], exclude: EXCLUDE, ...COMMON, maxWorkers: 1, sequence: { groupOrder: 1 } },
    }),
  ];
}

export default [
  ...PACKAGES.flatMap(packageProjects),
  // The pure parts of the root scripts and benchmarks (load gate, percentiles, tables).
  defineProject({ test: { name: 'scripts:unit', root: './scripts', include: ['test/**/*.spec.ts'], sequence: { groupOrder: 0 } } }),
];
