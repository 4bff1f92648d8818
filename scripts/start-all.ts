import { APPS } from './lib/apps';
import { launch } from './lib/launcher';

// `npm run start:all`: Postgres (embedded unless DATABASE_URL), migrations once, then the four
// built apps (rebuilt first when their sources changed), as they run in production.
await launch(APPS, 'start');
