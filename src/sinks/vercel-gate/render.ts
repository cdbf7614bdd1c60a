import { untrusted } from '../../util/text.js';
import type { VercelGateActions, VercelPromotionRecord, VercelRollbackRecord } from './types.js';

/** Text for Markdown: one line, no HTML (messages are already escaped for the log; this adds Markdown). */
function md(text: string): string {
  return untrusted(text, 1000).replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A GitHub alert block: stands out in the job summary as nothing else does. */
function alert(kind: 'CAUTION' | 'WARNING' | 'IMPORTANT' | 'NOTE', title: string, text: string): string {
  return `> [!${kind}]\n> **${title}** ${md(text)}\n`;
}

function rollbackBlock(r: VercelRollbackRecord): string {
  if (r.outcome === 'rolled-back') return alert('CAUTION', 'Production was rolled back.', r.message);
  if (r.outcome === 'pending')
    return alert('CAUTION', 'Production rollback requested, not confirmed.', r.message);
  return alert('CAUTION', 'Production is unhealthy and the rollback failed.', r.message);
}

function promotionBlock(p: VercelPromotionRecord): string {
  if (p.outcome === 'promoted' && p.despiteVerdict) {
    return alert('WARNING', `Promoted to production although ${p.despiteVerdict}.`, p.message);
  }
  if (p.outcome === 'promoted') return alert('IMPORTANT', 'Promoted to production.', p.message);
  if (p.outcome === 'pending') return alert('WARNING', 'Promotion requested, not confirmed.', p.message);
  return alert('WARNING', 'Promotion failed.', p.message);
}

/**
 * The job summary's Vercel section: rollbacks and promotions as alerts (loud, whether they happened or
 * failed), then the check run, notes and problems. Empty when the gate had nothing to do or say.
 */
export function renderVercelActions(actions: VercelGateActions): string {
  const blocks: string[] = [];
  if (actions.rolledBack) blocks.push(rollbackBlock(actions.rolledBack));
  else if (actions.rollbackNote) {
    blocks.push(alert('WARNING', 'Production was not rolled back.', withoutLead(actions.rollbackNote)));
  }
  if (actions.promoted) blocks.push(promotionBlock(actions.promoted));
  const items: string[] = [];
  const check = actions.check;
  if (check) {
    const name = md(check.check);
    if (check.conclusion) {
      const link = check.externalUrl ? ` ([details](${encodeURI(check.externalUrl)}))` : '';
      items.push(
        `- Vercel check "${name}": **${check.conclusion}** — ${md(check.conclusionText ?? '')}${link}`,
      );
    } else {
      items.push(`- Vercel check "${name}": not completed (see the problems below).`);
    }
  }
  for (const note of otherNotes(actions)) items.push(`- ${md(note)}`);
  for (const problem of actions.problems) items.push(`- ⚠️ ${md(problem)}`);
  if (blocks.length === 0 && items.length === 0) return '';
  return `### Vercel\n\n${[...blocks, ...(items.length ? [`${items.join('\n')}\n`] : [])].join('\n')}`;
}

/** The same for the log, one line each; the caller logs rollbacks and failures as warnings. */
export function vercelActionLines(actions: VercelGateActions): string[] {
  const lines: string[] = [];
  const r = actions.rolledBack;
  if (r) {
    const head =
      r.outcome === 'rolled-back'
        ? 'PRODUCTION ROLLED BACK'
        : r.outcome === 'pending'
          ? 'PRODUCTION ROLLBACK REQUESTED (not confirmed)'
          : 'PRODUCTION ROLLBACK FAILED';
    lines.push(`Vercel: ${head}: ${r.message}`);
  } else if (actions.rollbackNote) {
    lines.push(`Vercel: NOT ROLLED BACK: ${withoutLead(actions.rollbackNote)}`);
  }
  const p = actions.promoted;
  if (p) {
    const head =
      p.outcome === 'promoted'
        ? p.despiteVerdict
          ? `PROMOTED although ${p.despiteVerdict}`
          : 'promoted'
        : p.outcome === 'pending'
          ? 'promotion requested (not confirmed)'
          : 'PROMOTION FAILED';
    lines.push(`Vercel: ${head}: ${p.message}`);
  }
  const check = actions.check;
  if (check?.conclusion) {
    lines.push(
      `Vercel check "${untrusted(check.check, 100)}": ${check.conclusion} (${check.conclusionText ?? ''})`,
    );
  }
  for (const note of otherNotes(actions)) lines.push(`Vercel: ${note}`);
  for (const problem of actions.problems) lines.push(`Vercel problem: ${problem}`);
  // Records are built from escaped parts already; a line is escaped once more as it leaves for the log.
  return lines.map((line) => untrusted(line, 1200));
}

/**
 * One line each for what the gate did on Vercel — a rollback or a promotion it did or tried — and why an
 * unhealthy production deployment was *not* rolled back, for Rollbar's deploy comment (where an on-call
 * looks first).
 */
export function rollbarNotes(actions: VercelGateActions): string[] {
  const notes: string[] = [];
  if (actions.rolledBack) notes.push(`ROLLBACK: ${actions.rolledBack.message}`);
  else if (actions.rollbackNote) notes.push(`NOT ROLLED BACK: ${withoutLead(actions.rollbackNote)}`);
  if (actions.promoted) notes.push(`PROMOTION: ${actions.promoted.message}`);
  return notes;
}

/** The notes other than the rollback note (which gets a block and a line of its own). */
function otherNotes(actions: VercelGateActions): string[] {
  return actions.rolledBack || !actions.rollbackNote
    ? actions.notes
    : actions.notes.filter((note) => note !== actions.rollbackNote);
}

/** "Not rolled back: the …" → "The …" (the heading says it). */
function withoutLead(note: string): string {
  const rest = note.replace(/^Not rolled back: /, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
