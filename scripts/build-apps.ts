import { APPS, findApp } from './lib/apps';
import { buildApps } from './lib/build';

// `npm run build [app…]`: production bundles under packages/<app>/.output (always rebuilt).
const names = process.argv.slice(2);
const apps = names.length ? names.map((name) => findApp(name)) : APPS;
await buildApps(apps, { force: true, log: (m) => process.stdout.write(`${m}\n`) });
