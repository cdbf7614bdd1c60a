import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JsonReport } from '../../render/json-report.js';

/** Writes the report as pretty JSON, creating its folder first (the job's `report-path`, the CLI's `--json`). */
export async function writeJsonReport(path: string, report: JsonReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}
