/**
 * Writes lines to a standard stream that the reader may close at any time (`… | head -1`). A closed pipe
 * (EPIPE) is the reader's choice, not a failure of the gate: further lines are dropped, and the exit code
 * stays the verdict's. Without a listener, Node would crash on the stream's 'error' event with exit 1.
 */
export function lineWriter(stream: NodeJS.WriteStream): (line: string) => void {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  return (line) => {
    if (closed || stream.destroyed || !stream.writable) return;
    stream.write(`${line}\n`);
  };
}
