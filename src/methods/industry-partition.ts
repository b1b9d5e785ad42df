/**
 * Industry partitions: from the mixed hierarchy of industries a dataset publishes (TOTAL, the ONS
 * production and services sectors A-E and G-T, sections, groupings such as 10-12, divisions, 68IMP), the
 * finest set of published industries that partitions the total — no overlap, nothing left out — so that
 * the industries can be summed, shared out or compared without double counting.
 *
 * Method: each industry is reduced to a set of atoms (normally its SIC 2007 divisions). An industry's
 * parts are the published industries strictly inside it with no other published industry between. Start
 * from the root (TOTAL) and replace an industry by its parts whenever the parts are pairwise disjoint and
 * cover it exactly; recurse into the parts. An industry whose parts do not cover it is kept whole (and
 * reported in `unsplit` with the divisions its parts miss).
 *
 * Conventions
 * - Imputed rent. ONS GVA publishes `L (68)` (real estate, section L), `68IMP` (owner-occupiers' imputed
 *   rental) and `68` (real estate excluding imputed rental), with L = 68 + 68IMP. All three cover SIC
 *   division 68, so divisions alone cannot tell them apart. A *special* code (default: 68IMP, hosted by
 *   division 68) is therefore its own atom: in a dataset that lists 68IMP, the bare division code `68`
 *   means "68 without imputed rent" (atom 68 only), while every other industry covering division 68
 *   (L, G-T, TOTAL) includes the special atom too. A dataset without 68IMP (BRES, business counts) is
 *   unaffected: its 68 is the whole division.
 * - `exclude` (e.g. ['68IMP'] for GVA per job by industry: imputed rent has no jobs behind it, and ONS's
 *   regional productivity articles give alternative results excluding rental income): the atoms of
 *   excluded codes are taken out of the total. Excluded industries
 *   are dropped; an industry that mixes excluded and kept atoms (L, G-T, TOTAL) must be split, and if its
 *   parts are not published the function throws.
 * - `negligibleDivisions` (default ['99']): divisions that a set of parts may leave uncovered. Section U
 *   (division 99, extraterritorial organisations) lies outside the UK economic territory, so ONS GVA
 *   tables stop at T and their Total is the sum of A–T. Leaving a division out is never silent: it is
 *   listed in `uncovered`. Pass [] to require exact covers.
 * - Industries with the same atoms (two labels for one set of divisions) are one node; the first listed
 *   represents it and the others are reported in `equivalents`.
 * - `commonPartition(a, b)`: the finest partition expressible in both classifications — the connected
 *   components of "shares a division" between the two finest partitions (the finest common coarsening).
 *   Special atoms count as their host division here, since the other classification cannot see them.
 *
 * Reference: ONS, "Regional gross value added (balanced) by industry: local authorities by ITL1 region"
 * (industry list; L includes imputed rental); ONS, "Regional and subregional productivity in the UK"
 * (February 2018, section "Alternative results excluding rental income"); UK SIC 2007 (ONS, 2009).
 */

/** An industry as a dataset publishes it: a code and the SIC 2007 divisions it covers. */
export interface ClassifiedIndustry {
  code: string;
  divisions: readonly string[];
}

export interface IndustryPartitionOptions {
  /** Codes to leave out of the total (e.g. ['68IMP']). Default none. */
  exclude?: readonly string[];
  /** Special codes that are a separate part of one division: code → host division. Default { 68IMP: '68' }. */
  specials?: Readonly<Record<string, string>>;
  /** Divisions a set of parts may leave uncovered (reported in `uncovered`). Default ['99']. */
  negligibleDivisions?: readonly string[];
  /** Code of the total. Default 'TOTAL' if listed, else the one industry that contains all others. */
  root?: string;
}

export const DEFAULTS = {
  exclude: [] as readonly string[],
  specials: { '68IMP': '68' } as Readonly<Record<string, string>>,
  negligibleDivisions: ['99'] as readonly string[],
};

export interface PartitionMember {
  code: string;
  divisions: string[];
  /** The atoms: divisions, plus/or a special code such as '68IMP'. */
  atoms: string[];
}

export interface IndustryPartition {
  root: string;
  /** Members of the partition, in input order. */
  members: PartitionMember[];
  /** Divisions of the root not covered by any member (only negligible ones can be). */
  uncovered: string[];
  /** Codes left out through `exclude` (and industries lying wholly inside them). */
  excluded: string[];
  /** Industries kept whole although finer industries exist inside them, and why. */
  unsplit: { code: string; missing: string[]; overlapping: string[] }[];
  /** Representative code → other codes with the same atoms. */
  equivalents: Map<string, string[]>;
}

