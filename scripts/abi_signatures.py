#!/usr/bin/env python3
"""The C ABI of postventa.h as one line per declaration, and the check of a
header against a stored list (docs/abi.md).

    abi_signatures.py print HEADER            the list, on stdout
    abi_signatures.py check BASELINE HEADER   compares HEADER with BASELINE

Every line is "KEY: TEXT", and the list is sorted, so moving a declaration in
the header changes nothing and a changed signature or layout is a one-line
diff:

    define PV_OK: 0                       a #define with a value
    function pv_add_months: pv_status pv_add_months(pv_date*, pv_date, int32_t)
    struct pv_event[0]: uint32_t struct_size    one line per field, by position
    typedef pv_status: int32_t

Parameter names are left out (C calls by position; renaming one changes
nothing); field names are kept (a renamed field breaks its users' source).
PV_VERSION_MINOR, PV_VERSION_PATCH and PV_VERSION_STRING are left out: they
change in every release. The C view is taken: `#ifdef __cplusplus` blocks are
skipped. Enums are refused: the header uses int32_t typedefs and #defines,
whose size does not depend on the compiler.

`check` classifies the difference. Compatible (exit 0, with a note to refresh
the baseline): a new function, typedef, struct or #define, and fields appended
at the end of a versioned struct (its first field `uint32_t struct_size`)
that no other struct embeds by value. Incompatible (exit 1): anything removed
or changed, and fields appended to an unversioned or embedded struct, whose
size callers allocate. Exit 2: the header could not be read.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Change in every release; PV_VERSION_MAJOR stays (a new major is a break).
UNLISTED_DEFINES = {"PV_EXPORT", "PV_VERSION_MINOR", "PV_VERSION_PATCH", "PV_VERSION_STRING"}
# The first field of a versioned struct (SPEC §9.1: "struct_size (or a version)").
VERSION_FIELDS = {"uint32_t struct_size", "uint32_t version"}

QUALIFIERS = {"const", "volatile", "restrict", "struct", "union", "enum"}
BUILTIN_TYPES = {"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned",
                 "_Bool"}
TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|[A-Za-z_][A-Za-z_0-9]*|[0-9][A-Za-z_0-9.]*|\.\.\.|\S')
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z_0-9]*$")
COMMENT_OR_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"|/\*.*?\*/|//[^\n]*', re.S)
STRUCT_KEY = re.compile(r"struct ([A-Za-z_][A-Za-z_0-9]*)\[([0-9]+)\]$")


class HeaderError(Exception):
    """The header holds something this script cannot list faithfully."""


def _is_word(token: str) -> bool:
    return bool(re.match(r"[A-Za-z_0-9]", token))


def _join(tokens: list[str]) -> str:
    """C tokens as text in one house style: `const char* const* p`, `f(a, b)`."""
    out = ""
    for i, token in enumerate(tokens):
        if i == 0:
            out = token
            continue
        prev = tokens[i - 1]
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in {",", ")", "]", ";", "["} or prev in {"(", "["}:
            sep = ""
        elif token == "*":
            sep = "" if _is_word(prev) or prev in {"*", ")"} else " "
        elif token == "(":  # the declarator of a function pointer: void (*f)(int)
            sep = " " if following == "*" and (_is_word(prev) or prev == "*") else ""
        else:
            sep = "" if prev == "*" and i >= 2 and tokens[i - 2] == "(" else " "
        out += sep + token
    return out


def _split(tokens: list[str], separator: str) -> list[list[str]]:
    """Splits at `separator` outside (), [] and {}."""
    parts: list[list[str]] = [[]]
    depth = 0
    for token in tokens:
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth -= 1
        if token == separator and depth == 0:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _strip_comments(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        s = match.group(0)
        if s.startswith('"'):
            return s
        return " " + "\n" * s.count("\n")  # keep the line structure

    return COMMENT_OR_STRING.sub(replace, text)


def _c_view(text: str) -> tuple[list[tuple[str, str]], str]:
    """The #defines (name, value) and the declarations' text, outside
    `#ifdef __cplusplus` blocks. Other conditionals are read in every branch;
    a declaration made twice is refused later."""
    text = _strip_comments(text).replace("\\\n", " ")
    defines: list[tuple[str, str]] = []
    code: list[str] = []
    stack: list[bool] = []  # per open conditional: is it a __cplusplus block?
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("#"):
            directive = stripped[1:].strip()
            word = re.match(r"[a-z]*", directive).group(0)
            if word in {"if", "ifdef", "ifndef"}:
                stack.append(word != "ifndef" and "__cplusplus" in directive)
            elif word == "else" or word == "elif":
                if stack and stack[-1]:
                    stack[-1] = False  # the C branch of a __cplusplus test
            elif word == "endif":
                if not stack:
                    raise HeaderError("#endif without #if")
                stack.pop()
            elif word == "define" and not any(stack):
                m = re.match(r"define\s+([A-Za-z_][A-Za-z_0-9]*(?:\([^)]*\))?)\s*(.*)$", directive)
                if not m:
                    raise HeaderError(f"unreadable #define: {stripped}")
                name, value = m.group(1), " ".join(m.group(2).split())
                if value and name not in UNLISTED_DEFINES:
                    defines.append((name, value))
            continue
        if not any(stack):
            code.append(line)
    if stack:
        raise HeaderError("unterminated #if")
    return defines, "\n".join(code)


def _strip_parameter_name(tokens: list[str]) -> list[str]:
    if "(" in tokens:  # a function pointer: void (*name)(int)
        for i in range(len(tokens) - 3):
            if tokens[i:i + 2] == ["(", "*"] and IDENTIFIER.match(tokens[i + 2]) \
                    and tokens[i + 3] == ")":
                return tokens[:i + 2] + tokens[i + 3:]
        return tokens
    if "[" in tokens:  # an array: double x[5]
        i = tokens.index("[")
        if i > 1 and IDENTIFIER.match(tokens[i - 1]):
            return tokens[:i - 1] + tokens[i:]
        return tokens
    last = tokens[-1] if tokens else ""
    rest = tokens[:-1]
    if (IDENTIFIER.match(last) and last not in BUILTIN_TYPES and last not in QUALIFIERS
            and any(t not in QUALIFIERS and t != "*" for t in rest)):
        return rest
    return tokens


def _function(tokens: list[str]) -> tuple[str, str]:
    open_paren = tokens.index("(")
    name = tokens[open_paren - 1]
    if tokens[-1] != ")" or not IDENTIFIER.match(name):
        raise HeaderError(f"unreadable function declaration: {_join(tokens)}")
    result = tokens[:open_paren - 1]
    params = [_join(_strip_parameter_name(p)) for p in _split(tokens[open_paren + 1:-1], ",")]
    return f"function {name}", f"{_join(result + [name])}({', '.join(params)})"


def _struct_fields(name: str, body: list[str]) -> list[tuple[str, str]]:
    fields = [f for f in _split(body, ";") if f]
    if not fields:
        raise HeaderError(f"struct {name} has no fields")
    return [(f"struct {name}[{i}]", _join(field)) for i, field in enumerate(fields)]


def _declaration(tokens: list[str]) -> list[tuple[str, str]]:
    text = _join(tokens)
    if tokens[0] == "PV_EXPORT":
        return [_function(tokens[1:])]
    if "enum" in tokens:
        raise HeaderError(f"enums are not part of this ABI (use int32_t and #defines): {text}")
    if "{" in tokens:
        start, end = tokens.index("{"), len(tokens) - 1 - tokens[::-1].index("}")
        head, body, tail = tokens[:start], tokens[start + 1:end], tokens[end + 1:]
        if head[:2] in (["typedef", "struct"], ["typedef", "union"]) and len(tail) == 1:
            tag = head[2] if len(head) == 3 else tail[0]
            return _struct_fields(tag, body) + [(f"typedef {tail[0]}", f"{head[1]} {tag}")]
        if head[:1] in (["struct"], ["union"]) and len(head) == 2 and not tail:
            return _struct_fields(head[1], body)
        raise HeaderError(f"unreadable definition: {text}")
    if tokens[0] == "typedef":
        if "(" in tokens:  # a function pointer type: typedef void (*name)(int)
            i = tokens.index("(")
            if tokens[i + 1] == "*" and IDENTIFIER.match(tokens[i + 2]):
                return [(f"typedef {tokens[i + 2]}", _join(tokens[1:]))]
            raise HeaderError(f"unreadable typedef: {text}")
        return [(f"typedef {tokens[-1]}", _join(tokens[1:-1]))]
    if tokens[0] in {"struct", "union"} and len(tokens) == 2:
        return []  # a forward declaration says nothing about layout
    if "(" in tokens:
        raise HeaderError(f"a function declared without PV_EXPORT: {text}")
    raise HeaderError(f"unrecognised declaration: {text}")


def signatures(header_text: str) -> dict[str, str]:
    """KEY -> TEXT for every declaration of the header's C view."""
    defines, code = _c_view(header_text)
    entries = [(f"define {name}", value) for name, value in defines]
    tokens = TOKEN.findall(code)
    for statement in _split(tokens, ";"):
        if statement:
            entries.extend(_declaration(statement))
    result: dict[str, str] = {}
    for key, value in entries:
        if key in result and result[key] != value:
            raise HeaderError(f"'{key}' is declared twice, differently: a conditional "
                              "declaration has no single ABI")
        result[key] = value
    if not any(key.startswith("function ") for key in result):
        raise HeaderError("no PV_EXPORT function declarations found")
    return result


