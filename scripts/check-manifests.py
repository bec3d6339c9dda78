#!/usr/bin/python3
"""Checks Kubernetes manifests the way a strict API server would, without a cluster.

    check-manifests.py --crds DIR --kubernetes-version 1.31 FILE...

Every document of every FILE is checked by its apiVersion and kind:

* Custom kinds (any group with a folder in DIR) validate against DIR/<group>/<kind>_<version>.json, the
  public CRDs catalog's layout, made strict first: every object schema that lists `properties` and says
  nothing of other keys forbids them (`additionalProperties: false`), as the API server's strict field
  validation does, unless it is marked `x-kubernetes-preserve-unknown-fields`.
* Core kinds (Secret, ConfigMap, Service, Deployment, Job, ...) validate with the PyPI package
  kubernetes-validate for the named Kubernetes version, strictly (unknown fields are errors).

A document may carry `# check-manifests: as <apiVersion> <kind>` on its first line to be checked as that kind
(a merge patch wrapped to look like the object it patches). Prints one line per document and, last,
`manifests: N passed, N failed`; exits 1 when anything failed, 2 when a checker is missing.
"""

import argparse
import copy
import json
import sys
from pathlib import Path

try:
    import jsonschema
    import yaml
except ImportError as error:  # pragma: no cover - depends on the host
    sys.stderr.write(f"check-manifests: {error} (apt-get install python3-jsonschema python3-yaml)\n")
    sys.exit(2)

CORE_GROUPS = {"", "apps", "batch", "policy", "networking.k8s.io", "rbac.authorization.k8s.io"}


def strict(schema):
    """A copy of schema where every object with properties forbids keys it does not list."""
    schema = copy.deepcopy(schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if (
                "properties" in node
                and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")
            ):
                node["additionalProperties"] = False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema


def split_api_version(api_version):
    group, _, version = api_version.rpartition("/")
    return group, version


def check_custom(document, crds):
    group, version = split_api_version(document["apiVersion"])
    path = crds / group / f"{document['kind'].lower()}_{version}.json"
    if not path.exists():
        return [f"no schema {path.relative_to(crds)}"]
    schema = strict(json.loads(path.read_text()))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in validator.iter_errors(document)]


def check_core(document, version):
    try:
        import kubernetes_validate
        from kubernetes_validate.utils import ValidationError, SchemaNotFoundError, InvalidSchemaError
    except ImportError:
        sys.stderr.write("check-manifests: kubernetes-validate is not installed (make deps installs it)\n")
        sys.exit(2)
    try:
        kubernetes_validate.validate(document, version, strict=True)
    except ValidationError as error:
        return [f"{'.'.join(map(str, error.path)) or '<root>'}: {error.message}"]
    except (SchemaNotFoundError, InvalidSchemaError) as error:
        return [str(error)]
    return []


def documents(path):
    text = path.read_text()
    first = text.split("\n", 1)[0]
    marker = "# check-manifests: as "
    for document in yaml.safe_load_all(text):
        if document is None:
            continue
        if first.startswith(marker):
            api_version, kind = first[len(marker):].split()
            document = {"apiVersion": api_version, "kind": kind, "metadata": {"name": "patch"}, **document}
        yield document


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--crds", type=Path, required=True)
    parser.add_argument("--kubernetes-version", required=True)
    parser.add_argument("files", type=Path, nargs="+")
    arguments = parser.parse_args()
    passed = failed = 0
    for path in arguments.files:
        for document in documents(path):
            group, _ = split_api_version(document.get("apiVersion", ""))
            if group in CORE_GROUPS:
                problems = check_core(document, arguments.kubernetes_version)
            else:
                problems = check_custom(document, arguments.crds)
            label = f"{path.name} {document.get('kind')}"
            if problems:
                failed += 1
                for problem in problems:
                    print(f"FAIL {label}: {problem}")
            else:
                passed += 1
                print(f"ok   {label}")
    print(f"manifests: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
