#!/usr/bin/env python3
"""Figures on the code's shape, for issue notes: module cycles, long functions, hand-built JSON.

Reads the Rust sources as text (no build needed):
- module cycles: for each crate, the graph of `crate::`/`super::` references between file modules
  (a `mod.rs` and its children are separate nodes; a parent declaring a child is not an edge);
  every strongly connected set of two or more modules is a cycle;
- functions over 40 lines, leaving out UI markup (bodies holding `view!`) and dispatch tables
  (bodies that are one `match` of routes: more than half their lines are match arms `=>`);
- counts of `json!(` in the worker, untyped reads (`call`, `get`, `call_form` of `Value`) and `spawn_local` in the web app.

Usage: python3 scripts/shape.py [--list]
"""
import os
import re
import sys

CRATES = {"core": "core/src", "worker": "worker/src", "web": "web/src"}
LONG = 40


def modules(src):
    """Map module path (tuple) -> file, for every .rs file of a crate (bins are their own roots)."""
    out = {}
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, src)[:-3].split(os.sep)
            if rel[0] == "bin" or rel in (["lib"], ["main"]):
                continue
            if rel[-1] == "mod":
                rel = rel[:-1]
            if "tests" in rel:  # test-only files are part of their parent
                continue
            out[tuple(rel)] = path
    return out


def strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def resolve(mods, me, parts):
    """The longest known module path named by a `crate::`/`super::`/`self::` path."""
    if parts[0] == "crate":
        base, rest = (), parts[1:]
    else:
        base = list(me)
        rest = list(parts)
        while rest and rest[0] in ("super", "self"):
            if rest[0] == "super":
                base = base[:-1]
            rest = rest[1:]
        base = tuple(base)
    best = None
    for i in range(len(rest) + 1):
        cand = base + tuple(rest[:i])
        if cand in mods:
            best = cand
    return best


def use_paths(text):
    """Every path a file names through `crate::`, `super::` (in uses, braces expanded, and inline)."""
    paths = []
    for m in re.finditer(r"\buse\s+([^;]+);", text):
        paths.extend(expand(m.group(1).replace(" ", "").replace("\n", "")))
    for m in re.finditer(r"\b((?:crate|super)(?:::\w+)+)", text):
        paths.append(m.group(1).split("::"))
    return [p for p in paths if p and p[0] in ("crate", "super", "self")]


def expand(tree):
    """`a::{b, c::{d}}` -> [[a,b],[a,c,d]]."""
    if "{" not in tree:
        return [tree.split("::")]
    head, _, rest = tree.partition("{")
    inner = rest[: rest.rfind("}")]
    prefix = [p for p in head.split("::") if p]
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    out = []
    for p in parts:
        if p:
            out.extend(prefix + e for e in expand(p))
    return out


def cycles(src):
    mods = modules(src)
    edges = {m: set() for m in mods}
    for me, path in mods.items():
        text = strip_comments(open(path).read())
        text = text.split("#[cfg(test)]")[0]
        for parts in use_paths(text):
            target = resolve(mods, me, parts)
            if target is None or target == me:
                continue
            if target == me[: len(target)] and parts[0] != "crate" and len(parts) > 1:
                # `super::x` where x is a sibling resolves past the parent; a bare parent item counts.
                pass
            edges[me].add(target)
    return [sorted(c) for c in scc(edges) if len(c) > 1]


def scc(edges):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    sys.setrecursionlimit(10000)
    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def long_functions(src):
    found = []
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(root, f)
            lines = open(path).read().split("\n")
            in_tests = False
            i = 0
            while i < len(lines):
                line = lines[i]
                if line.startswith("#[cfg(test)]") or f == "tests.rs":
                    in_tests = True
                m = re.match(r"\s*(pub(\([^)]*\))?\s+)?(async\s+)?(const\s+)?fn\s+(\w+)", line)
                if m and not in_tests and not line.rstrip().endswith(";"):
                    indent = len(line) - len(line.lstrip())
                    j = i + 1
                    while j < len(lines) and not (
                        lines[j].startswith(" " * indent + "}")
                        and len(lines[j]) - len(lines[j].lstrip()) == indent
                    ):
                        j += 1
                    body = lines[i : j + 1]
                    n = len(body)
                    text = "\n".join(body)
                    markup = "view!" in text
                    arms = sum(1 for b in body if "=>" in b)
                    dispatch = arms * 2 > n
                    if n > LONG and not markup and not dispatch:
                        found.append((n, f"{path}:{i + 1} {m.group(5)}"))
                    i = j
                i += 1
    return sorted(found, reverse=True)


def count(src, pattern):
    n = 0
    for root, _, files in os.walk(src):
        for f in files:
            if f.endswith(".rs"):
                n += len(re.findall(pattern, strip_comments(open(os.path.join(root, f)).read())))
    return n


def main():
    listing = "--list" in sys.argv
    total = 0
    for name, src in CRATES.items():
        for c in cycles(src):
            total += 1
            print(f"cycle {name}: " + " <-> ".join("::".join(m) for m in c))
    print(f"module cycles: {total}")
    longs = [x for src in CRATES.values() for x in long_functions(src)]
    print(f"functions over {LONG} lines (no markup, no dispatch table): {len(longs)}")
    if listing:
        for n, where in longs:
            print(f"  {n:4} {where}")
    figures = [
        ("json!( in worker", "worker/src", r"json!\("),
        ("untyped reads in web (call, get or call_form of Value or Vec<Value>)", "web/src", r"(call|get|call_form)::<(Vec<)?(serde_json::)?Value"),
        ("spawn_local in web", "web/src", r"spawn_local\b"),
    ]
    for label, src, pattern in figures:
        print(f"{label}: {count(src, pattern)}")


if __name__ == "__main__":
    main()
