#!/usr/bin/env bash
# Regenerates the committed report of each worked example with the CLI: runs its study.json (fresh) into a
# scratch results folder, writes the full report there, and keeps report.md and the SVG figures in
# examples/<example>/report/ (the images point at the SVGs; index.html, PNGs and Vega-Lite specs are left out
# to keep the repository small — `mixstudy report` writes them all when you run it yourself).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for example in trimmed-kmeans elliptical; do
  config="examples/$example/study.json"
  name=$(node -e "process.stdout.write(JSON.parse(require('fs').readFileSync('$config','utf8')).name)")
  node bin/mixstudy.js run "$config" --results "$scratch/results" --fresh -q
  node bin/mixstudy.js report "$name" --results "$scratch/results" --out "$scratch/$example" >/dev/null
  out="examples/$example/report"
  rm -rf "$out" && mkdir -p "$out/figures"
  sed -e 's/\(figures\/[^)]*\)\.png)/\1.svg)/g' "$scratch/$example/report.md" >"$out/report.md"
  cp "$scratch/$example"/figures/*.svg "$out/figures/"
  echo "$out: $(du -sh "$out" | cut -f1)"
done
