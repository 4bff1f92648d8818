import { validateEnvOrExit, ensureDatabase, migrateOnce } from './lib/launcher';

// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded Postgres) and stops.
const { env } = validateEnvOrExit([]);
const database = await ensureDatabase(env);
try {
  await migrateOnce(database.url, env);
} finally {
  await database.embedded?.stop();
}
