/** Builds the provenance attached to every figure the service returns. */
import type { Provenance } from '../core/types.ts';
import type { DatasetRow } from '../store/store.ts';

export function provenanceOf(d: DatasetRow, formula = 'published'): Provenance {
  return {
    dataset: d.id,
    title: d.title,
    publisher: d.publisher,
    release: d.release,
    geographyVintage: d.geographyVintage,
    licence: d.licence,
    attribution: d.attribution,
    formula,
  };
}
