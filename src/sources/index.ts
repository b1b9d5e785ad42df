/**
 * Every dataset loader, in an order that respects `dependsOn` (geography and SIC first).
 * To add a dataset: write a loader module in this folder and list it here.
 */
import type { Loader } from './loader.ts';
import { sicHierarchyLoader } from './sic-hierarchy.ts';
import { itlLoader, lad2023Loader, lad2021Loader, regionLoader, combinedAuthorityLoader, cityRegionLoader, itl2025Loader } from './geography.ts';
import { gvaItlIndustryLoader } from './gva-itl-industry.ts';
import { gvaLadIndustryLoader } from './gva-lad-industry.ts';
import { gdpItlLoader } from './gdp-itl.ts';
import { gvaPerHeadItlLoader } from './gva-per-head-itl.ts';
import { gvaIncomeComponentsLoader } from './gva-income-components.ts';
import { productivityItlLoader, productivityLadLoader, productivityCityRegionLoader } from './productivity.ts';
import { populationLadLoader } from './population-lad.ts';
import { bresItl2Sic2Loader, bresItl2Sic5Loader, bresItl2FulltimeSic2Loader } from './bres-itl2.ts';
import { bresCombinedAuthorityLoader, bresCombinedAuthorityBroadLoader } from './bres-combined-authority.ts';
import { ukbcGeographyLoader, ukbcLadIndustryLoader, ukbcLadSizebandLoader, ukbcRegionSic4Loader } from './business-counts.ts';
import { businessDemographyLoader } from './business-demography.ts';
import { subnationalIndicatorsLoader } from './subnational-indicators.ts';
import { nutsCodesLoader } from './international-nuts.ts';
import { eurostatGdpNuts2021Loader } from './international-eurostat-gdp-nuts2021.ts';
import { eurostatGdpNuts2013Loader } from './international-eurostat-gdp-nuts2013.ts';
import { eurostatPopulationLoader } from './international-eurostat-population.ts';
import { beaGdpLoader } from './international-bea-gdp.ts';
import { oecdGdpLoader } from './international-oecd-gdp.ts';
import { companiesHouseLoader } from './companies-house.ts';
import { travelToWorkLoader, migrationLoader } from './census-flows.ts';
import { retailPointsLoader, bankBranchesLoader } from './geolytix.ts';
import { brandHeadOfficesLoader } from './brand-head-offices.ts';
import { eurostatManufacturingLoader, eurostatServicesLoader, nestaHighTechLoader } from './sector-definitions.ts';

export const LOADERS: readonly Loader[] = [
  sicHierarchyLoader,
  itlLoader,
  lad2023Loader,
  lad2021Loader,
  regionLoader,
  combinedAuthorityLoader,
  cityRegionLoader,
  itl2025Loader,
  // early: its DuckDB insert (three tables) overlaps with parsing the large GVA files that follow
  companiesHouseLoader,
  // flows, sites and definitions: their tables are inserted while the GVA files below are parsed
  travelToWorkLoader,
  migrationLoader,
  retailPointsLoader,
  bankBranchesLoader,
  brandHeadOfficesLoader,
  eurostatManufacturingLoader,
  eurostatServicesLoader,
  nestaHighTechLoader,
  gvaItlIndustryLoader,
  gvaLadIndustryLoader,
  gdpItlLoader,
  gvaPerHeadItlLoader,
  gvaIncomeComponentsLoader,
  productivityItlLoader,
  productivityLadLoader,
  productivityCityRegionLoader,
  populationLadLoader,
  bresItl2Sic2Loader,
  bresItl2Sic5Loader,
  bresItl2FulltimeSic2Loader,
  bresCombinedAuthorityLoader,
  bresCombinedAuthorityBroadLoader,
  ukbcGeographyLoader,
  ukbcLadIndustryLoader,
  ukbcLadSizebandLoader,
  ukbcRegionSic4Loader,
  businessDemographyLoader,
  subnationalIndicatorsLoader,
  nutsCodesLoader,
  eurostatGdpNuts2021Loader,
  eurostatGdpNuts2013Loader,
  eurostatPopulationLoader,
  beaGdpLoader,
  oecdGdpLoader,
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
