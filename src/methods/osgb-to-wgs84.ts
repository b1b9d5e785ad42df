/**
 * British National Grid easting/northing (OSGB36 datum, Transverse Mercator on the Airy 1830 ellipsoid) →
 * WGS84 latitude/longitude, in three steps:
 *
 * 1. Inverse Transverse Mercator (OS guide, Annex C): from (E, N) to OSGB36 latitude φ and longitude λ.
 *      M(φ) = b·F0·[ (1 + n + 5/4 n² + 5/4 n³)(φ − φ0) − (3n + 3n² + 21/8 n³) sin(φ − φ0) cos(φ + φ0)
 *                   + (15/8 n² + 15/8 n³) sin 2(φ − φ0) cos 2(φ + φ0) − 35/24 n³ sin 3(φ − φ0) cos 3(φ + φ0) ]
 *      φ′ is iterated from φ′ = φ0 + (N − N0)/(a·F0) until |N − N0 − M(φ′)| < 0.01 mm; then with
 *      ν = a·F0/√(1 − e² sin²φ′), ρ = a·F0(1 − e²)/(1 − e² sin²φ′)^{3/2}, η² = ν/ρ − 1, t = tan φ′, ΔE = E − E0:
 *      φ = φ′ − VII ΔE² + VIII ΔE⁴ − IX ΔE⁶,   λ = λ0 + X ΔE − XI ΔE³ + XII ΔE⁵ − XIIA ΔE⁷
 *      (VII … XIIA as in the guide; see docs/methods/osgb-to-wgs84.md).
 * 2. Geodetic → Cartesian on Airy 1830 (height 0, OSGB36 heights are not known for postcode centroids),
 *    7-parameter Helmert transformation OSGB36 → WGS84 (OS guide equation (3), small-angle form):
 *      X′ = T + M·X,  M = [[1 + s, −rz, ry], [rz, 1 + s, −rx], [−ry, rx, 1 + s]]  (s in ppm·1e-6, r in radians)
 *    with the OS "approximate WGS84 to OSGB36" parameters negated (tx +446.448 m, ty −125.157 m,
 *    tz +542.060 m, s −20.4894 ppm, rx +0.1502″, ry +0.2470″, rz +0.8421″).
 * 3. Cartesian → geodetic on GRS80/WGS84 (a = 6,378,137 m, b = 6,356,752.3141 m), iterating
 *    φ = atan2(z + e²ν sin φ, p) until the change is below 1e-12 rad.
 *
 * Accuracy: steps 1 and 3 are exact to about a millimetre (the series in step 1 is truncated: ~1 mm at the
 * corners of the grid, 400 km from the central meridian); the Helmert step is the OS "approximate"
 * transformation, good to about 3.5 m (95%) and up to ~5 m in places (OSGB36 is inhomogeneous; the exact
 * transformation needs the OSTN15 grid). State results as accurate to ≈ 5 m. Reversing the direction by
 * negating the parameters adds an error of the order of millimetres. Valid for Great Britain only (OSGB36
 * does not exist offshore or in Northern Ireland, which uses the Irish Grid).
 *
 * Reference: Ordnance Survey (2020), "A guide to coordinate systems in Great Britain", v3.6: Annex B
 * (ellipsoid and projection constants), Annex C (Transverse Mercator formulae and worked example), section 6
 * and "Approximate WGS84 to OSGB36/ODN transformation" (Helmert parameters), Annex B.1–B.2 (Cartesian
 * conversions).
 */

export interface LatLon {
  /** Degrees north. */
  lat: number;
  /** Degrees east (negative west of Greenwich). */
  lon: number;
}

export interface GridPoint {
  easting: number;
  northing: number;
}

/** Airy 1830 ellipsoid (OSGB36). */
export const AIRY_1830 = { a: 6_377_563.396, b: 6_356_256.909 } as const;
/** GRS80 ellipsoid (ETRS89; WGS84 differs by 0.1 mm in b). */
export const GRS80 = { a: 6_378_137.0, b: 6_356_752.3141 } as const;
/** National Grid projection constants. */
export const NATIONAL_GRID = { F0: 0.9996012717, lat0: 49, lon0: -2, E0: 400_000, N0: -100_000 } as const;
/** Helmert parameters OSGB36 → WGS84 (the OS WGS84 → OSGB36 set, negated): metres, ppm, arc-seconds. */
export const HELMERT_OSGB36_TO_WGS84 = { tx: 446.448, ty: -125.157, tz: 542.06, s: -20.4894, rx: 0.1502, ry: 0.247, rz: 0.8421 } as const;
/** The stated accuracy of the conversion in metres (the Helmert step; see the docblock). */
export const OSGB_TO_WGS84_ACCURACY_METRES = 5;
/** The National Grid's extent: eastings 0–700 km, northings 0–1,300 km (Great Britain and its islands). */
export const NATIONAL_GRID_BOUNDS = { minEasting: 0, maxEasting: 700_000, minNorthing: 0, maxNorthing: 1_300_000 } as const;

