export class BundleError extends Error {}
export function freshBundle(options: { root: string; entry: string; outFile: string; inputs?: string[] }): Promise<{ built: boolean }>