interface Node {
  code: string;
  order: number;
  divisions: string[];
  atoms: Set<string>;
}

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size > b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && isSubset(a, b);
}

function sortedAtoms(s: ReadonlySet<string>): string[] {
  return [...s].sort();
}

function buildNodes(industries: readonly ClassifiedIndustry[], specials: Readonly<Record<string, string>>): { nodes: Node[]; equivalents: Map<string, string[]> } {
  const codes = new Set<string>();
  for (const ind of industries) {
    if (codes.has(ind.code)) throw new Error(`industry-partition: industry code "${ind.code}" listed twice`);
    codes.add(ind.code);
  }
  const presentSpecials = Object.entries(specials).filter(([code]) => codes.has(code));
  const nodes: Node[] = [];
  const equivalents = new Map<string, string[]>();
  industries.forEach((ind, order) => {
    if (ind.divisions.length === 0) throw new Error(`industry-partition: industry "${ind.code}" covers no division`);
    for (const d of ind.divisions) if (!/^\d{2}$/.test(d)) throw new Error(`industry-partition: industry "${ind.code}" lists "${d}", not a two-digit SIC division`);
    const divisions = [...new Set(ind.divisions)].sort();
    let atoms: Set<string>;
    const host = specials[ind.code];
    if (host !== undefined) {
      if (divisions.length !== 1 || divisions[0] !== host) {
        throw new Error(`industry-partition: special industry "${ind.code}" must cover division ${host} only, found ${divisions.join(',')}`);
      }
      atoms = new Set([ind.code]);
    } else {
      atoms = new Set(divisions);
      for (const [special, h] of presentSpecials) if (atoms.has(h) && ind.code !== h) atoms.add(special);
    }
    const twin = nodes.find((n) => sameSet(n.atoms, atoms));
    if (twin) {
      equivalents.set(twin.code, [...(equivalents.get(twin.code) ?? []), ind.code]);
      return;
    }
    nodes.push({ code: ind.code, order, divisions, atoms });
  });
  return { nodes, equivalents };
}

function findRoot(nodes: readonly Node[], root: string | undefined): Node {
  const want = root ?? (nodes.some((n) => n.code === 'TOTAL') ? 'TOTAL' : undefined);
  if (want !== undefined) {
    const r = nodes.find((n) => n.code === want);
    if (!r) throw new Error(`industry-partition: root industry "${want}" is not listed (or is a duplicate of another code)`);
    return r;
  }
  const all = new Set<string>();
  for (const n of nodes) for (const a of n.atoms) all.add(a);
  const r = nodes.find((n) => n.atoms.size === all.size);
  if (!r) throw new Error('industry-partition: no industry contains all the others; name the total with the `root` option');
  return r;
}

/** The finest set of published industries that partitions the total. */
export function industryPartition(industries: readonly ClassifiedIndustry[], opts: IndustryPartitionOptions = {}): IndustryPartition {
  const specials = opts.specials ?? DEFAULTS.specials;
  const negligible = new Set(opts.negligibleDivisions ?? DEFAULTS.negligibleDivisions);
  const { nodes, equivalents } = buildNodes(industries, specials);
  const byCode = new Map<string, Node>();
  for (const n of nodes) byCode.set(n.code, n);
  for (const [rep, others] of equivalents) for (const o of others) byCode.set(o, byCode.get(rep)!);
  const excludedAtoms = new Set<string>();
  for (const code of opts.exclude ?? DEFAULTS.exclude) {
    const n = byCode.get(code);
    if (!n) throw new Error(`industry-partition: excluded industry "${code}" is not listed`);
    for (const a of n.atoms) excludedAtoms.add(a);
  }
  const root = findRoot(nodes, opts.root);
  for (const n of nodes) {
    if (!isSubset(n.atoms, root.atoms)) throw new Error(`industry-partition: "${n.code}" is not inside the total "${root.code}"`);
  }

  const partsOf = (n: Node): Node[] => {
    const inside = nodes.filter((c) => c !== n && isSubset(c.atoms, n.atoms));
    return inside.filter((c) => !inside.some((d) => d !== c && d.atoms.size > c.atoms.size && isSubset(c.atoms, d.atoms)));
  };

  const members: Node[] = [];
  const uncovered = new Set<string>();
  const excluded: string[] = [];
  const unsplit: IndustryPartition['unsplit'] = [];

  const visit = (n: Node): void => {
    if (isSubset(n.atoms, excludedAtoms)) {
      excluded.push(n.code);
      return;
    }
    const parts = partsOf(n);
    if (parts.length > 0) {
      const seen = new Map<string, string>();
      const overlapping = new Set<string>();
      for (const p of parts) {
        for (const a of p.atoms) {
          const other = seen.get(a);
          if (other !== undefined) {
            overlapping.add(other);
            overlapping.add(p.code);
          } else seen.set(a, p.code);
        }
      }
      const missing = [...n.atoms].filter((a) => !seen.has(a)).sort();
      if (overlapping.size === 0 && missing.every((a) => negligible.has(a))) {
        for (const a of missing) uncovered.add(a);
        for (const p of [...parts].sort((x, y) => x.order - y.order)) visit(p);
        return;
      }
      unsplit.push({ code: n.code, missing, overlapping: [...overlapping] });
    }
    const mixed = [...n.atoms].filter((a) => excludedAtoms.has(a));
    if (mixed.length > 0) {
      throw new Error(`industry-partition: "${n.code}" includes the excluded ${mixed.join(', ')} but is not published split into parts that leave it out`);
    }
    members.push(n);
  };
  visit(root);

  members.sort((x, y) => x.order - y.order);
  return {
    root: root.code,
    members: members.map((n) => ({ code: n.code, divisions: n.divisions, atoms: sortedAtoms(n.atoms) })),
    uncovered: [...uncovered].sort(),
    excluded,
    unsplit,
    equivalents,
  };
}

