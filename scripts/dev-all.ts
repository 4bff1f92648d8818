import { APPS } from './lib/apps';
import { launch } from './lib/launcher';

// `npm run dev:all`: Postgres (embedded unless DATABASE_URL), migrations once, then the four
// apps under their Nitro dev servers, which reload on every change.
await launch(APPS, 'dev');
