import type { ServiceHealth } from '../model/types.js';

/**
 * The original design's troubleshooting section, turned into the next step a reader of a failed check should take.
 * Matched on the service key, then on `details.provider`, so `db`/`postgresql` and `auth`/`clerk` find theirs.
 */
interface Hint {
  keys: string[];
  providers: string[];
  hint: string;
}

const hints: Hint[] = [
  {
    keys: ['database', 'db', 'postgres'],
    providers: ['postgresql', 'postgres', 'prisma'],
    hint: 'check the DATABASE_URL environment variable on Vercel, network connectivity to PostgreSQL, and the Prisma client configuration',
  },
  {
    keys: ['authentication', 'auth'],
    providers: ['clerk'],
    hint: 'check the CLERK_SECRET_KEY environment variable on Vercel and the Clerk dashboard configuration',
  },
  {
    keys: ['payment', 'payments', 'stripe'],
    providers: ['stripe'],
    hint: 'check the STRIPE_SECRET_KEY environment variable on Vercel and the Stripe account status',
  },
  {
    keys: ['monitoring', 'rollbar', 'error_tracking'],
    providers: ['rollbar'],
    hint: 'check the ROLLBAR_SERVER_ACCESS_TOKEN environment variable on Vercel',
  },
];

export function hintFor(service: ServiceHealth): string | undefined {
  const key = service.key.toLowerCase();
  const provider = service.provider?.toLowerCase();
  return (
    hints.find((h) => h.keys.includes(key))?.hint ??
    (provider ? hints.find((h) => h.providers.includes(provider))?.hint : undefined)
  );
}