export interface CommonPartitionOptions {
  a?: IndustryPartitionOptions;
  b?: IndustryPartitionOptions;
}

export interface CommonGroup {
  /** A listed code with exactly this coverage (a's first, then b's), else the a codes joined by '+'. */
  code: string;
  divisions: string[];
  aCodes: string[];
  bCodes: string[];
  /** Divisions of the group that only one side covers (empty when the group is exact on both sides). */
  gaps: string[];
}

export interface CommonPartition {
  groups: CommonGroup[];
  a: IndustryPartition;
  b: IndustryPartition;
}

/**
 * The finest partition expressible in both classifications: each group is a union of members of a's
 * finest partition and also a union of members of b's. Groups are ordered by their first division.
 */
export function commonPartition(a: readonly ClassifiedIndustry[], b: readonly ClassifiedIndustry[], opts: CommonPartitionOptions = {}): CommonPartition {
  const pa = industryPartition(a, opts.a);
  const pb = industryPartition(b, opts.b);
  const items = [...pa.members.map((m) => ({ side: 'a' as const, m })), ...pb.members.map((m) => ({ side: 'b' as const, m }))];
  const parent = items.map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]!]!;
      k = parent[k]!;
    }
    return k;
  };
  const firstWithDivision = new Map<string, number>();
  items.forEach((it, k) => {
    for (const d of it.m.divisions) {
      const other = firstWithDivision.get(d);
      if (other === undefined) firstWithDivision.set(d, k);
      else parent[find(k)] = find(other);
    }
  });
  const components = new Map<number, number[]>();
  items.forEach((_, k) => {
    const r = find(k);
    components.set(r, [...(components.get(r) ?? []), k]);
  });
  const specialsA = opts.a?.specials ?? DEFAULTS.specials;
  const { nodes: nodesA } = buildNodes(a, specialsA);
  const groups: CommonGroup[] = [];
  for (const ks of components.values()) {
    const aMembers = ks.filter((k) => items[k]!.side === 'a').map((k) => items[k]!.m);
    const bMembers = ks.filter((k) => items[k]!.side === 'b').map((k) => items[k]!.m);
    const aDivs = new Set(aMembers.flatMap((m) => m.divisions));
    const bDivs = new Set(bMembers.flatMap((m) => m.divisions));
    const divisions = [...new Set([...aDivs, ...bDivs])].sort();
    const gaps = divisions.filter((d) => !aDivs.has(d) || !bDivs.has(d));
    const aAtoms = new Set(aMembers.flatMap((m) => m.atoms));
    const aCodes = aMembers.map((m) => m.code);
    const bCodes = bMembers.map((m) => m.code);
    const namedA = nodesA.find((n) => sameSet(n.atoms, aAtoms));
    const namedB = b.find((ind) => sameSet(new Set(ind.divisions), bDivs));
    const code = aCodes.length > 0 && namedA ? namedA.code : bCodes.length > 0 && namedB ? namedB.code : aCodes.length > 0 ? aCodes.join('+') : bCodes.join('+');
    groups.push({ code, divisions, aCodes, bCodes, gaps });
  }
  groups.sort((x, y) => (x.divisions[0]! < y.divisions[0]! ? -1 : x.divisions[0]! > y.divisions[0]! ? 1 : 0));
  return { groups, a: pa, b: pb };
}
