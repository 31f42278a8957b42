#!/usr/bin/env python3
"""Checks the layering of src/ (docs/ARCHITECTURE.md): no import cycle among
the files, and no import against the direction of the layers.

A file's imports are the `crate::…`, `super::…` and `self::…` paths it names
outside comments and its unit tests, resolved to the longest module path
that is a file. Exits 1 and lists what it found when a rule is broken.
"""

import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# (importing layer, imported layer): imports that must not exist.
FORBIDDEN = [
    ("model", "api"), ("model", "service"), ("model", "db"), ("model", "http"), ("model", "auth"),
    ("domain", "api"), ("domain", "service"), ("domain", "db"), ("domain", "http"), ("domain", "auth"),
    ("domain", "model"),
    ("service", "api"), ("service", "http"),
    ("db", "api"), ("db", "service"), ("db", "http"), ("db", "model"),
    ("auth", "api"), ("auth", "service"), ("auth", "http"), ("auth", "state"), ("auth", "model"),
    ("api", "db"),
]


def modules():
    found = {}
    for path in SRC.rglob("*.rs"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] in ("mod", "lib", "main"):
            parts = parts[:-1]
        found["::".join(parts)] = path
    return found


def resolve(files, module, path):
    segments = path.split("::")
    if segments[0] == "crate":
        base, segments = [], segments[1:]
    else:
        base = module.split("::") if module else []
        while segments and segments[0] in ("super", "self"):
            if segments[0] == "super":
                base = base[:-1]
            segments = segments[1:]
    for length in range(len(segments), 0, -1):
        candidate = "::".join(base + segments[:length])
        if candidate in files:
            return candidate
    return None


def imports(files, module, path):
    text = path.read_text()
    text = re.sub(r"#\[cfg\(test\)\]\s*mod tests \{.*", "", text, flags=re.S)
    text = re.sub(r"//.*", "", text)
    named = set(re.findall(r"\b((?:crate|super|self)(?:::\w+)+)", text))
    # `use super::{a, b::c}`: each member of a group, one level deep.
    for base, group in re.findall(r"\b((?:crate|super|self)(?:::\w+)*)::\{([^}]*)\}", text):
        named.update(f"{base}::{member.strip().split('::')[0]}" for member in group.split(",") if member.strip())
    found = set()
    for name in named:
        target = resolve(files, module, name)
        # A module's own children and ancestors are its parts, not its imports.
        if target and target != module and not module.startswith(target + "::") and not target.startswith(module + "::"):
            found.add(target)
    return found


def cycles(edges):
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return found


def main():
    files = modules()
    edges = {module: imports(files, module, path) for module, path in files.items()}
    problems = []
    for component in cycles(edges):
        inside = set(component)
        links = "; ".join(f"{m} → {', '.join(sorted(edges[m] & inside))}" for m in component)
        problems.append(f"import cycle: {links}")
    layer = lambda module: module.split("::")[0]
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            if (layer(module), layer(target)) in FORBIDDEN:
                problems.append(f"{module} imports {target} ({layer(module)} may not import {layer(target)})")
            # No resource's HTTP module imports another resource's.
            m, t = module.split("::"), target.split("::")
            if m[0] == t[0] == "api" and len(m) > 1 and len(t) > 1 and m[1] != t[1] and t[1] not in ("responses", "openapi"):
                problems.append(f"{module} imports {target} (one resource's api module imports another's)")
    for problem in problems:
        print(problem)
    print(f"layers: {len(files)} files, {sum(map(len, edges.values()))} imports, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
