#!/usr/bin/env python3
"""The SDK's reference, generated from the comments in its headers.

Every public declaration of sdk-plugin/include/otelc/*.h (a function, a
macro, a struct, an enum, a typedef) carries a comment directly above it:
what it takes or borrows, how long a result lives, which thread may call it
and what failure looks like. This tool

  --check                fails, naming file:line, when a declaration has no
                         comment (or a function's comment names no thread:
                         "loop", "any thread", "main thread" or "pure");
  --selftest             proves --check fails: on a temporary copy of the
                         headers with one comment removed;
  --build OUT            writes the Markdown reference (one page per header
                         and an index) to OUT; the output depends only on
                         the headers, so it is reproducible;
  --verify DOCS          fails when DOCS (the committed sdk-plugin/docs/)
                         differs from what --build writes.

Names starting with OTELC__ / otelc__ (two underscores) are internal and
skipped, as are include guards and C++ guards. Consecutive one-line
declarations (#define, forward typedefs) with no blank line between them
share the comment above the first: that is how a group of flags is
documented.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
INCLUDE = os.path.join(ROOT, "sdk-plugin", "include", "otelc")
# A "---- section ----" line groups calls; it is no call's contract.
HEADING = re.compile(r"^-+ .* -+$")
THREAD_WORDS = re.compile(r"\bloop\b|any thread|main thread|\bpure\b", re.I)

ORDER = ["otelc.h", "plugin.h", "status.h", "host.h", "data.h",
         "otlp_fields.h", "server.h", "client.h", "exporter.h"]


def headers(include):
    names = sorted(f for f in os.listdir(include) if f.endswith(".h"))
    ordered = [n for n in ORDER if n in names]
    return ordered + [n for n in names if n not in ordered]


class Decl:
    def __init__(self, kind, name, line, text, comment):
        self.kind = kind        # function, macro, struct, enum, typedef
        self.name = name
        self.line = line        # 1-based line of the declaration
        self.text = text        # the declaration (signature), as written
        self.comment = comment  # the comment above it, or None


def strip_comment(lines):
    """Text of a /* */ or // comment block, without the markers."""
    out = []
    for ln in lines:
        s = ln.strip()
        s = re.sub(r"^/\*+\s?", "", s)
        s = re.sub(r"\s?\*+/$", "", s)
        s = re.sub(r"^\*\s?", "", s)
        s = re.sub(r"^//\s?", "", s)
        out.append(s)
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def comment_above(lines, i):
    """The comment ending on line i-1 (0-based i), or None."""
    j = i - 1
    if j < 0:
        return None
    s = lines[j].rstrip()
    if s.strip().startswith("//"):
        k = j
        while k - 1 >= 0 and lines[k - 1].strip().startswith("//"):
            k -= 1
        return strip_comment(lines[k:j + 1])
    if s.endswith("*/"):
        k = j
        while k >= 0 and "/*" not in lines[k]:
            k -= 1
        if k < 0:
            return None
        # A trailing comment on a code line is not a comment above.
        before = lines[k][:lines[k].index("/*")].strip()
        if before:
            return None
        return strip_comment(lines[k:j + 1])
    return None


def public(name):
    return name and not name.lower().startswith("otelc__")


