/**
 * Reads a cluster definition (SIC code → cluster name) from a CSV file, plain or gzipped: the shipped Nesta
 * SIC4 → cluster lookup or a user's own file (e.g. a net-zero cluster as a list of SIC codes). Parsing and
 * validation are the pure `parseClusterDefinition` in methods/clusters.ts; this module only reads the file.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { DataError } from '../core/errors.ts';
import { parseClusterDefinition, type ClusterDefinition } from '../methods/clusters.ts';

export const NESTA_DEFINITION = {
  id: 'nesta-sic4-clusters',
  file: 'employment/nesta_sic4_to_cluster_lookup.csv.gz',
  title: 'Nesta industrial clusters: SIC 2007 4-digit class → cluster (72 clusters)',
  publisher: 'Nesta (beis-indicators project), derived from SIC 2007',
  licence: 'MIT (repository licence); SIC 2007 codes © Crown copyright, Open Government Licence v3.0',
  note: 'Nesta’s grouping of 525 SIC classes into 72 clusters, as used in the Nesta/BEIS "beis-indicators" cluster indicators; it leaves out agriculture and some public and personal services.',
};

export interface LoadedDefinition extends ClusterDefinition {
  id: string;
  source: string;
}

export async function readClusterDefinition(path: string, id = basename(path)): Promise<LoadedDefinition> {
  let text: string;
  try {
    const buf = await readFile(path);
    text = (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  } catch (e) {
    throw new DataError({ file: path }, `cannot read the cluster definition (${(e as Error).message})`);
  }
  try {
    return { ...parseClusterDefinition(text, { source: path }), id, source: path };
  } catch (e) {
    throw new DataError({ file: path }, (e as Error).message);
  }
}

export function readShippedNestaDefinition(dataDir: string): Promise<LoadedDefinition> {
  return readClusterDefinition(join(dataDir, NESTA_DEFINITION.file), NESTA_DEFINITION.id);
}
