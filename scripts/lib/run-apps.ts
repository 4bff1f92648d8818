import { concurrently } from 'concurrently';
import type { AppCommand } from './app-commands';

/** A colour per app, so each app's lines stay recognisable in the one log. */
const PREFIX_COLOURS: Record<AppCommand['name'], string> = {
  api: 'cyan',
  realtime: 'magenta',
  projector: 'yellow',
  flex: 'green',
};

export interface RunningApps {
  /** Settles when every app has exited (after a stop, or when one died and took the others down). */
  exited: Promise<void>;
  /** Asks every app to stop (SIGTERM). */
  stop(): void;
  /** Kills every app that is still running (SIGKILL), for apps that ignore `stop`. */
  kill(): void;
}

/**
 * Runs the apps side by side under `concurrently`: one log, each line prefixed with the app's
 * name in its colour. When one app exits, the others are stopped too, so a launcher never
 * keeps running with part of the system missing.
 */
export function runApps(commands: AppCommand[], options: { env: NodeJS.ProcessEnv }): RunningApps {
  const { result, commands: running } = concurrently(
    commands.map((command) => ({
      name: command.name,
      command: command.command,
      cwd: command.cwd,
      env: { ...options.env, ...command.env },
      prefixColor: PREFIX_COLOURS[command.name],
    })),
    {
      prefix: 'name',
      padPrefix: true,
      killOthersOn: ['failure', 'success'],
      killSignal: 'SIGTERM',
      handleInput: false,
    },
  );
  return {
    exited: result.then(
      () => undefined,
      () => undefined,
    ),
    stop: () => running.forEach((command) => command.kill('SIGTERM')),
    kill: () => running.forEach((command) => command.kill('SIGKILL')),
  };
}
