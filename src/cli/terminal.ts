import { importModule } from '../dynamic-import.js';
import type { WriteStream } from 'node:tty';

/** Whether to colour text written to a stream: flags, then NO_COLOR, FORCE_COLOR, then TTY. */
export function useColor(stream: NodeJS.WriteStream, flags: { color?: boolean; noColor?: boolean }): boolean {
  if (flags.noColor) return false;
  if (flags.color) return true;
  if (process.env['NO_COLOR']) return false;
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean((stream as WriteStream).isTTY) && process.env['TERM'] !== 'dumb';
}

/** A progress indicator on stderr; a no-op unless stderr is an interactive terminal outside CI. */
export interface Progress {
  update(text: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * Starts ora on an interactive stderr (never in CI, never when quiet). A terminal that reports zero
 * columns (`script` without a size, some IDE consoles) gets no spinner: ora divides by the width to
 * count the lines to erase, and with 0 it erases forever.
 */
export async function startProgress(enabled: boolean): Promise<Progress> {
  const interactive = process.stderr.isTTY && !('CI' in process.env) && process.env['TERM'] !== 'dumb';
  if (!enabled || !interactive || !(process.stderr.columns > 0)) return silent;
  const { default: ora } = await importModule<typeof import('ora')>('ora');
  // chalk (ora's colour library) ignores NO_COLOR: turn the spinner's colour off ourselves.
  const color = useColor(process.stderr, {}) ? 'cyan' : false;
  const spinner = ora({ stream: process.stderr, discardStdin: false, text: 'scanning…', color }).start();
  let last = 0;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < 80) return; // repainting on every file costs more than the scan
      last = now;
      spinner.text = text;
    },
    stop() {
      spinner.stop();
    },
  };
}
