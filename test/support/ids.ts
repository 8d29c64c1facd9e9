// Fixed identifiers for tests that write them out (generated ones come from randomShortUuid): valid
// ShortUUIDs for cases and packaged products, and a Package UID.
export const CASE_A = 'UNDTMBovdue9tFWfhamnDM'
export const CASE_B = 'Vf8g3r4TyWzKmNpQrStUvX'
export const CASE_C = 'k7HjKmNpQrStUvWxYz2345'
export const PP_1 = 'AbCdEfGhJkMnPqRsTuVwXy'
export const PP_2 = 'ZyXwVuTsRqPnMkJhGfEdCb'
