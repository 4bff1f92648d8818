import { defineProject } from 'vitest/config';

/**
 * One vitest project per package. Test tiers are visible in file names:
 * `*.unit.spec.ts` (pure), `*.int.spec.ts` (real Postgres/Redis), `*.e2e.spec.ts` (built apps).
 */
const PACKAGES = ['shared', 'db', 'http', 'bus', 'api', 'realtime', 'projector', 'flex-registry', 'testkit'];

export default PACKAGES.map((name) =>
  defineProject({
    test: {
      name,
      root: `./packages/${name}`,
      include: ['test/**/*.spec.ts', 'src/**/*.spec.ts'],
      exclude: ['**/node_modules/**', '**/.output/**'],
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  }),
);
