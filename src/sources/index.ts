/**
 * Every dataset loader, in an order that respects `dependsOn` (geography and SIC first).
 * To add a dataset: write a loader module in this folder and list it here.
 */
import type { Loader } from './loader.ts';
import { sicHierarchyLoader } from './sic-hierarchy.ts';
import { itlLoader, lad2023Loader, lad2021Loader, regionLoader, combinedAuthorityLoader, cityRegionLoader, itl2025Loader } from './geography.ts';
import { gvaItlIndustryLoader } from './gva-itl-industry.ts';

export const LOADERS: readonly Loader[] = [
  sicHierarchyLoader,
  itlLoader,
  lad2023Loader,
  lad2021Loader,
  regionLoader,
  combinedAuthorityLoader,
  cityRegionLoader,
  itl2025Loader,
  gvaItlIndustryLoader,
];

/** Loaders sorted so that each comes after the datasets it depends on; throws on a cycle or unknown id. */
export function orderLoaders(loaders: readonly Loader[]): Loader[] {
  const byId = new Map(loaders.map((l) => [l.meta.id, l]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: Loader[] = [];
  const visit = (l: Loader): void => {
    if (done.has(l.meta.id)) return;
    if (visiting.has(l.meta.id)) throw new Error(`sources: dependency cycle at ${l.meta.id}`);
    visiting.add(l.meta.id);
    for (const dep of l.dependsOn) {
      const d = byId.get(dep);
      if (!d) throw new Error(`sources: ${l.meta.id} depends on unknown dataset ${dep}`);
      visit(d);
    }
    visiting.delete(l.meta.id);
    done.add(l.meta.id);
    out.push(l);
  };
  for (const l of loaders) visit(l);
  return out;
}