def _sort_key(key: str) -> tuple[str, str, int]:
    m = STRUCT_KEY.match(key)
    if m:
        return ("struct", m.group(1), int(m.group(2)))
    kind, _, name = key.partition(" ")
    return (kind, name, 0)


def render(entries: dict[str, str], source: str) -> str:
    lines = [f"# The C ABI of {source}, one declaration a line (scripts/abi_signatures.py).",
             "# Generated: refresh with scripts/check_abi.sh --update (docs/abi.md)."]
    lines += [f"{key}: {entries[key]}" for key in sorted(entries, key=_sort_key)]
    return "\n".join(lines) + "\n"


def parse(text: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, value = line.partition(": ")
        if not sep:
            raise HeaderError(f"line {number} of the baseline is not 'KEY: TEXT': {line}")
        entries[key] = value
    return entries


def _by_value_users(struct: str, entries: dict[str, str]) -> list[str]:
    """Fields of other structs that hold `struct` by value (not through a pointer)."""
    names = {struct} | {key.split(" ", 1)[1] for key, value in entries.items()
                        if key.startswith("typedef ") and value in {f"struct {struct}",
                                                                    f"union {struct}"}}
    users = []
    for key, value in entries.items():
        m = STRUCT_KEY.match(key)
        if m and m.group(1) != struct:
            tokens = TOKEN.findall(value)
            if "*" not in tokens and names & set(tokens[:-1]):
                users.append(f"{key}: {value}")
    return users


def compare(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], list[str]]:
    """(incompatible changes, compatible additions) from `old` to `new`."""
    problems: list[str] = []
    additions: list[str] = []
    for key in sorted(old, key=_sort_key):
        if key not in new:
            problems.append(f"removed: {key}: {old[key]}")
        elif old[key] != new[key]:
            problems.append(f"changed: {key}: {old[key]}\n      now: {key}: {new[key]}")
    old_structs = {m.group(1) for m in map(STRUCT_KEY.match, old) if m}
    for key in sorted((k for k in new if k not in old), key=_sort_key):
        line = f"{key}: {new[key]}"
        m = STRUCT_KEY.match(key)
        if not m or m.group(1) not in old_structs:
            additions.append(f"added: {line}")
            continue
        struct = m.group(1)
        if old.get(f"struct {struct}[0]") not in VERSION_FIELDS:
            problems.append(f"field appended to struct {struct}, which does not start with "
                            f"uint32_t struct_size (its callers allocate its old size): {line}")
        elif _by_value_users(struct, new):
            problems.append(f"field appended to struct {struct}, which another struct holds "
                            f"by value ({'; '.join(_by_value_users(struct, new))}): {line}")
        else:
            additions.append(f"appended to versioned struct {struct}: {line}")
    major = "define PV_VERSION_MAJOR"
    if major in old and major in new and old[major] != new[major]:
        problems.append(f"PV_VERSION_MAJOR is now {new[major]}: a new major version may break "
                        "the ABI; refresh the baselines with scripts/check_abi.sh --update")
    return problems, additions


def main(argv: list[str]) -> int:
    try:
        if len(argv) == 2 and argv[0] == "print":
            header = Path(argv[1])
            sys.stdout.write(render(signatures(header.read_text(encoding="utf-8")), header.name))
            return 0
        if len(argv) == 3 and argv[0] == "check":
            baseline, header = Path(argv[1]), Path(argv[2])
            old = parse(baseline.read_text(encoding="utf-8"))
            new = signatures(header.read_text(encoding="utf-8"))
            problems, additions = compare(old, new)
            for line in problems:
                print(f"  INCOMPATIBLE {line}")
            for line in additions:
                print(f"  compatible {line}")
            if problems:
                print(f"{header}: {len(problems)} incompatible change(s) against {baseline}")
                return 1
            if additions:
                print(f"{header}: {len(additions)} compatible addition(s) against {baseline}; "
                      "note: refresh the baseline with scripts/check_abi.sh --update")
            else:
                print(f"{header}: the same {len(new)} declarations as {baseline}")
            return 0
    except (HeaderError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
