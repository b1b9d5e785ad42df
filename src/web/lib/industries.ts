/**
 * Readable industry names. Some publisher groupings are stored under their code only ("61-63",
 * "CH (24-25)"); for those, a name is built from the SIC 2007 divisions they cover, fetched once
 * from /api/v1/industries?level=division. Anything else is shown as published (first sentence).
 */
import { displayName } from './format.ts';

let divisions: Promise<Map<string, string>> | null = null;

function loadDivisions(): Promise<Map<string, string>> {
  if (!divisions) {
    divisions = fetch('/api/v1/industries?level=division', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<{ data: { code: string; name: string }[] }>) : { data: [] }))
      .then((b) => new Map(b.data.map((d) => [d.code, d.name])))
      .catch(() => new Map<string, string>());
  }
  return divisions;
}

/** True when a published name carries no words, only codes ("61-63", "CH (24-25)", "2-3"). */
export function isCodeLike(name: string): boolean {
  return !/[a-z]{2}/.test(name);
}

/** A name from division names: "Manufacture of basic metals; fabricated metal products, except …". */
export function nameFromDivisions(code: string, names: ReadonlyMap<string, string>): string | null {
  const m = /^(\d{2})-(\d{2})$/.exec(code.trim());
  if (!m) return null;
  const parts: string[] = [];
  for (let d = Number(m[1]); d <= Number(m[2]); d++) {
    const n = names.get(String(d).padStart(2, '0'));
    if (!n) return null;
    parts.push(parts.length ? n.replace(/^Manufacture of /, '') : n);
  }
  return parts.length ? displayName(parts.join('; '), 120) : null;
}

/** A resolver from (code, published name) to a readable name; never rejects. */
export async function industryNamer(): Promise<(code: string, name: string) => string> {
  const names = await loadDivisions();
  return (code, name) => (isCodeLike(name) ? (nameFromDivisions(code, names) ?? name) : displayName(name));
}
