import { runCli } from './run-cli.js';

// The only place that reads argv and the environment and sets the exit code.
process.exitCode = await runCli(process.argv.slice(2), { env: process.env });