def parse(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    decls = []
    i = 0
    group_comment = None   # comment shared by a run of one-line decls
    seen = set()           # a macro defined in #if / #else is one symbol
    prev_oneliner = False
    while i < len(lines):
        raw = lines[i]
        s = raw.strip()
        start = i
        if not s or s.startswith(("/*", "*", "//")):
            if not s:
                prev_oneliner = False
                group_comment = None
            i += 1
            continue
        if s.startswith("#"):
            m = re.match(r"#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)(\(?)", s)
            end = i
            while lines[end].rstrip().endswith("\\"):
                end += 1
            if m and public(m.group(1)) and not m.group(1).endswith("_H") \
                    and m.group(1) not in seen:
                seen.add(m.group(1))
                text = "\n".join(lines[start:end + 1])
                c = comment_above(lines, start)
                if c is None and prev_oneliner and start == end:
                    c = group_comment
                decls.append(Decl("macro", m.group(1), start + 1, text, c))
                if start == end:
                    group_comment = c
                    prev_oneliner = True
                else:
                    prev_oneliner = False
            else:
                prev_oneliner = False
            i = end + 1
            continue
        if s.startswith(("extern \"C\"", "}")):
            i += 1
            continue
        # A C declaration: read up to its end (';' at depth 0, or the body
        # of a function).
        buf = []
        d = 0
        j = i
        body = False
        while j < len(lines):
            ln = lines[j]
            code = re.sub(r"/\*.*?\*/", "", ln)
            code = re.sub(r"//.*", "", code)
            buf.append(ln)
            d += code.count("{") - code.count("}")
            if d == 0 and code.rstrip().endswith(";"):
                break
            if d == 0 and code.rstrip().endswith("}") and "static inline" in \
                    " ".join(buf):
                body = True
                break
            j += 1
        whole = "\n".join(buf)
        kind, name, sig = classify(whole, body)
        if kind and public(name):
            c = comment_above(lines, start)
            one = start == j
            if c is None and prev_oneliner and one:
                c = group_comment
            decls.append(Decl(kind, name, start + 1, sig, c))
            group_comment, prev_oneliner = (c, True) if one else (None, False)
        else:
            prev_oneliner = False
        i = j + 1
    return decls


def classify(text, body):
    code = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    flat = " ".join(code.split())
    if body or flat.startswith("static inline"):
        head = flat.split("{", 1)[0].strip()
        m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", strip_attrs(head))
        sig = text.split("{", 1)[0].rstrip()
        return ("function", m.group(1) if m else None, sig)
    if flat.startswith("typedef"):
        m = re.search(r"\(\s*\*\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)", flat)
        if m and "{" not in flat:
            return ("typedef", m.group(1), text)
        m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*;\s*$", flat)
        kind = "struct" if re.match(r"typedef\s+struct\s+\w*\s*\{", flat) \
            else "enum" if re.match(r"typedef\s+enum\s+\w*\s*\{", flat) \
            else "typedef"
        return (kind, m.group(1) if m else None, text)
    m = re.match(r"(struct|enum)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(\{|;)", flat)
    if m:
        return (m.group(1), m.group(2), text)
    return (None, None, text)


def strip_attrs(head):
    return re.sub(r"OTELC_PRINTF\([^)]*\)", "", head)


def check(include, quiet=False):
    bad = 0
    total = 0
    for h in headers(include):
        for d in parse(os.path.join(include, h)):
            total += 1
            why = None
            if not d.comment or HEADING.match(d.comment):
                why = "no comment directly above"
            elif d.kind == "function" and not THREAD_WORDS.search(d.comment):
                why = "comment names no thread (loop / any thread / main thread / pure)"
            if why:
                bad += 1
                if not quiet:
                    print("%s:%d: %s %s: %s" % (h, d.line, d.kind, d.name,
                                                why))
    if not quiet:
        print("%d public declarations, %d without a contract" % (total, bad))
    return bad == 0 and total > 0


def anchor(name):
    return name.lower()


def build(include, out):
    os.makedirs(out, exist_ok=True)
    index = ["# otelc plugin SDK reference", "",
             "Generated by `tests/tools/sdk-docs.py --build` from the "
             "comments in `sdk-plugin/include/otelc/*.h`; do not edit. "
             "The rules every call follows are in "
             "[ABI.md](../ABI.md#calling-conventions).", ""]
    for h in headers(include):
        path = os.path.join(include, h)
        with open(path, encoding="utf-8") as f:
            first = f.read().split("\n")
        intro = comment_above(first, next(
            (k + 1 for k, ln in enumerate(first) if ln.rstrip().endswith(
                "*/")), 0)) or ""
        decls = parse(path)
        page = h.replace(".h", ".md")
        index.append("## [`<otelc/%s>`](%s)" % (h, page))
        index.append("")
        summary = intro.split("\n\n", 1)[0].replace("\n", " ")
        index.append(summary)
        index.append("")
        for kind in ("function", "macro", "typedef", "struct", "enum"):
            names = [d.name for d in decls if d.kind == kind]
            if names:
                index.append("- %ss: %s" % (kind, ", ".join(
                    "[`%s`](%s#%s)" % (n, page, anchor(n)) for n in names)))
        index.append("")
        md = ["# `<otelc/%s>`" % h, "", intro, ""]
        for d in decls:
            md.append("## %s" % d.name)
            md.append("")
            md.append("*%s*, `%s` line %d" % (d.kind, h, d.line))
            md.append("")
            md.append("```c")
            md.append(d.text.strip("\n"))
            md.append("```")
            md.append("")
            md.append(d.comment or "**(no contract: `--check` fails)**")
            md.append("")
        with open(os.path.join(out, page), "w", encoding="utf-8") as f:
            f.write("\n".join(md).rstrip() + "\n")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(index).rstrip() + "\n")


def verify(include, docs):
    tmp = tempfile.mkdtemp(prefix="otelc-sdk-docs.")
    try:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        build(include, a)
        build(include, b)
        if subprocess.call(["diff", "-r", a, b]) != 0:
            print("two builds of the reference differ: not reproducible")
            return False
        print("PASS: the reference builds, reproducibly")
        rc = subprocess.call(["diff", "-ru", docs, a])
        if rc != 0:
            print("FAIL: sdk-plugin/docs/ is stale: run tests/tools/"
                  "sdk-docs.py --build sdk-plugin/docs (or the sdk-docs "
                  "target)")
        else:
            print("PASS: sdk-plugin/docs/ matches the headers")
        return rc == 0
    finally:
        shutil.rmtree(tmp)


def selftest(include):
    """--check must pass on the headers and fail once a comment is gone
    (for a function, and for a macro in a group)."""
    ok = check(include, quiet=True)
    print("%s: the headers pass --check" % ("PASS" if ok else "FAIL"))
    cases = [("client.h", "otelc_http_post"), ("status.h", "OTELC_GRPC_STATUS_TABLE"),
             ("plugin.h", "otelc_plugin"), ("host.h", "OTELC_IO_READ")]
    for h, name in cases:
        tmp = tempfile.mkdtemp(prefix="otelc-sdk-docs-selftest.")
        try:
            inc = os.path.join(tmp, "otelc")
            shutil.copytree(include, inc)
            path = os.path.join(inc, h)
            d = next(x for x in parse(path) if x.name == name)
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            i = d.line - 1
            j = i - 1
            while "/*" not in lines[j] and not lines[j].strip().startswith("//"):
                j -= 1
            del lines[j:i]
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            failed = not check(inc, quiet=True)
            print("%s: comment of %s (%s) removed: --check fails" %
                  ("PASS" if failed else "FAIL", name, h))
            ok = ok and failed
        finally:
            shutil.rmtree(tmp)
    return ok


def main(argv):
    include = INCLUDE
    if len(argv) >= 2 and argv[0] == "--include":
        include = argv[1]
        argv = argv[2:]
    if argv == ["--check"]:
        return 0 if check(include) else 1
    if argv == ["--selftest"]:
        return 0 if selftest(include) else 1
    if len(argv) == 2 and argv[0] == "--build":
        build(include, argv[1])
        return 0
    if len(argv) == 2 and argv[0] == "--verify":
        return 0 if verify(include, argv[1]) else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
