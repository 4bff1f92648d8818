import { MigrationRefusedError } from '@cafe/db';
import { validateEnvOrExit, ensureDatabase, migrateOnce } from './lib/launcher';

// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded Postgres) and stops.
const { env } = validateEnvOrExit([]);
const database = await ensureDatabase(env);
try {
  await migrateOnce(database.url, env);
} catch (error) {
  // A refusal is the operator's to fix: one line, no stack.
  if (!(error instanceof MigrationRefusedError)) throw error;
  process.stderr.write(`Refusing to migrate: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  await database.embedded?.stop();
}
