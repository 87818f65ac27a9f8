#!/usr/bin/env python3
"""Download pure-Python sdists from PyPI whose self-contained functions `make_data.py --mine-dir` mines.

  python scripts/exec/fetch_sdists.py --out .work/pypi-src            # the list below, ~200 projects
  python scripts/exec/fetch_sdists.py --out .work/pypi-src --projects attrs toolz --limit 10
  python scripts/exec/fetch_sdists.py --out .work/pypi-src --projects-file names.txt   # one project per line
  PYTHONHASHSEED=0 python scripts/exec/make_data.py --generator idiom --mine-dir .work/pypi-src --mined-rounds 2 ...
Sources are unpacked under OUT/NAME/ and never committed; a project already there is not downloaded again.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from clairvoyant.execution import mining
from clairvoyant.training.sdists import fetch_sdist

_NAMES = """
attrs toolz more-itertools boltons funcy inflection humanize python-slugify text-unidecode unidecode
python-dateutil arrow pendulum pytz tzlocal babel parse parsimonious pyparsing lark sqlparse
six future packaging semver semantic-version pyyaml toml tomli tomlkit json5 simplejson jsonschema jsonpointer
jsonpath-ng jmespath glom dpath benedict marshmallow cerberus voluptuous schema pydantic-core
click docopt fire typer colorama termcolor tabulate texttable prettytable rich wcwidth
chardet idna urllib3 requests certifi furl yarl rfc3986 hyperlink validators email-validator
markdown mistune commonmark docutils pygments jinja2 mako chevron pystache
networkx sympy mpmath bitstring bitarray-hash sortedcontainers bidict cachetools frozendict multiset
intervaltree blist pyrsistent immutables ordered-set orderedmultidict boltons-dev
regex-toolkit fuzzywuzzy thefuzz jellyfish textdistance python-levenshtein editdistance rapidfuzz
nltk textblob inflect num2words word2number roman pyroman
faker mimesis hypothesis factory-boy
isort autopep8 pycodestyle pyflakes mccabe pep8-naming flake8 yapf black astor asttokens
wrapt decorator deprecated retrying tenacity backoff
xmltodict untangle defusedxml html5lib beautifulsoup4 soupsieve cssselect
tqdm progressbar2 alive-progress
shortuuid hashids base58 python-baseconv
pyperclip tldextract publicsuffix2 ipaddress netaddr
colour webcolors
dataclasses-json dacite cattrs
toposort graphlib-backport
pathspec wcmatch fnmatch2 glob2 natsort
python-box addict munch easydict dotmap
ply sly
zxcvbn passlib
pint quantities
iso8601 isodate ciso8601-py rfc3339-validator
croniter python-crontab
emoji
pycountry phonenumbers
markupsafe itsdangerous werkzeug
mypy-extensions typing-extensions
diff-match-patch
patsy
more-executors
"""
PROJECTS = _NAMES.split()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(".work/pypi-src"))
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--projects", nargs="*", default=None, help="instead of the built-in list")
    which.add_argument("--projects-file", type=Path, default=None,
                    help="instead of the built-in list: project names, one per line (# starts a comment)")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    if args.projects_file:
        lines = args.projects_file.read_text().splitlines()
        args.projects = [n for n in (line.split("#")[0].strip() for line in lines) if n]
    projects = list(dict.fromkeys(args.projects or PROJECTS))[:args.limit]
    fetched = 0
    for i, name in enumerate(projects):
        src = fetch_sdist(name, args.out / name)
        if src is not None:
            fetched += 1
            found = len(mining.mine([src]))
            print(f"[{i + 1}/{len(projects)}] {name}: {found} functions", flush=True)
    print(f"{fetched} of {len(projects)} projects in {args.out}; "
          f"{len(mining.mine([args.out]))} distinct functions qualify", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
