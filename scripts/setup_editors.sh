#!/usr/bin/env bash
# What the editor end-to-end tests need, installed into git-ignored folders; idempotent and quick when done:
#   - Debian packages: chromium (driven by Playwright), neovim 0.7.2, emacs + eglot, build deps of code-server's
#     native modules
#   - .e2e/vscode/node_modules: code-server 4.100.3 (VS Code 1.100.3, the last release for Node 20) + playwright-core,
#     pinned by tests/editors/vscode/package{,-lock}.json
#   - vscode-extension/node_modules (npm ci), the bundle out/extension.js and the package .build/clairvoyant.vsix
# Called by `scripts/setup.sh --editors`. Needs Node.js 20 and npm (the machine's, or Debian's nodejs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E2E=$ROOT/.e2e
VSIX=$ROOT/.build/clairvoyant.vsix
log() { printf '\033[1m[setup-editors]\033[0m %s\n' "$*" >&2; }
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"

# ---- Debian packages -------------------------------------------------------------------------------------------
apt_packages=(chromium neovim emacs-nox elpa-eglot libkrb5-dev ripgrep build-essential pkg-config python3)
command -v node >/dev/null || apt_packages+=(nodejs)
command -v npm >/dev/null || apt_packages+=(npm)
missing=()
for pkg in "${apt_packages[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [[ $node_major != 20 ]]; then
  echo "setup_editors.sh: code-server 4.100.3 needs Node.js 20, found $(node --version)" >&2
  exit 1
fi

# npm settings for installs as root on an offline machine (see docs/editors.md, "Building from source"):
export npm_config_unsafe_perm=true    # code-server's postinstall refuses root without it
export npm_config_yes=true            # node-pty's postinstall runs `npx node-gyp`
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
[[ -f /usr/include/node/node.h ]] && export npm_config_nodedir=/usr   # node-gyp builds without downloading headers
export TMPDIR=$ROOT/.tmp
mkdir -p "$TMPDIR" "$E2E" "$ROOT/.build"

# Stamp files hold a hash of the inputs of a step; the step is skipped when the hash is unchanged.
hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }
up_to_date() { [[ -f $1 && $(cat "$1") == "$2" ]]; }

# ---- code-server + playwright-core -----------------------------------------------------------------------------
cs_hash=$(hash_of tests/editors/vscode/package.json tests/editors/vscode/package-lock.json)
if ! up_to_date "$E2E/vscode.stamp" "$cs_hash" || [[ ! -x $E2E/vscode/node_modules/.bin/code-server ]]; then
  log "installing code-server and playwright-core into .e2e/vscode (about a minute)"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache has it: seed the cache with Debian's rg.
  rg_cache=$TMPDIR/vscode-ripgrep-cache-1.15.11
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  rm -rf "$E2E/vscode"
  mkdir -p "$E2E/vscode"
  cp tests/editors/vscode/package.json tests/editors/vscode/package-lock.json "$E2E/vscode/"
  (cd "$E2E/vscode" && npm ci --foreground-scripts --loglevel=error >"$E2E/vscode-install.log" 2>&1) || {
    tail -40 "$E2E/vscode-install.log" >&2
    echo "setup_editors.sh: npm ci of code-server failed (log: $E2E/vscode-install.log)" >&2
    exit 1
  }
  echo "$cs_hash" >"$E2E/vscode.stamp"
fi

# ---- the VS Code extension -------------------------------------------------------------------------------------
cd "$ROOT/vscode-extension"
deps_hash=$(hash_of package.json package-lock.json)
if ! up_to_date node_modules/.stamp "$deps_hash"; then
  log "npm ci in vscode-extension"
  npm ci --loglevel=error 2>&1 | grep -v "^npm warn Unknown" || true
  [[ -d node_modules/vscode-languageclient ]] || { echo "setup_editors.sh: npm ci in vscode-extension failed" >&2; exit 1; }
  echo "$deps_hash" >node_modules/.stamp
fi
src_hash=$(hash_of package.json package-lock.json tsconfig.json .vscodeignore README.md LICENSE \
  $(find src language -type f | sort))
if ! up_to_date "$ROOT/.build/vsix.stamp" "$src_hash" || [[ ! -f $VSIX ]]; then
  log "type-checking, bundling and packaging the extension"   # vsce runs the vscode:prepublish script
  npx --no-install vsce package --no-dependencies --out "$VSIX" >"$ROOT/.build/vsce.log" 2>&1 || {
    cat "$ROOT/.build/vsce.log" >&2
    echo "setup_editors.sh: building the extension failed" >&2
    exit 1
  }
  echo "$src_hash" >"$ROOT/.build/vsix.stamp"
fi
log "ready: $VSIX, $E2E/vscode/node_modules/.bin/code-server"
