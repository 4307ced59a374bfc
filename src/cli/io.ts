import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';

/**
 * Everything a command touches outside the database: its streams and the environment it reads its
 * configuration from. The `linkwork` process passes its own (processIo); tests pass strings.
 */
export interface CliIo {
  /** Results only, so scripts can read them. */
  stdout: Writable;
  /** Progress, usage errors and coded errors. */
  stderr: Writable;
  /** Read only by commands that take a password or data from standard input. */
  stdin: Readable;
  /** The configuration source (LINKWORK_DB, DATABASE_URL, LINKWORK_DEMO …) instead of process.env. */
  env: Readonly<Record<string, string | undefined>>;
}

/** What a command group is given when it is set up. */
export interface CliContext {
  readonly io: CliIo;
  /**
   * The exit code of a command that reports its own failure on stderr rather than throwing
   * (`audit verify` on a broken trail); errors thrown by commands set it in runCli instead.
   */
  exitCode: number;
}

/** A command group's module: fills in the command runCli created with its name and description. */
export interface CommandModule {
  register(command: Command, ctx: CliContext): void;
}

/**
 * A failure already described for the operator: its lines go to stderr as they are, then runCli
 * returns the exit code (a bad environment: `config error: VARIABLE: reason`, exit 2).
 */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    readonly lines: readonly string[],
  ) {
    super('The command stopped');
    this.name = 'CliExit';
  }
}

/** Whether a stream is a terminal (process.stdout/stderr attached to one): tty.WriteStream sets isTTY. */
export function isTerminal(stream: Writable): boolean {
  return (stream as Writable & { isTTY?: boolean }).isTTY === true;
}

/** The width commander wraps help to: the terminal's, or its own default of 80 when not a terminal. */
export function helpWidth(stream: Writable): number {
  return (isTerminal(stream) ? (stream as Writable & { columns?: number }).columns : undefined) ?? 80;
}

/** The real process's streams and environment (bin/linkwork.js, `tsx src/cli/main.ts`). */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Looked up only when a command reads it: touching process.stdin sets up a stream on it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
  };
}
