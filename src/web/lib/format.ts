/**
 * Unit-aware number formatting for the web pages (en-GB conventions).
 *
 *   formatValue(17295, '£ million')   → "£17,295m"
 *   formatValue(31.2, '£ per hour')   → "£31.20 per hour"
 *   formatValue(31200, '£')           → "£31,200"
 *   formatValue(1234567, 'persons')   → "1,234,567"
 *   formatValue(null, 'jobs')         → "–"
 *
 * Negative numbers use a true minus sign (U+2212) before the currency symbol: "−£12m".
 * Pure functions: no DOM, safe to import from node tests.
 */

export const MISSING = '–';

type UnitKind =
  | { kind: 'money'; scale: '' | 'k' | 'm' | 'bn'; per: string }
  | { kind: 'percent' }
  | { kind: 'index' }
  | { kind: 'count' }
  | { kind: 'plain' };

const COUNT_UNITS = new Set([
  'persons', 'person', 'people', 'jobs', 'job', 'employees', 'employment', 'enterprises', 'businesses',
  'local units', 'units', 'count', 'number', 'firms', 'companies', 'residents', 'workers',
]);

/** Parse a unit string as published by the API into a formatting rule. */
export function unitKind(unit: string): UnitKind {
  const u = unit.trim().toLowerCase();
  const money = /^(?:£|gbp)\s*(thousand|thousands|k|million|millions|m|mn|billion|billions|bn)?\s*(?:\((?:current prices|cp)\))?\s*(per\s+.+)?$/.exec(u);
  if (money) {
    const word = money[1] ?? '';
    const scale = word.startsWith('th') || word === 'k' ? 'k' : word.startsWith('m') ? 'm' : word.startsWith('b') ? 'bn' : '';
    return { kind: 'money', scale, per: money[2] ? unit.trim().slice(unit.trim().toLowerCase().indexOf('per')) : '' };
  }
  if (u === '%' || u === 'percent' || u === 'per cent' || u === 'percentage') return { kind: 'percent' };
  if (u.startsWith('index')) return { kind: 'index' };
  if (COUNT_UNITS.has(u)) return { kind: 'count' };
  return { kind: 'plain' };
}

const nf = new Map<string, Intl.NumberFormat>();
function grouped(x: number, minFrac: number, maxFrac: number): string {
  const key = `${minFrac}:${maxFrac}`;
  let f = nf.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: minFrac, maximumFractionDigits: maxFrac, useGrouping: true });
    nf.set(key, f);
  }
  return f.format(x);
}

function sign(x: number): string {
  return x < 0 ? '\u2212' : '';
}

export interface FormatOptions {
  /** Keep a trailing "per hour" / "per head" (default true). Tables and legends that state the unit in a header drop it. */
  per?: boolean;
  /** Whole pounds for money in pounds (e.g. "£621 per job" rather than "£621.03 per job"). */
  whole?: boolean;
}

/** Format a value with its unit for tables, tooltips and headline numbers. */
export function formatValue(value: number | null | undefined, unit: string, opts: FormatOptions = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const k = unitKind(unit);
  const a = Math.abs(value);
  switch (k.kind) {
    case 'money': {
      let body: string;
      if (k.scale === '') body = a < 1000 && !opts.whole ? grouped(a, 2, 2) : grouped(a, 0, 0);
      else body = a < 100 ? grouped(a, 0, 1) : grouped(a, 0, 0);
      const per = k.per && (opts.per ?? true) ? ` ${k.per}` : '';
      return `${sign(value)}£${body}${k.scale}${per}`;
    }
    case 'percent':
      return `${sign(value)}${grouped(a, 1, 1)}%`;
    case 'index':
      return `${sign(value)}${grouped(a, 1, 1)}`;
    case 'count':
      return `${sign(value)}${grouped(Math.round(a), 0, 0)}`;
    default:
      return `${sign(value)}${grouped(a, 0, a < 10 ? 2 : a < 1000 ? 1 : 0)}`;
  }
}

/** Short form for chart axes and compact legends: "£12bn", "£31", "1.2m", "45k". */
export function formatCompact(value: number, unit: string): string {
  if (!Number.isFinite(value)) return MISSING;
  const k = unitKind(unit);
  const a = Math.abs(value);
  const s = sign(value);
  const short = (x: number): string => {
    if (x >= 1e9) return `${grouped(x / 1e9, 0, 1)}bn`;
    if (x >= 1e6) return `${grouped(x / 1e6, 0, 1)}m`;
    if (x >= 1e4) return `${grouped(x / 1e3, 0, 0)}k`;
    return grouped(x, 0, x < 10 ? 2 : x < 100 ? 1 : 0);
  };
  switch (k.kind) {
    case 'money': {
      const mult = k.scale === 'k' ? 1e3 : k.scale === 'm' ? 1e6 : k.scale === 'bn' ? 1e9 : 1;
      const x = a * mult;
      if (mult === 1 && x < 1000) return `${s}£${grouped(x, 0, x < 100 ? 2 : 0)}`;
      return `${s}£${short(x)}`;
    }
    case 'percent':
      return `${s}${grouped(a, 0, 1)}%`;
    case 'count':
      return `${s}${short(Math.round(a))}`;
    default:
      return `${s}${short(a)}`;
  }
}

