import { generateLoad } from './load-generator';
import type { LoadSpec } from './load-spec';

// Entry of the load-generator child process: the spec as JSON in argv[2]; on stdout one line
// `measure-start` when the warm-up is over, then the result as one line of JSON. A process of
// its own so that the generator's event loop never shares a thread with the code that
// supervises the run, and its CPU can be told apart from the server's.

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
try {
  const result = await generateLoad(spec, () => process.stdout.write('measure-start\n'));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
