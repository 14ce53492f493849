// Kept for the modules that import the domain under this name; index.ts is the barrel.
export * from './index';
