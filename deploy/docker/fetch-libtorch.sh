#!/bin/sh
# Downloads DJL's build of libtorch for one PyTorch version and flavor (e.g. 2.7.1 cu128) into a
# directory, the same files, from the same place, that DJL's PyTorch engine would fetch at run time
# (https://publish.djl.ai/pytorch/<version>/files.txt lists them, each file gzipped).
#
#   fetch-libtorch.sh <pytorch-version> <flavor> <target-dir> [classifier]
#
# Used by deploy/Dockerfile.cuda; run it on any host with internet access to prepare the directory
# for an air-gapped build (see deploy/README.md). The processor then loads the directory through
# PYTORCH_LIBRARY_PATH with PYTORCH_FLAVOR and PYTORCH_VERSION set, and needs no network.
set -eu

version=${1:?pytorch version, e.g. 2.7.1}
flavor=${2:?flavor, e.g. cu128}
target=${3:?target directory}
classifier=${4:-linux-x86_64}
base="https://publish.djl.ai/pytorch/${version}"

mkdir -p "$target"
list=$(curl -fsSL "${base}/files.txt")
files=$(printf '%s\n' "$list" | grep "^${flavor}/${classifier}/native/lib/" || true)
if [ -z "$files" ]; then
  echo "no libtorch files for ${flavor}/${classifier} in ${base}/files.txt" >&2
  exit 1
fi
for f in $files; do
  name=$(basename "$f" .gz)
  echo "fetching ${base}/${f}"
  curl -fsSL "${base}/${f}" | gunzip > "${target}/${name}"
done
test -f "${target}/libtorch.so" || { echo "libtorch.so missing after download" >&2; exit 1; }
echo "libtorch ${version} ${flavor} in ${target}:"
ls -l "$target"
