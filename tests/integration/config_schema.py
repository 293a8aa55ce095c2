#!/usr/bin/python3
"""Checks `otelc components --config-schema` against real configs.

Every component section of every configs/*.yaml (the otlp receivers
first of all) must validate against its component's JSON Schema, and
sections with an unknown key or a wrongly typed value must not. Runs with
Debian's python3 (python3-jsonschema, python3-yaml)."""
import glob
import json
import os
import subprocess
import sys

import jsonschema
import yaml

otelc, configs = sys.argv[1], sys.argv[2]
passed = failed = 0
schemas = {}


def ok(msg):
    global passed
    passed += 1
    print("ok   " + msg)


def bad(msg):
    global failed
    failed += 1
    print("FAIL " + msg)


def schema(kind, typ):
    key = kind + "/" + typ
    if key not in schemas:
        out = subprocess.run([otelc, "components", "--config-schema", key],
                             capture_output=True, text=True)
        if out.returncode != 0:
            schemas[key] = None
            bad("%s: no schema: %s" % (key, out.stderr.strip()))
        else:
            s = json.loads(out.stdout)
            jsonschema.Draft202012Validator.check_schema(s)
            schemas[key] = jsonschema.Draft202012Validator(s)
    return schemas[key]


def errors(kind, typ, section):
    v = schema(kind, typ)
    return None if v is None else [e.message for e in v.iter_errors(section)]


kinds = {"receivers": "receiver", "processors": "processor",
         "exporters": "exporter"}
otlp_sections = 0
for path in sorted(glob.glob(os.path.join(configs, "*.yaml"))):
    with open(path) as f:
        cfg = yaml.safe_load(f)
    for section, kind in kinds.items():
        for cid, body in (cfg.get(section) or {}).items():
            typ = cid.split("/")[0]
            errs = errors(kind, typ, body)
            if errs is None:
                continue
            if kind == "receiver" and typ == "otlp":
                otlp_sections += 1
            name = "%s %s.%s" % (os.path.basename(path), section, cid)
            if errs:
                bad("%s does not validate: %s" % (name, "; ".join(errs)))
            else:
                ok("%s validates" % name)
if otlp_sections > 0:
    ok("%d otlp receiver sections checked" % otlp_sections)
else:
    bad("no otlp receiver section found in %s" % configs)

# The bare type names the component whose own type it is: `otlp` is the
# receiver, not the otlp_grpc exporter's deprecated alias.
out = subprocess.run([otelc, "components", "--config-schema", "otlp"],
                     capture_output=True, text=True)
if out.returncode == 0 and json.loads(out.stdout) == \
        json.loads(subprocess.run(
            [otelc, "components", "--config-schema", "receiver/otlp"],
            capture_output=True, text=True).stdout):
    ok("--config-schema otlp is the otlp receiver's schema")
else:
    bad("--config-schema otlp: exit %d: %s" % (out.returncode,
                                                out.stderr.strip()))

# What the schema must refuse, as `otelc validate` does.
refused = [
    ("unknown key", {"protocols": {"grpc": {"endpoint": "x:1", "bogus": 1}}}),
    ("unknown top-level key", {"protocol": {"grpc": None}}),
    ("endpoint of the wrong type", {"protocols": {"http": {"endpoint": [1]}}}),
    ("bool of the wrong type",
     {"protocols": {"grpc": {"include_metadata": "yes"}}}),
    ("TLS version not allowed",
     {"protocols": {"grpc": {"tls": {"min_version": "1.0"}}}}),
    ("duration that is not one",
     {"protocols": {"http": {"read_timeout": "soon"}}}),
    ("url path that is a map", {"protocols": {"http": {"traces_url_path": {}}}}),
]
for what, section in refused:
    errs = errors("receiver", "otlp", section)
    if errs:
        ok("schema refuses %s (%s)" % (what, errs[0]))
    else:
        bad("schema accepts %s: %r" % (what, section))
accepted = [
    ("empty grpc", {"protocols": {"grpc": None}}),
    ("both protocols, CORS and TLS",
     {"protocols": {"grpc": {"endpoint": "0.0.0.0:4317",
                             "keepalive": {"server_parameters":
                                           {"time": "30s"}}},
                    "http": {"endpoint": "0.0.0.0:4318",
                             "cors": {"allowed_origins": ["*"]},
                             "tls": {"cert_file": "c", "key_file": "k"},
                             "traces_url_path": "/t"}}}),
]
for what, section in accepted:
    errs = errors("receiver", "otlp", section)
    if errs == []:
        ok("schema accepts %s" % what)
    else:
        bad("schema refuses %s: %s" % (what, errs))

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
