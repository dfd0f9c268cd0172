# ./duel judge --challenge SLUG --file F [--visible-only]: the worker binary's judge mode
# (same sandbox and harness as a worker, no database). Prints the verdict JSON.
duel_judge() {
  local dll="$ROOT/src/Duel.Sandbox.Worker/bin/Release/net10.0/Duel.Sandbox.Worker.dll"
  if [[ ! -f "$dll" ]] || [[ -n "$(find "$ROOT/src/Duel.Sandbox.Worker" "$ROOT/challenges" -newer "$dll" \
        -not -path '*/bin/*' -not -path '*/obj/*' -type f -print -quit)" ]]; then
    log "building the worker"
    local out
    out="$(dotnet build "$ROOT/src/Duel.Sandbox.Worker" -c Release -v:q -nologo 2>&1)" || { echo "$out" >&2; die "build failed"; }
  fi
  command -v bwrap >/dev/null || die "bubblewrap is not installed (./duel up installs it)"
  dotnet "$dll" judge "$@"
}
