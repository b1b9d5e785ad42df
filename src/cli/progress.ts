/** A progress bar for the store build on stderr (a plain line per dataset when stderr is not a terminal). */
import type { BuildProgress } from '../store/build.ts';
import type { IngestProgress } from '../ingest/types.ts';

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

function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(0)} MB` : `${Math.round(n / 1e3)} kB`;
}

/**
 * A progress bar for `observatory ingest` on stderr, by bytes read while a file is scanned (then a line per
 * phase). When stderr is not a terminal: a line per phase and every 10% of a file.
 */
export function ingestProgressReporter(stream: NodeJS.WriteStream = process.stderr): (p: IngestProgress) => void {
  const tty = stream.isTTY === true;
  let phaseStart = Date.now();
  let current = '';
  let lastDraw = 0;
  let lastTenth = -1;
  let barDrawn = false;
  return (p) => {
    const now = Date.now();
    const key = `${p.phase} ${p.label}`;
    if (key !== current) {
      if (barDrawn) stream.write('\n'); // keep the finished bar
      barDrawn = false;
      current = key;
      phaseStart = now;
      lastTenth = -1;
      if (!tty || p.bytesTotal === undefined) stream.write(`${p.phase === 'done' ? 'Done: ' : ''}${p.label}${p.phase === 'done' ? '' : '…'}\n`);
    }
    if (p.bytesTotal === undefined || p.bytesDone === undefined) return;
    const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 1;
    if (!tty) {
      const tenth = Math.floor(fraction * 10);
      if (tenth > lastTenth && tenth > 0) {
        lastTenth = tenth;
        stream.write(`  ${tenth * 10}% (${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)})\n`);
      }
      return;
    }
    if (now - lastDraw < 80 && fraction < 1) return;
    lastDraw = now;
    barDrawn = true;
    const width = 28;
    const filled = Math.round(fraction * width);
    const seconds = (now - phaseStart) / 1000;
    const rate = seconds > 0.2 ? p.bytesDone / seconds : 0;
    const eta = rate > 0 && fraction < 1 ? ` ~${Math.ceil((p.bytesTotal - p.bytesDone) / rate)} s left` : '';
    stream.write(`\r\x1b[K${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)} ${p.label}${rate ? ` ${formatBytes(rate)}/s` : ''}${eta}`);
  };
}
