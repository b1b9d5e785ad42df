/**
 * "The UK against other countries": regional inequality within each OECD country at a comparable level
 * (TL3 or TL2 GDP per head, US$ PPP), ranked, with the UK highlighted. Loads on its own; a failure shows a
 * notice and leaves the rest of the page alone.
 */
import { fetchCountries, type CountriesResponse } from '../lib/api.ts';
import { byId, h, setChildren } from '../lib/dom.ts';

const fmt = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

function render(r: CountriesResponse): void {
  const d = r.data;
  const uk = d.uk;
  setChildren(
    byId('countries-summary'),
    uk
      ? h('p', {}, h('strong', { 'data-testid': 'uk-rank' }, `The UK ranks ${uk.rank} of ${d.countries.length}`), ` countries on the Gini of ${d.measure.name} across its ${d.level === 'OECD_TL3' ? 'TL3' : 'TL2'} regions in ${d.year} (${uk.n} regions; highest-to-lowest ratio ${fmt(uk.maxMin, 1)}).`)
      : h('p', {}, `No UK figure at this level in ${d.year}.`),
  );
  const rows = d.countries.map((c) =>
    h(
      'tr',
      { 'data-country': c.country, class: c.country === uk?.country ? 'is-highlight' : '' },
      h('td', { class: 'num' }, String(c.rank)),
      h('th', { scope: 'row' }, c.name),
      h('td', { class: 'num' }, String(c.n)),
      h('td', { class: 'num' }, fmt(c.gini)),
      h('td', { class: 'num' }, fmt(c.theilT)),
      h('td', { class: 'num' }, fmt(c.maxMin, 1)),
      h('td', { class: 'num' }, fmt(c.p90p10, 2)),
    ),
  );
  setChildren(byId('countries-body'), ...rows);
  const p = r.provenance[0];
  setChildren(byId('countries-source'), p ? h('p', { class: 'rule-note' }, h('strong', {}, 'Source: '), `${p.title} (${p.publisher}, ${p.release}); ${p.licence}. ${d.formula}.`) : null);
}

export async function loadCountries(): Promise<void> {
  const select = byId('countries-level') as HTMLSelectElement;
  const load = async (): Promise<void> => {
    try {
      render(await fetchCountries(new URLSearchParams({ level: select.value, year: '2019' })));
    } catch (e) {
      setChildren(byId('countries-summary'), h('p', { class: 'notice' }, `The international comparison could not be loaded: ${(e as Error).message}`));
    }
  };
  select.addEventListener('change', () => void load());
  await load();
}
