// esbuild bundles imported stylesheets into <app>.css next to the script.
declare module '*.css';
