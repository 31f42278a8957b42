// The few Node.js runtime names walk.ts uses, declared here rather than
// adding @types/node: the check's only dependencies are the three tools.
// fetch, Blob, URL and crypto come from the "DOM" library (Node 20 has them).
declare const process: {
    readonly argv: readonly string[];
    exitCode: number | undefined;
};

declare module "node:fs" {
    export function readFileSync(path: string, encoding: "utf8"): string;
}
