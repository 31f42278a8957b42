// Refuses what would let walk.ts compile without the document's types
// holding: `any`, `x as T`, `<T>x` and the non-null assertion `x!`.
// (`as const` is no cast: it only narrows a literal.)
// Usage: node dist/no-casts.js <file.ts>...
import ts from "typescript";

function offences(path: string): string[] {
    const text = ts.sys.readFile(path);
    if (text === undefined) return [`${path}: cannot read it`];
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const found: string[] = [];
    const report = (node: ts.Node, what: string): void => {
        const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${path}:${line + 1}:${character + 1}: ${what}: ${node.getText(source)}`);
    };
    const visit = (node: ts.Node): void => {
        if (ts.isAsExpression(node) && !(ts.isTypeReferenceNode(node.type) && node.type.getText(source) === "const")) {
            report(node, "a cast (as)");
        } else if (ts.isTypeAssertionExpression(node)) {
            report(node, "a cast (<T>)");
        } else if (ts.isNonNullExpression(node)) {
            report(node, "a non-null assertion (!)");
        } else if (node.kind === ts.SyntaxKind.AnyKeyword) {
            report(node, "any");
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

const files = process.argv.slice(2);
const found = files.flatMap(offences);
for (const line of found) console.error(line);
if (files.length === 0 || found.length > 0) {
    console.error(files.length === 0 ? "usage: node dist/no-casts.js <file.ts>..." : "FAIL: casts or any in the typed client");
    process.exitCode = 1;
}
