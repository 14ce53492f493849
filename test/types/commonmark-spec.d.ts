// The commonmark-spec package ships the spec's examples as data, without type declarations.
declare module 'commonmark-spec' {
  export const text: string;
  export const tests: ReadonlyArray<{ markdown: string; html: string; section: string; number: number }>;
}