/**
 * A formatter for chart axis ticks between `min` and `max` (about `ticks` ticks): one scale for all
 * ticks ("£10bn", "£15bn") with just enough decimals to tell neighbouring ticks apart.
 */
export function axisFormatter(unit: string, min: number, max: number, ticks = 4): (v: number) => string {
  const k = unitKind(unit);
  const mult = k.kind === 'money' ? (k.scale === 'k' ? 1e3 : k.scale === 'm' ? 1e6 : k.scale === 'bn' ? 1e9 : 1) : 1;
  const lo = Math.min(min, max) * mult;
  const hi = Math.max(min, max) * mult;
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  const [div, suffix] = top >= 1e9 ? [1e9, 'bn'] : top >= 1e6 ? [1e6, 'm'] : top >= 1e4 ? [1e3, 'k'] : [1, ''];
  const step = (hi - lo) / Math.max(1, ticks) || top || 1;
  const decimals = Math.min(3, Math.max(0, -Math.floor(Math.log10(step / div))));
  const prefix = k.kind === 'money' ? '£' : '';
  const pct = k.kind === 'percent' ? '%' : '';
  return (v: number) => {
    if (!Number.isFinite(v)) return MISSING;
    const x = (Math.abs(v) * mult) / div;
    return `${sign(v)}${prefix}${grouped(x, 0, decimals)}${suffix}${pct}`;
  };
}

/** A readable name for a unit, for axis titles and table headers ("£ million", "£ per hour", "people"). */
export function unitLabel(unit: string): string {
  const u = unit.trim();
  if (u.toLowerCase() === 'persons') return 'people';
  return u;
}

const STATUS_TEXT: Record<string, string> = {
  ok: '',
  provisional: 'provisional',
  estimated: 'estimated',
  suppressed: 'suppressed',
  unavailable: 'not available',
};

/** Human wording of an observation status; empty for 'ok'. */
export function statusText(status: string): string {
  return STATUS_TEXT[status] ?? status;
}

/** "2025-04-24" → "24 April 2025"; anything else is returned unchanged. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export const LEVEL_NAMES: Record<string, { short: string; long: string; plural: string; singular?: string }> = {
  LAD: { short: 'LAD', long: 'Local authority district', plural: 'local authority districts' },
  ITL3: { short: 'ITL3', long: 'ITL3 region', plural: 'ITL3 regions' },
  ITL2: { short: 'ITL2', long: 'ITL2 region', plural: 'ITL2 regions' },
  ITL1: { short: 'ITL1', long: 'ITL1 region', plural: 'ITL1 regions' },
  UK: { short: 'UK', long: 'United Kingdom', plural: 'United Kingdom' },
  country: { short: 'Country', long: 'Country', plural: 'countries' },
  region: { short: 'Region', long: 'Region (England)', plural: 'regions' },
  county: { short: 'County', long: 'County', plural: 'counties' },
  CA: { short: 'CA', long: 'Combined authority', plural: 'combined authorities' },
  city_region: { short: 'City region', long: 'City region', plural: 'city regions' },
};

export function levelName(level: string): string {
  return LEVEL_NAMES[level]?.long ?? level;
}

/** "1 ITL3 region", "12 local authority districts". */
export function countOf(n: number, level: string): string {
  const names = LEVEL_NAMES[level];
  if (!names) return `${n} ${level}`;
  if (n !== 1) return `${n} ${names.plural}`;
  const long = names.long;
  return `1 ${/^[A-Z][a-z]/.test(long) ? long[0]!.toLowerCase() + long.slice(1) : long}`;
}

// ---------- analysis pages ----------

/** A signed percentage with a true minus or a plus: "−12.8%", "+3.1%", "0.0%". */
export function formatSignedPct(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const r = Number(Math.abs(value).toFixed(digits));
  const s = r === 0 ? '' : value < 0 ? '\u2212' : '+';
  return `${s}${grouped(r, digits, digits)}%`;
}

/** A signed value in its unit: "+£2,295 per job", "−£12m". Zero has no sign. */
export function formatSigned(value: number | null | undefined, unit: string, opts: FormatOptions = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const text = formatValue(value, unit, opts);
  return value > 0 ? `+${text}` : text;
}

/** A location quotient: two decimals ("3.44"). */
export function formatLq(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return grouped(value, 2, 2);
}

/** A share in per cent with one decimal ("8.0%"); tiny positive shares read "<0.1%". */
export function formatShare(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return MISSING;
  if (pct > 0 && pct < 0.05) return '<0.1%';
  return `${sign(pct)}${grouped(Math.abs(pct), 1, 1)}%`;
}

/** Billions of pounds with one decimal: 94.816 → "£94.8bn". */
export function formatBn(bn: number | null | undefined): string {
  if (bn === null || bn === undefined || !Number.isFinite(bn)) return MISSING;
  return `${sign(bn)}£${grouped(Math.abs(bn), 1, 1)}bn`;
}

/**
 * A display name for an industry or cluster: the first sentence of an over-long publisher
 * description ("Remediation activities and other waste management services. This division includes…"
 * → "Remediation activities and other waste management services").
 */
export function displayName(name: string, max = 90): string {
  const t = name.trim();
  if (t.length <= max) return t;
  const stop = t.indexOf('. ');
  if (stop > 0 && stop <= max) return t.slice(0, stop);
  return `${t.slice(0, max - 1).trimEnd()}…`;
}
