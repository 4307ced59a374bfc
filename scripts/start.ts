/**
 * `npm start`: builds the web app when its sources changed (scripts/build-web.ts), then runs
 * `linkwork serve`, in one process (a second tsx start-up would cost about a second of CPU).
 */
import { ensureWebBuilt } from './build-web.ts';

await ensureWebBuilt((line) => process.stdout.write(`${line}\n`));
const { runCli, processIo } = await import('../src/cli/main.ts');
process.exitCode = await runCli(['serve', ...process.argv.slice(2)], processIo());
