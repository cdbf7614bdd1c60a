// Loaded with `node --import` by the bench: records the bundle's peak resident memory when it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.DHG_RSS_FILE)
    writeFileSync(process.env.DHG_RSS_FILE, String(process.resourceUsage().maxRSS));
});
