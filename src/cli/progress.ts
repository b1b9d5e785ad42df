/** A progress bar for the store build on stderr (a plain line per dataset when stderr is not a terminal). */
import type { BuildProgress } from '../store/build.ts';

export function buildProgressReporter(stream: NodeJS.WriteStream = process.stderr): (p: BuildProgress) => void {
  const tty = stream.isTTY === true;
  let started = 0;
  let lastDraw = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase === 'start') {
      started = now;
      stream.write(`Building the store from ${p.total} official datasets…\n`);
      return;
    }
    if (p.phase === 'done') {
      if (tty) stream.write('\r\x1b[K');
      stream.write(`Store built in ${((now - started) / 1000).toFixed(1)} s.\n`);
      return;
    }
    const total = p.total ?? 1;
    const done = (p.index ?? 0) + (p.phase === 'write' ? 0.9 : 0);
    if (!tty) {
      if (p.phase === 'dataset') stream.write(`  [${(p.index ?? 0) + 1}/${total}] ${p.dataset}\n`);
      return;
    }
    if (p.phase === 'rows' && now - lastDraw < 80) return;
    lastDraw = now;
    const width = 28;
    const filled = Math.round((done / total) * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const rows = p.rows ? ` ${p.rows.toLocaleString('en-GB')} rows` : '';
    stream.write(`\r\x1b[K${bar} ${(p.index ?? 0) + 1}/${total} ${p.dataset}${rows}`);
  };
}
