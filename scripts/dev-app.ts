import { findApp } from './lib/apps';
import { launch } from './lib/launcher';

// `npm run dev:<app>`: one app alone under its Nitro dev server, with the same database
// handling as dev:all.
await launch([findApp(process.argv[2])], 'dev');
