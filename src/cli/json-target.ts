import { access, mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Makes sure the JSON report can be written to `path` before the gate contacts anything: a report the run
 * cannot write is a usage error, found at once rather than after minutes of waiting. Leaves no file behind.
 * Returns what is wrong, or undefined.
 */
export async function unwritableReason(path: string): Promise<string | undefined> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const existed = await access(path).then(
      () => true,
      () => false,
    );
    const handle = await open(path, 'a');
    await handle.close();
    if (!existed) await unlink(path);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
