/** Test helper: runs a loader and the loaders it depends on (without a database). */
import { LOADERS, orderLoaders } from '../../src/sources/index.ts';
import { Registry, makeContext, type LoadOutput, type Loader } from '../../src/sources/loader.ts';
import { DATA_DIR } from './data-copy.ts';

function withDependencies(target: Loader): Loader[] {
  const byId = new Map(LOADERS.map((l) => [l.meta.id, l]));
  const need = new Set<string>();
  const add = (l: Loader): void => {
    if (need.has(l.meta.id)) return;
    need.add(l.meta.id);
    for (const d of l.dependsOn) add(byId.get(d)!);
  };
  add(target);
  return orderLoaders(LOADERS).filter((l) => need.has(l.meta.id));
}

/** Loads `target` (after its dependencies) from `dataDir`; returns the target's output. */
export async function runLoader(target: Loader, dataDir = DATA_DIR): Promise<LoadOutput> {
  const registry = new Registry();
  let last: LoadOutput | undefined;
  for (const l of withDependencies(target)) {
    const ctx = makeContext(dataDir, registry);
    await l.load(ctx);
    last = ctx.out;
  }
  return last!;
}

/** Index of the observations of one measure, keyed "area|industry|period|breakdown". */
export function indexObservations(out: LoadOutput, measure: string): Map<string, { value: number | null; status: string }> {
  const m = new Map<string, { value: number | null; status: string }>();
  for (let i = 0; i < out.observationCount; i++) {
    if (out.measure[i] !== measure) continue;
    m.set(`${out.area[i]}|${out.industry[i]}|${out.period[i]}|${out.breakdown[i]}`, { value: out.value[i]!, status: out.status[i]! });
  }
  return m;
}
