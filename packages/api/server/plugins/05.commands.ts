import { defineNitroPlugin } from 'nitropack/runtime';
import { createCommandHandler } from '../../src/pipeline/command-handler';
import { COMMANDS } from '../../src/pipeline/commands';
import { useCommandDeps } from '../../src/runtime';

/** Mounts every command module on the router: the routes are defined by the modules themselves. */
export default defineNitroPlugin((nitroApp) => {
  for (const command of COMMANDS) {
    nitroApp.router.use(command.path, createCommandHandler(command, useCommandDeps), command.method.toLowerCase() as Lowercase<typeof command.method>);
  }
});