const DEG = Math.PI / 180;
const ARCSEC = DEG / 3600;

const { a: AA, b: AB } = AIRY_1830;
const E2_AIRY = (AA * AA - AB * AB) / (AA * AA);
const N_AIRY = (AA - AB) / (AA + AB);
const PHI0 = NATIONAL_GRID.lat0 * DEG;
const LAM0 = NATIONAL_GRID.lon0 * DEG;
const { F0, E0, N0 } = NATIONAL_GRID;

function fail(message: string): never {
  throw new Error(`osgb-to-wgs84: ${message}`);
}

/** Meridional arc M(φ) from φ0 on the Airy ellipsoid, scaled by F0 (OS guide, equation C3). */
function meridionalArc(phi: number): number {
  const n = N_AIRY;
  const n2 = n * n;
  const n3 = n2 * n;
  const d = phi - PHI0;
  const s = phi + PHI0;
  return (
    AB *
    F0 *
    ((1 + n + 1.25 * n2 + 1.25 * n3) * d -
      (3 * n + 3 * n2 + (21 / 8) * n3) * Math.sin(d) * Math.cos(s) +
      ((15 / 8) * n2 + (15 / 8) * n3) * Math.sin(2 * d) * Math.cos(2 * s) -
      (35 / 24) * n3 * Math.sin(3 * d) * Math.cos(3 * s))
  );
}

/** Inverse Transverse Mercator: National Grid (E, N) → OSGB36 latitude/longitude in degrees (OS guide C.2). */
export function gridToOsgb36(easting: number, northing: number): LatLon {
  if (!Number.isFinite(easting) || !Number.isFinite(northing)) fail(`easting and northing must be finite numbers, got (${easting}, ${northing})`);
  const aF0 = AA * F0;
  let phi = (northing - N0) / aF0 + PHI0;
  let m = meridionalArc(phi);
  for (let k = 0; Math.abs(northing - N0 - m) >= 1e-5; k++) {
    if (k > 50) fail(`latitude did not converge for (${easting}, ${northing})`);
    phi += (northing - N0 - m) / aF0;
    m = meridionalArc(phi);
  }
  const sin = Math.sin(phi);
  const cos = Math.cos(phi);
  const w = 1 - E2_AIRY * sin * sin;
  const nu = aF0 / Math.sqrt(w);
  const rho = (aF0 * (1 - E2_AIRY)) / (w * Math.sqrt(w));
  const eta2 = nu / rho - 1;
  const t = Math.tan(phi);
  const t2 = t * t;
  const t4 = t2 * t2;
  const t6 = t4 * t2;
  const sec = 1 / cos;
  const nu3 = nu * nu * nu;
  const nu5 = nu3 * nu * nu;
  const nu7 = nu5 * nu * nu;
  const VII = t / (2 * rho * nu);
  const VIII = (t / (24 * rho * nu3)) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2);
  const IX = (t / (720 * rho * nu5)) * (61 + 90 * t2 + 45 * t4);
  const X = sec / nu;
  const XI = (sec / (6 * nu3)) * (nu / rho + 2 * t2);
  const XII = (sec / (120 * nu5)) * (5 + 28 * t2 + 24 * t4);
  const XIIA = (sec / (5040 * nu7)) * (61 + 662 * t2 + 1320 * t4 + 720 * t6);
  const dE = easting - E0;
  const dE2 = dE * dE;
  const dE3 = dE2 * dE;
  const dE4 = dE2 * dE2;
  const dE5 = dE4 * dE;
  const dE6 = dE4 * dE2;
  const dE7 = dE6 * dE;
  const lat = phi - VII * dE2 + VIII * dE4 - IX * dE6;
  const lon = LAM0 + X * dE - XI * dE3 + XII * dE5 - XIIA * dE7;
  return { lat: lat / DEG, lon: lon / DEG };
}

