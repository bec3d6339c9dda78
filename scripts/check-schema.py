#!/usr/bin/python3
"""Checks schemas/topology.schema.json.

1. The schema is a valid JSON Schema 2020-12 document (meta-schema check).
2. Every examples/*.yaml (and *.yml) validates against it.
3. The schema and the parser agree on the language's keys: for every fixed-key mapping, the schema's
   `properties` equal the keys Sources/TopocModel/Decode/LanguageKeys.swift lists for that mapping path
   (`vms.*.networks.*` style, `*` for a user-chosen name): its `byPath` table, whose lists are the `names:` of
   the typed key enums declared in the same file (`VMKey.names`, and `VMKey.settings` for a subset). Every such mapping is closed
   (`additionalProperties: false`), every key has a `description` (editors show it), and conditions
   (if/then, dependentSchemas) name declared keys only. Free-form maps (labels, config, ports) have no
   `properties` and are skipped.
4. With --invalid DIR: every YAML file in DIR must FAIL validation (error fixtures).

YAML is read the way editors (yaml-language-server) and topoc read it: YAML 1.2 core schema (`on`, `yes`, `no`
are strings, `0644` is the integer 644, no timestamps), duplicate keys are errors, merge keys (`<<`) work.

Runs with Debian's /usr/bin/python3 and needs only python3-jsonschema and python3-yaml. The last line of
output is `schema: N passed, N failed`; the exit status is 1 if anything failed.
"""

import argparse
import difflib
import json
import re
import signal
import sys
from pathlib import Path

try:
    import jsonschema
    import yaml
    from jsonschema import Draft202012Validator
except ImportError as error:  # pragma: no cover - depends on the host
    sys.stderr.write(
        f"check-schema: {error}\n"
        "run it with Debian's /usr/bin/python3 (apt-get install python3-jsonschema python3-yaml)\n"
    )
    sys.exit(2)

REPO = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- YAML, as a YAML 1.2 editor reads it


class CoreLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader with YAML 1.2 core-schema scalars, string keys and duplicate-key errors."""

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping, found {node.id}", node.start_mark)
        seen = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.key_text(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "in a mapping", node.start_mark,
                    f"duplicate key {key!r} (first at line {seen[key].line + 1})", key_node.start_mark)
            seen[key] = key_node.start_mark
        self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            mapping[self.key_text(key_node)] = self.construct_object(value_node, deep=deep)
        return mapping

    def key_text(self, key_node):
        # JSON (and the editor's data model) has string keys only: a key is the text written.
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a scalar", key_node.start_mark)
        return key_node.value


def _core_int(loader, node):
    text = loader.construct_scalar(node)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


CoreLoader.yaml_implicit_resolvers = {}
for _tag, _regex, _first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
    ("tag:yaml.org,2002:merge", r"^<<$", ["<"]),
]:
    CoreLoader.add_implicit_resolver(_tag, re.compile(_regex), _first)
CoreLoader.add_constructor("tag:yaml.org,2002:int", _core_int)


def load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=CoreLoader)  # noqa: S506 - CoreLoader is a SafeLoader


# --------------------------------------------------------------------------- validation


def dotted(parts):
    return ".".join(str(part) for part in parts) or "(top level)"


def most_relevant(error):
    """The error to show: like jsonschema's best_match, but on a tie inside anyOf/oneOf it takes the first
    alternative instead of giving up at the parent."""
    def key(candidate):
        # Among equals, a wrong type (`null` in `anyOf: [null, {...}]`) or format says least.
        return (jsonschema.exceptions.relevance(candidate), candidate.validator == "type",
                candidate.validator == "format")

    while error.context:
        error = sorted(error.context, key=key)[0]
    return error


def resolve(schema, reference):
    """The subschema a local `$ref` (`#/$defs/name`, a JSON pointer) points at; KeyError if there is none."""
    if not reference.startswith("#"):
        raise KeyError(f"only local $refs are supported, not {reference!r}")
    node = schema
    for part in reference[1:].split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        try:
            node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, ValueError, TypeError):
            raise KeyError(f"$ref {reference!r} points at nothing") from None
    return node


def schema_trail(schema, parts):
    """The schemas along an error's absolute schema path, from the root, following $refs."""
    node = schema
    trail = [node]
    for part in parts:
        while isinstance(node, dict) and part not in node and "$ref" in node:
            node = resolve(schema, node["$ref"])
        node = node[part]
        trail.append(node)
    return trail


