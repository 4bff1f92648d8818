import { APPS } from './lib/apps';
import { launch } from './lib/launcher';

// `npm run dev:all`: Postgres (embedded unless DATABASE_URL), migrations once, then the four apps.
await launch(APPS);
