import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations from the Drizzle schema into migrations/.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/db/src/schema/index.ts',
  out: './migrations',
});
