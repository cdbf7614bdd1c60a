import { TransientFailure } from '../clients/errors.js';
import { StopResolving } from './wait-context.js';

/**
 * One poll of a list the resolver waits on (deployments of a commit): a transient failure reads as an empty
 * list, so the poll goes on; a 404 (the list call's `undefined`) stops resolving as a config problem, with
 * `notFound` saying what to fix.
 */
export async function pollList<T>(list: () => Promise<T[] | undefined>, notFound: string): Promise<T[]> {
  let listed: T[] | undefined;
  try {
    listed = await list();
  } catch (error) {
    if (!(error instanceof TransientFailure)) throw error;
    listed = [];
  }
  if (listed === undefined) throw new StopResolving('config', notFound);
  return listed;
}