/** Forward Transverse Mercator: OSGB36 latitude/longitude (degrees) → National Grid (E, N) (OS guide C.1). */
export function osgb36ToGrid(lat: number, lon: number): GridPoint {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) fail(`latitude and longitude must be finite numbers, got (${lat}, ${lon})`);
  const phi = lat * DEG;
  const lam = lon * DEG;
  const sin = Math.sin(phi);
  const cos = Math.cos(phi);
  const w = 1 - E2_AIRY * sin * sin;
  const nu = (AA * F0) / Math.sqrt(w);
  const rho = (AA * F0 * (1 - E2_AIRY)) / (w * Math.sqrt(w));
  const eta2 = nu / rho - 1;
  const t = Math.tan(phi);
  const t2 = t * t;
  const t4 = t2 * t2;
  const cos3 = cos * cos * cos;
  const cos5 = cos3 * cos * cos;
  const I = meridionalArc(phi) + N0;
  const II = (nu / 2) * sin * cos;
  const III = (nu / 24) * sin * cos3 * (5 - t2 + 9 * eta2);
  const IIIA = (nu / 720) * sin * cos5 * (61 - 58 * t2 + t4);
  const IV = nu * cos;
  const V = (nu / 6) * cos3 * (nu / rho - t2);
  const VI = (nu / 120) * cos5 * (5 - 18 * t2 + t4 + 14 * eta2 - 58 * t2 * eta2);
  const d = lam - LAM0;
  const d2 = d * d;
  const d3 = d2 * d;
  const d4 = d2 * d2;
  const d5 = d4 * d;
  const d6 = d4 * d2;
  return { easting: E0 + IV * d + V * d3 + VI * d5, northing: I + II * d2 + III * d4 + IIIA * d6 };
}

/** Geodetic (degrees, height 0) → Cartesian metres on an ellipsoid. */
function toCartesian(lat: number, lon: number, ell: { a: number; b: number }): [number, number, number] {
  const e2 = (ell.a * ell.a - ell.b * ell.b) / (ell.a * ell.a);
  const phi = lat * DEG;
  const lam = lon * DEG;
  const sin = Math.sin(phi);
  const cos = Math.cos(phi);
  const nu = ell.a / Math.sqrt(1 - e2 * sin * sin);
  return [nu * cos * Math.cos(lam), nu * cos * Math.sin(lam), (1 - e2) * nu * sin];
}

/** Cartesian metres → geodetic degrees on an ellipsoid (iterative; OS guide B.2). */
function toGeodetic(x: number, y: number, z: number, ell: { a: number; b: number }): LatLon {
  const e2 = (ell.a * ell.a - ell.b * ell.b) / (ell.a * ell.a);
  const p = Math.sqrt(x * x + y * y);
  let phi = Math.atan2(z, p * (1 - e2));
  for (let k = 0; k < 20; k++) {
    const sin = Math.sin(phi);
    const nu = ell.a / Math.sqrt(1 - e2 * sin * sin);
    const next = Math.atan2(z + e2 * nu * sin, p);
    const done = Math.abs(next - phi) < 1e-12;
    phi = next;
    if (done) break;
  }
  return { lat: phi / DEG, lon: Math.atan2(y, x) / DEG };
}

/** OSGB36 latitude/longitude → WGS84 latitude/longitude (Helmert, ≈ 5 m; see the docblock). */
export function osgb36ToWgs84(lat: number, lon: number): LatLon {
  const [x, y, z] = toCartesian(lat, lon, AIRY_1830);
  const h = HELMERT_OSGB36_TO_WGS84;
  const s1 = 1 + h.s * 1e-6;
  const rx = h.rx * ARCSEC;
  const ry = h.ry * ARCSEC;
  const rz = h.rz * ARCSEC;
  const x2 = h.tx + s1 * x - rz * y + ry * z;
  const y2 = h.ty + rz * x + s1 * y - rx * z;
  const z2 = h.tz - ry * x + rx * y + s1 * z;
  return toGeodetic(x2, y2, z2, GRS80);
}

/** British National Grid easting/northing (metres) → WGS84 latitude/longitude (degrees), accurate to ≈ 5 m. */
export function osgbToWgs84(easting: number, northing: number): LatLon {
  const g = gridToOsgb36(easting, northing);
  return osgb36ToWgs84(g.lat, g.lon);
}

/** True when (E, N) lies within the National Grid's extent (NATIONAL_GRID_BOUNDS). */
export function insideNationalGrid(easting: number, northing: number): boolean {
  const b = NATIONAL_GRID_BOUNDS;
  return easting >= b.minEasting && easting <= b.maxEasting && northing >= b.minNorthing && northing <= b.maxNorthing;
}

/** Columns of eastings/northings → WGS84 latitude/longitude columns; NaN in either input gives NaN out. */
export function osgbToWgs84Columns(eastings: Float64Array, northings: Float64Array): { lat: Float64Array; lon: Float64Array } {
  if (eastings.length !== northings.length) fail(`${eastings.length} eastings but ${northings.length} northings`);
  const lat = new Float64Array(eastings.length);
  const lon = new Float64Array(eastings.length);
  for (let i = 0; i < eastings.length; i++) {
    const e = eastings[i]!;
    const n = northings[i]!;
    if (Number.isNaN(e) || Number.isNaN(n)) {
      lat[i] = NaN;
      lon[i] = NaN;
      continue;
    }
    const p = osgbToWgs84(e, n);
    lat[i] = p.lat;
    lon[i] = p.lon;
  }
  return { lat, lon };
}
