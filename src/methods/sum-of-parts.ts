/**
 * Sum of parts for an additive measure (a count or current-price £): the whole is the sum of its parts,
 * and it is missing unless every part is present. Used to put figures published for LAD 2021 districts on
 * the LAD 2023 areas formed from them (Cumberland = Allerdale + Carlisle + Copeland).
 *
 * Status of the whole: 'unavailable' if any part is missing; otherwise the least certain status among the
 * parts ('provisional' or 'estimated' beats 'ok').
 */
import type { ObservationStatus } from '../core/types.ts';

export interface Part {
  value: number | null;
  status: ObservationStatus;
}

const RANK: Record<ObservationStatus, number> = { ok: 0, estimated: 1, provisional: 2, suppressed: 3, unavailable: 4 };

export function sumOfParts(parts: readonly Part[]): Part {
  if (parts.length === 0) return { value: null, status: 'unavailable' };
  let sum = 0;
  let status: ObservationStatus = 'ok';
  for (const p of parts) {
    if (p.value === null || Number.isNaN(p.value)) return { value: null, status: 'unavailable' };
    sum += p.value;
    if (RANK[p.status] > RANK[status]) status = p.status;
  }
  return { value: sum, status };
}
