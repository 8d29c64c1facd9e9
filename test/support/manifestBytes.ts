// Manifest files as bytes, in the encodings spreadsheets save (the core, command line and host tests share them).
export const MANIFEST_HEADER = 'package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid'

/** "Café Crème" as Excel's "CSV (Comma delimited)" writes it on Windows: é = 0xE9, è = 0xE8. */
export const CAFE_CREME_1252 = [0x43, 0x61, 0x66, 0xe9, 0x20, 0x43, 0x72, 0xe8, 0x6d, 0x65]

/** A one-row manifest (CRLF, as Excel writes it) whose product name is the given bytes. */
export function manifestBytes(productName: number[], row: { pkg: string; caseUuid: string; pp: string }): Buffer {
  return Buffer.concat([
    Buffer.from(`${MANIFEST_HEADER}\r\n${row.pkg},P1,I1,S1,`, 'ascii'),
    Buffer.from(productName),
    Buffer.from(`,${row.caseUuid},${row.pp}\r\n`, 'ascii')
  ])
}
