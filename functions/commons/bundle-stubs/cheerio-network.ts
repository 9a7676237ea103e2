/**
 * Stand-in for `undici` and `encoding-sniffer` in Lambda bundles only (aliased by the house construct).
 * cheerio's entry point imports them for `fromURL`, `loadBuffer` and `decodeStream`, which this project never
 * calls (feeds are fetched by `lib/http` and parsed with `load`); esbuild cannot drop them because undici is
 * CommonJS, and they are ~1.5 MB of the poll bundle. Calling any of them in a bundle fails loudly.
 */
const unavailable = (name: string): never => {
  throw new Error(`${name} is not bundled in Inquiry Watch Lambdas (see functions/commons/bundle-stubs)`);
};

export function decodeBuffer(): never {
  return unavailable('encoding-sniffer decodeBuffer');
}

export class DecodeStream {
  constructor() {
    unavailable('encoding-sniffer DecodeStream');
  }
}

export class Client {
  constructor() {
    unavailable('undici Client');
  }
}

export const interceptors = {};
export const errors = {};