def explain(validator, error):
    """One line for a validation error, as close to what an editor would say as is cheap: the schema's own
    messages (patternErrorMessage, errorMessage, deprecationMessage) where it has them."""
    error = most_relevant(error)
    where = dotted(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "pattern" and "patternErrorMessage" in schema:
        return f"{where}: {error.instance!r} is {schema['patternErrorMessage']}"
    if error.validator == "not" and "deprecationMessage" in schema:
        return f"{where}: {schema['deprecationMessage']}"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        notes = []
        for key in error.instance:
            if key in known or any(re.search(p, key) for p in patterns):
                continue
            close = difflib.get_close_matches(key, known, n=1)
            notes.append(f"unknown key {key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        if notes:
            return f"{where}: " + "; ".join(notes)
    if error.schema is False:  # `properties: {key: false}`, e.g. in a conditional: its holder may explain
        try:
            holder = schema_trail(validator.schema, list(error.absolute_schema_path))[-3]
        except (KeyError, IndexError, TypeError):
            holder = {}
        if isinstance(holder, dict) and "errorMessage" in holder:
            return f"{where}: {holder['errorMessage']}"
    if "errorMessage" in schema:
        return f"{where}: {schema['errorMessage']}"
    if error.validator == "oneOf" and "description" in schema:
        return f"{where}: matches more than one alternative; {schema['description']}"
    message = error.message
    if len(message) > 240:
        message = message[:237] + "..."
    return f"{where}: {message}"


def validate_file(validator, path):
    """The list of problems with one YAML file (empty when it is valid)."""
    try:
        document = load_yaml(path)
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as error:
        return [f"not readable as YAML: {' '.join(str(error).split())}"]
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    return [explain(validator, error) for error in errors]


def yaml_files(directory):
    return sorted(p for p in Path(directory).iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


# --------------------------------------------------------------------------- LanguageKeys.swift


_SWIFT_TOKEN = re.compile(
    r'\s+|//[^\n]*|/\*.*?\*/|(?P<string>"(?:[^"\\\n]|\\.)*")|(?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)'
    r"|(?P<punct>[\[\](){},:=+<>?])|(?P<other>.)",
    re.S,
)


def _swift_tokens(text):
    tokens = []
    for match in _SWIFT_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue  # whitespace or comment
        value = match.group(kind)
        if kind == "string":
            value = json.loads(value)  # Swift and JSON agree on the escapes used in key names
        tokens.append((kind, value))
    return tokens


_KEY_ENUM = re.compile(r"public enum (?P<name>\w+): String, \w+ \{(?P<body>.*?)\n\}", re.S)
_KEY_SUBSET = re.compile(r"static let (?P<subset>\w+): \[Self\] = \[(?P<items>.*?)\]", re.S)
_KEY_CASE = re.compile(r'^\s*`?(?P<case>\w+)`?(?:\s*=\s*"(?P<raw>[^"]*)")?\s*$')


def key_enums(text):
    """`Enum.names` (and `Enum.<subset>.names`) of every typed key enum: its `case`s in order, each named by its
    raw value (the case's own name unless it has `= "..."`); `static let subset: [Self] = [.a, .b]` names a
    subset of those cases."""
    values = {}
    for match in _KEY_ENUM.finditer(text):
        enum, body = match.group("name"), match.group("body")
        by_case = {}
        for line in body.splitlines():
            line = line.strip()
            if not line.startswith("case "):
                continue
            for item in line[len("case ") :].split(","):
                found = _KEY_CASE.match(item)
                if found is None:
                    raise ValueError(f"LanguageKeys.swift: {enum}: cannot read `{item.strip()}`")
                by_case[found.group("case")] = found.group("raw") or found.group("case")
        values[f"{enum}.names"] = list(by_case.values())
        for subset in _KEY_SUBSET.finditer(body):
            chosen = [item.strip().lstrip(".") for item in subset.group("items").split(",") if item.strip()]
            unknown = [case for case in chosen if case not in by_case]
            if unknown:
                raise ValueError(f"LanguageKeys.swift: {enum}.{subset.group('subset')} names unknown cases {unknown}")
            values[f"{enum}.{subset.group('subset')}.names"] = [by_case[case] for case in chosen]
    return values


class SwiftLiteralParser:
    """Reads the `static let NAME = <expr>` declarations of the `LanguageKeys` enum of LanguageKeys.swift, where an
    expression is a string, an array or dictionary literal, a name declared earlier (or a key enum's `names`), or
    a `+` of those."""

    def __init__(self, text):
        start = text.find("public enum LanguageKeys {")
        end = text.find("\n}\n", start)
        if start < 0 or end < 0:
            raise ValueError("LanguageKeys.swift: no `public enum LanguageKeys { ... }`")
        self.tokens = _swift_tokens(text[start:end])
        self.index = 0
        self.values = key_enums(text)

    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if token[0] is None or (value is not None and token[1] != value):
            raise ValueError(f"LanguageKeys.swift: expected {value or 'a token'}, found {token[1]!r}")
        self.index += 1
        return token

    def parse(self):
        while self.index < len(self.tokens):
            kind, value = self.take()
            if kind != "ident" or value != "let":
                continue
            _, name = self.take()
            if self.peek()[1] == ":":  # a type annotation such as `[String: [String]]`
                depth = 0
                while not (depth == 0 and self.peek()[1] == "="):
                    _, skipped = self.take()
                    depth += {"[": 1, "(": 1, "<": 1, "]": -1, ")": -1, ">": -1}.get(skipped, 0)
            self.take("=")
            self.values[name] = self.expression()
        return self.values

    def expression(self):
        value = self.term()
        while self.peek()[1] == "+":
            self.take("+")
            right = self.term()
            if type(value) is not type(right):
                raise ValueError("LanguageKeys.swift: `+` of different kinds of values")
            value = value + right
        return value

    def term(self):
        kind, value = self.take()
        if kind == "string":
            return value
        if kind == "ident":
            # `VMKey.names` as it is; `Self.pod`, `LanguageKeys.pod` by their last part.
            name = value if value in self.values else value.split(".")[-1]
            if name not in self.values:
                raise ValueError(f"LanguageKeys.swift: {value!r} is used before it is declared")
            return self.values[name]
        if value == "[":
            if self.peek()[1] == ":":  # `[:]`, the empty dictionary
                self.take(":")
                self.take("]")
                return {}
            items, pairs = [], {}
            while self.peek()[1] != "]":
                item = self.expression()
                if self.peek()[1] == ":":
                    self.take(":")
                    if item in pairs:
                        raise ValueError(f"LanguageKeys.swift: path {item!r} is listed twice")
                    pairs[item] = self.expression()
                else:
                    items.append(item)
                if self.peek()[1] == ",":
                    self.take(",")
                elif self.peek()[1] != "]":
                    raise ValueError(f"LanguageKeys.swift: expected ',' or ']', found {self.peek()[1]!r}")
            self.take("]")
            if items and pairs:
                raise ValueError("LanguageKeys.swift: a literal mixes list items and dictionary pairs")
            return pairs if pairs else items
        raise ValueError(f"LanguageKeys.swift: unexpected {value!r}")


def parser_keys(path):
    values = SwiftLiteralParser(Path(path).read_text(encoding="utf-8")).parse()
    by_path = values.get("byPath")
    if not isinstance(by_path, dict):
        raise ValueError("LanguageKeys.swift: no `byPath` dictionary")
    return by_path


# --------------------------------------------------------------------------- the schema's keys


def schema_keys(schema):
    """(path -> list of key lists, problems): the `properties` of every fixed-key mapping reachable from the root,
    by mapping path, following $ref, allOf/anyOf/oneOf and user-named maps (`*`). Subschemas that only constrain
    a mapping declared elsewhere (if/then/else, dependentSchemas, not) may name only keys declared at their path."""
    found = {}
    mentioned = {}
    problems = []

    def join(path, key):
        return key if path == "" else f"{path}.{key}"

    def described(node, depth=0):
        if not isinstance(node, dict) or depth > 16:
            return False
        return bool(node.get("description")) or ("$ref" in node and described(resolve(schema, node["$ref"]), depth + 1))

    def walk(node, path, trail, declaring=True, depth=0):
        if not isinstance(node, dict) or depth > 64:
            return
        if "$ref" in node:
            walk(resolve(schema, node["$ref"]), path, node["$ref"], declaring, depth + 1)
        if "properties" in node:
            if declaring:
                found.setdefault(path, []).append(list(node["properties"]))
                if node.get("additionalProperties") is not False and node.get("unevaluatedProperties") is not False:
                    problems.append(f"{path or '(top level)'} ({trail}): a fixed-key mapping without "
                                    "`additionalProperties: false`")
                for key, sub in node["properties"].items():
                    if not described(sub):
                        problems.append(f"{join(path, key)} ({trail}/properties/{key}): no `description` "
                                        "(editors show it on hover)")
            else:
                mentioned.setdefault(path, {}).update({key: trail for key in node["properties"]})
            for key, sub in node["properties"].items():
                walk(sub, join(path, key), f"{trail}/properties/{key}", declaring, depth + 1)
        for sub in node.get("patternProperties", {}).values():
            walk(sub, join(path, "*"), f"{trail}/patternProperties", declaring, depth + 1)
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], join(path, "*"), f"{trail}/additionalProperties", declaring, depth + 1)
        for keyword in ("allOf", "anyOf", "oneOf"):
            for i, sub in enumerate(node.get(keyword, [])):
                walk(sub, path, f"{trail}/{keyword}/{i}", declaring, depth + 1)
        for keyword in ("if", "then", "else", "not"):
            walk(node.get(keyword), path, f"{trail}/{keyword}", False, depth + 1)
        for key, sub in node.get("dependentSchemas", {}).items():
            walk(sub, path, f"{trail}/dependentSchemas/{key}", False, depth + 1)
        walk(node.get("items"), join(path, "[]"), f"{trail}/items", declaring, depth + 1)
        for i, sub in enumerate(node.get("prefixItems", [])):
            walk(sub, join(path, "[]"), f"{trail}/prefixItems/{i}", declaring, depth + 1)

    walk(schema, "", "#")
    for path, keys in sorted(mentioned.items()):
        declared = set().union(*map(set, found.get(path, [])))
        for key, trail in sorted(keys.items()):
            if key not in declared:
                problems.append(f"{path or '(top level)'} ({trail}): constrains `{key}`, which is not declared there")
    return found, list(dict.fromkeys(problems))


def compare_keys(schema, keys_path):
    """(results, problems): one (path, ok, messages) per mapping path, plus problems found on the way."""
    expected = parser_keys(keys_path)
    found, problems = schema_keys(schema)
    results = []
    for path in sorted(set(expected) | set(found), key=lambda p: (p.count("."), p)):
        label = path or "(top level)"
        messages = []
        if path not in found:
            messages.append("in LanguageKeys.swift, but no fixed-key mapping at this path in the schema")
        elif path not in expected:
            messages.append(f"in the schema ({', '.join(found[path][0])}), but not in LanguageKeys.swift")
        else:
            want = expected[path]
            duplicated = sorted({k for k in want if want.count(k) > 1})
            if duplicated:
                messages.append(f"LanguageKeys.swift lists {', '.join(duplicated)} twice")
            variants = {tuple(sorted(keys)) for keys in found[path]}
            if len(variants) > 1:
                messages.append(f"the schema has {len(variants)} different key sets at this path")
            have = set().union(*map(set, found[path]))
            only_parser = [k for k in want if k not in have]
            only_schema = sorted(have - set(want))
            if only_parser:
                messages.append(f"keys only in LanguageKeys.swift: {', '.join(only_parser)}")
            if only_schema:
                messages.append(f"keys only in the schema: {', '.join(only_schema)}")
        results.append((label, not messages, messages))
    return results, problems


# --------------------------------------------------------------------------- main


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schema", default=REPO / "schemas" / "topology.schema.json", type=Path)
    parser.add_argument("--examples", default=REPO / "examples", type=Path,
                        help="directory of labs that must validate (default: examples/)")
    parser.add_argument("--keys", default=REPO / "Sources" / "TopocModel" / "Decode" / "LanguageKeys.swift",
                        type=Path, help="the parser's key table")
    parser.add_argument("--invalid", type=Path, metavar="DIR",
                        help="directory of YAML files that must each fail validation")
    parser.add_argument("-q", "--quiet", action="store_true", help="print failures and the summary only")
    args = parser.parse_args(argv)

    passed = failed = 0

    def report(ok, label, details=()):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
        if not ok or not args.quiet:
            print(f"{'ok  ' if ok else 'FAIL'} {label}")
            for line in details:
                print(f"       {line}")

    def shown(path):
        try:
            return str(path.resolve().relative_to(REPO))
        except ValueError:
            return str(path)

    # 1. The schema itself.
    try:
        schema = json.loads(args.schema.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        report(False, f"{args.schema}: {error}")
        print(f"schema: {passed} passed, {failed} failed")
        return 1
    try:
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            raise jsonschema.exceptions.SchemaError(f"$schema is {schema.get('$schema')!r}, not 2020-12")
        Draft202012Validator.check_schema(schema)
        for reference in sorted(set(re.findall(r'"\$ref":\s*"([^"]*)"', json.dumps(schema)))):
            resolve(schema, reference)
        report(True, "meta-schema: valid JSON Schema 2020-12, every $ref resolves")
    except (jsonschema.exceptions.SchemaError, KeyError) as error:
        report(False, "meta-schema", [" ".join(str(error).split())[:400]])
        print(f"schema: {passed} passed, {failed} failed")
        return 1
    validator = Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    # 2. The examples.
    examples = yaml_files(args.examples) if args.examples.is_dir() else []
    if not args.quiet:
        print(f"examples: {len(examples)} file(s) in {shown(args.examples)}/")
    for path in examples:
        problems = validate_file(validator, path)
        report(not problems, f"valid   {shown(path)}", problems)

    # 3. Schema keys == parser keys.
    try:
        results, problems = compare_keys(schema, args.keys)
    except (OSError, ValueError, KeyError, IndexError) as error:
        report(False, f"keys    {shown(args.keys)}", [str(error)])
    else:
        for label, ok, messages in results:
            report(ok, f"keys    {label}", messages)
        report(not problems, "closed  every fixed-key mapping has additionalProperties: false and described keys; "
               "conditions name declared keys only", problems)

    # 4. Error fixtures.
    if args.invalid is not None:
        fixtures = yaml_files(args.invalid) if args.invalid.is_dir() else []
        if not fixtures:
            report(False, f"invalid {shown(args.invalid)}: no YAML files")
        for path in fixtures:
            problems = validate_file(validator, path)
            if problems:
                report(True, f"rejects {shown(path)}", problems[:3])
            else:
                report(False, f"rejects {shown(path)}", ["validates, but must not"])

    print(f"schema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `check-schema.py | head` ends quietly
    sys.exit(main())
