/**
 * Writing to stdout and stderr without crashing. A reader that stops early (`nhiscan … | head -1`)
 * closes the pipe: that is the reader's choice, not a failure, so the rest of the output is dropped
 * and the exit code stays what the scan decided. Any other write error (a full disk behind
 * `> file`) is a real failure: one line on stderr and exit code 2.
 */

export class OutputError extends Error {
  override name = 'OutputError';
}

const closed = new WeakSet<NodeJS.WritableStream>();

/** Keeps a stream's late 'error' events (EPIPE after the reader left) from becoming a crash. */
export function guardStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') closed.add(stream);
    });
  }
}

/** Writes text and waits until it is handed to the OS; EPIPE is swallowed, other errors throw OutputError. */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  if (closed.has(stream) || !text) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (!error) return resolve();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        closed.add(stream);
        return resolve();
      }
      reject(new OutputError(`cannot write to ${stream === process.stdout ? 'standard output' : 'standard error'}: ${code ?? error.message}`));
    });
  });
}

export const out = (text: string): Promise<void> => write(process.stdout, text);
export const err = (text: string): Promise<void> => write(process.stderr, text);
