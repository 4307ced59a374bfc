import type { PostcodeLookupView } from '../../../domain/schemas/geo.ts';
import type { PostcodeLookup } from '../../../db/repositories/geo/postcodes.ts';

export const presentPostcode = (p: PostcodeLookup): PostcodeLookupView => ({
  postcode: p.postcode,
  lsoa: p.lsoa,
  latitude: p.latitude,
  longitude: p.longitude,
  imdDecile: p.imdDecile,
  terminated: p.terminated,
});
