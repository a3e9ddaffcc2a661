# The one environment step, sourced by tools/run and tools/test:
#
#   . tools/env.sh
#   companion_python requirements.lock     # sets PYTHON, installing the lock if needed
#
# Which Python: $PYTHON if set, else the active virtual environment, else
# ./.venv, else the system Python when it already has every pinned package
# (then nothing is installed and the app starts at once). Anything else gets
# a new ./.venv, so a system Python is never changed (and Debian's own, which
# refuses pip under PEP 668, just works).
#
# What: the lock file's exact versions, checked against their hashes. The
# locks are made from pyproject.toml by tools/lock.

say() { printf '%s: %s\n' "${COMPANION_TOOL:-tools}" "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

_apt_updated=""
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    say "please install: $* (no apt-get here)"
    return 1
  fi
  if [ -z "$_apt_updated" ]; then
    as_root apt-get update -qq
    _apt_updated=1
  fi
  say "installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# Exit 0 when every package the lock pins for this platform is installed at
# its pinned version. Uses pip's own copy of packaging: a bare venv has no other.
_lock_satisfied() {
  "$1" - "$2" <<'EOF' 2>/dev/null
import re, sys
from importlib.metadata import PackageNotFoundError, version
try:
    from packaging.markers import Marker
    from packaging.utils import canonicalize_name
except ImportError:
    from pip._vendor.packaging.markers import Marker
    from pip._vendor.packaging.utils import canonicalize_name

pin = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
for line in open(sys.argv[1], encoding="utf-8"):
    m = pin.match(line.strip())
    if not m:
        continue
    name, wanted, marker = m.groups()
    if marker and not Marker(marker).evaluate():
        continue
    try:
        if canonicalize_name(version(name)) != canonicalize_name(wanted):
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
EOF
}

_system_python() {
  if command -v python3 >/dev/null 2>&1; then echo python3
  elif command -v python >/dev/null 2>&1; then echo python
  else say "no Python found: please install Python 3.11 or newer"; return 1
  fi
}

_make_venv() {
  local base="$1"
  if ! "$base" -c 'import venv, ensurepip' 2>/dev/null; then
    apt_install python3-venv || return 1
  fi
  say "making .venv (a private folder for the app's packages; first run only)"
  "$base" -m venv .venv
}

companion_python() {
  local lock="$1"
  if [ -z "${PYTHON:-}" ]; then
    if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
      PYTHON="$VIRTUAL_ENV/bin/python"
    elif [ -x .venv/bin/python ]; then
      PYTHON=.venv/bin/python
    else
      PYTHON="$(_system_python)" || return 1
    fi
  fi
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    say "needs Python 3.11 or newer ($PYTHON is $("$PYTHON" -V 2>&1))"
    return 1
  }
  if _lock_satisfied "$PYTHON" "$lock"; then
    export PYTHON
    return 0
  fi
  # A system Python (not a venv) is left as it is: the packages go in .venv.
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)'; then
    _make_venv "$PYTHON" || return 1
    PYTHON=.venv/bin/python
    _lock_satisfied "$PYTHON" "$lock" && { export PYTHON; return 0; }
  fi
  say "installing the Python packages pinned in $lock (first run, or after an update)"
  # -qq: errors only, so a person sees our one line rather than pip's chatter.
  "$PYTHON" -m pip install -qq --disable-pip-version-check --require-hashes --no-deps \
    -r "$lock" || {
    say "could not install the packages in $lock (see above); is PyPI reachable?"
    return 1
  }
  export PYTHON
}
