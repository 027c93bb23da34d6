#!/usr/bin/env bash
# Integration test for `mixstudy slurm` (npm run test:slurm, run by .ci/run through .ci/slurm).
#
# On a real one-node SLURM cluster on localhost: installs slurm-wlm and munge from Debian's packages, starts a
# private munged and slurmctld + slurmd (own config, ports, state and socket in a temp dir, so an existing
# SLURM or munge on the machine is neither used nor disturbed), generates the batch scripts of a small
# experiment with `mixstudy slurm --array 4`, submits the array job and its dependent merge job exactly as
# printed, waits, re-submits one task alone (it must resume its shard, not start another), and checks that the
# merged replications.ndjson and summary.json are byte-identical to a single-process run of the same config.
#
# Needs root (or passwordless sudo) to install packages and run the daemons; without them, or when apt cannot
# install the packages, it prints a loud SKIP and exits 0. Everything it started is stopped and its temp
# directory removed on exit, pass or fail (TEST_SLURM_KEEP=1 keeps the directory, with configs and logs, for
# debugging). Typical run: about a minute, 15 s of it installing the packages.
set -uo pipefail
cd "$(dirname "$0")/.."
PROJECT=$(pwd)
T0=$(date +%s)
DEADLINE=$((T0 + 300))

log() { printf '[test:slurm %3ss] %s\n' "$(($(date +%s) - T0))" "$*"; }

skip() {
  local bar='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  {
    echo "$bar"
    echo "SKIP: test:slurm needs root to install and start slurm ($1)"
    echo "      The SLURM integration test did NOT run; this is not a pass. Run it as root, or with"
    echo "      passwordless sudo, on a machine that can apt-get install slurm-wlm munge."
    echo "$bar"
  } | tee /dev/stderr
  exit 0
}

# ---------------------------------------------------------------- privileges and packages
if [ "$(id -u)" = 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  skip "not root, and no passwordless sudo"
fi
as_root() { "${SUDO[@]}" "$@"; }

have_slurm() { command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged && command -v mungekey; } >/dev/null 2>&1
if ! have_slurm; then
  command -v apt-get >/dev/null 2>&1 || skip "no apt-get on this machine to install slurm-wlm and munge"
  log "apt-get install slurm-wlm munge"
  apt_log=$(mktemp)
  install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >"$apt_log" 2>&1; }
  if ! install; then
    log "install failed; apt-get update and retry"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$apt_log" 2>&1
    if ! install; then
      tail -n 5 "$apt_log" >&2
      rm -f "$apt_log"
      skip "apt-get could not install slurm-wlm munge"
    fi
  fi
  rm -f "$apt_log"
  have_slurm || skip "slurm-wlm and munge installed, but slurmctld/slurmd/sbatch/munged are not on PATH"
  log "installed in $(($(date +%s) - T0)) s"
fi
[ -f node_modules/.bin/tsx ] || { echo "FAIL: node_modules missing; run npm ci first"; exit 1; }

# ---------------------------------------------------------------- temp dir, cleanup
# Under /tmp but not world-writable itself: munged refuses key files and sockets in insecure directories.
TMP=$(mktemp -d /tmp/mixstudy-slurm-test.XXXXXX)
chmod 755 "$TMP"
PIDS=()    # daemons this script started, stopped in reverse order
JOBS=()    # SLURM jobs this script submitted, cancelled if still there
cleanup() {
  local rc=$?
  if [ ${#JOBS[@]} -gt 0 ] && [ -n "${SLURM_CONF:-}" ]; then
    scancel "${JOBS[@]}" >/dev/null 2>&1
    for _ in $(seq 20); do
      [ -z "$(squeue -h -j "$(IFS=,; echo "${JOBS[*]}")" 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  if [ "${TEST_SLURM_KEEP:-0}" = 1 ]; then echo "kept $TMP (TEST_SLURM_KEEP=1)"; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: test:slurm: $*"
  for f in "$TMP"/log/*.log "$TMP"/slurm/logs/*.out; do
    [ -f "$f" ] || continue
    echo "---- $f (last 25 lines)"
    tail -n 25 "$f"
  done
  exit 1
}

remaining() { echo $((DEADLINE - $(date +%s))); }

mkdir -p "$TMP"/{munge,state,spool,log,work}
chmod 700 "$TMP/munge"

# ---------------------------------------------------------------- munge (private key and socket)
MUNGE_SOCKET=$TMP/munge/munge.socket
mungekey --create --keyfile="$TMP/munge/munge.key" >/dev/null 2>&1 \
  || dd if=/dev/urandom of="$TMP/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$TMP/munge/munge.key"
log "starting munged"
munged --foreground --force --key-file="$TMP/munge/munge.key" --socket="$MUNGE_SOCKET" \
  --pid-file="$TMP/munge/munged.pid" --log-file="$TMP/log/munged.log" --seed-file="$TMP/munge/munged.seed" \
  >>"$TMP/log/munged.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$MUNGE_SOCKET" ] && break; sleep 0.1; done
[ -S "$MUNGE_SOCKET" ] || fail "munged did not create its socket"
munge -n --socket="$MUNGE_SOCKET" | unmunge --socket="$MUNGE_SOCKET" >/dev/null 2>&1 || fail "munge round trip failed"

# ---------------------------------------------------------------- slurm.conf for one node on localhost
HOST=$(hostname -s)
CPUS=$(nproc)
MEM_MB=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
# Ports away from SLURM's defaults (6817/6818), so a real installation on this machine is left alone.
CTLD_PORT=$((16817 + RANDOM % 1000))
SLURMD_PORT=$((CTLD_PORT + 1000))
export SLURM_CONF=$TMP/slurm.conf
cat >"$SLURM_CONF" <<EOF
ClusterName=mixstudytest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/log/slurmctld.log
SlurmdLogFile=$TMP/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups: containers often lack cgroup v2 delegation, and none of this needs them.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# Trust the node line below rather than the hardware probe, so a CPU topology mismatch cannot drain the node.
SlurmdParameters=config_overrides
ReturnToService=2
MailProg=/bin/true
MinJobAge=600
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
# An empty cgroup.conf beside slurm.conf, so nothing reads the system's.
: >"$TMP/cgroup.conf"

log "starting slurmctld and slurmd ($HOST, $CPUS CPUs, ${MEM_MB} MB, ports $CTLD_PORT/$SLURMD_PORT)"
slurmctld -D -i -f "$SLURM_CONF" >>"$TMP/log/slurmctld.stderr.log" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" -N "$HOST" >>"$TMP/log/slurmd.stderr.log" 2>&1 &
PIDS+=($!)

state=""
wait_idle_deadline=$(($(date +%s) + 60))
while :; do
  state=$(sinfo -h -N -n "$HOST" -o '%T' 2>/dev/null | head -n 1)
  [ "$state" = idle ] && break
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a daemon exited (pid $pid) before the node came up"; done
  [ "$(date +%s)" -ge "$wait_idle_deadline" ] && fail "node $HOST not idle after 60 s (sinfo state: '${state:-no answer}')"
  sleep 0.5
done
log "node $HOST is idle"

# ---------------------------------------------------------------- the experiment
WORK=$TMP/work
cat >"$WORK/slurmtest.json" <<'EOF'
{
  "name": "slurmtest",
  "title": "SLURM integration test",
  "seed": 20240917,
  "replications": 12,
  "n": [50, 500],
  "mixtures": [
    { "id": "canonical", "weights": [0.5, 0.5], "means": [[-1], [1]], "sigma": 1 },
    { "id": "skewed", "weights": [0.7, 0.3], "means": [[0], [2.5]], "sigma": 1 }
  ],
  "estimators": [
    { "id": "kmeans", "method": "kmeans-exact" },
    { "id": "mle", "method": "em" }
  ]
}
EOF

log "mixstudy slurm --array 4"
(cd "$WORK" && node "$PROJECT/bin/mixstudy.js" slurm slurmtest.json --array 4 --time 00:10:00 --mem 500M \
  --out "$TMP/slurm" --results "$TMP/results-slurm") >"$TMP/instructions.txt" 2>"$TMP/log/generate.log" \
  || { cat "$TMP/log/generate.log"; fail "mixstudy slurm failed"; }
submit=$(grep -E '^  jid=\$\(sbatch --parsable ' "$TMP/instructions.txt" | head -n 1)
[ -n "$submit" ] || { cat "$TMP/instructions.txt"; fail "mixstudy slurm printed no submit command"; }
grep -q -- '--array=i' "$TMP/instructions.txt" || fail "mixstudy slurm printed no resume command"

log "submitting, as printed:$submit"
(cd / && eval "$submit; echo \"array \${jid%%;*}\"") >"$TMP/submit.out" 2>&1 || { cat "$TMP/submit.out"; fail "submission failed"; }
ARRAY_JOB=$(awk '/^array / { print $2 }' "$TMP/submit.out")
MERGE_JOB=$(awk '/^Submitted batch job/ { print $4 }' "$TMP/submit.out")
[ -n "$ARRAY_JOB" ] && [ -n "$MERGE_JOB" ] || { cat "$TMP/submit.out"; fail "could not read the job ids"; }
JOBS+=("$ARRAY_JOB" "$MERGE_JOB")
log "array job $ARRAY_JOB (4 tasks), merge job $MERGE_JOB (afterok:$ARRAY_JOB)"

# Final state of a job (COMPLETED, FAILED, …) from scontrol; jobs stay listed for MinJobAge seconds.
job_state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort -u | tr '\n' ' '; }

while :; do
  merge_state=$(job_state "$MERGE_JOB")
  case "$merge_state" in
    "COMPLETED ") break ;;
    *FAILED* | *CANCELLED* | *TIMEOUT* | *NODE_FAIL* | *OUT_OF_MEMORY*) fail "merge job $MERGE_JOB ended $merge_state(array tasks: $(job_state "$ARRAY_JOB"))" ;;
  esac
  array_state=$(job_state "$ARRAY_JOB")
  case "$array_state" in
    *FAILED* | *CANCELLED* | *TIMEOUT* | *NODE_FAIL* | *OUT_OF_MEMORY*) fail "array job $ARRAY_JOB: task states $array_state" ;;
  esac
  [ "$(remaining)" -le 0 ] && fail "jobs not done within the time budget (array: $array_state; merge: $merge_state)"
  sleep 1
done
log "array and merge jobs COMPLETED"

# A timed-out task is re-submitted alone; SLURM then reports SLURM_ARRAY_TASK_COUNT=1, and the task must still
# run (here: find complete) shard 2/4 rather than start a new 1-way split.
log "re-submitting task 2 alone (sbatch --array=2 --wait)"
resub=$(cd / && sbatch --parsable --wait --array=2 "$TMP/slurm/slurmtest.sbatch" 2>&1) || fail "re-submitted task 2 failed: $resub"
JOBS+=("${resub%%;*}")
resub_log=$(ls "$TMP"/slurm/logs/slurmtest-"${resub%%;*}"_2.out 2>/dev/null)
grep -q 'shard 2/4' "$resub_log" && grep -q 'resumed from earlier runs' "$resub_log" \
  || { cat "$resub_log"; fail "re-submitted task 2 did not resume shard 2/4"; }
[ ! -e "$TMP/results-slurm/slurmtest/shards/0-of-1" ] || fail "re-submitted task 2 started a 1-way split"

log "single-process reference run"
node "$PROJECT/bin/mixstudy.js" run "$WORK/slurmtest.json" --results "$TMP/results-single" -q -j "$CPUS" \
  2>"$TMP/log/single.log" || { cat "$TMP/log/single.log"; fail "single-process run failed"; }

status=0
for f in replications.ndjson summary.json; do
  if cmp "$TMP/results-slurm/slurmtest/$f" "$TMP/results-single/slurmtest/$f"; then
    log "$f: byte-identical ($(wc -c <"$TMP/results-single/slurmtest/$f") bytes)"
  else
    status=1
  fi
done
[ $status = 0 ] || fail "merged SLURM results differ from the single-process run"
echo "PASS: test:slurm ($(($(date +%s) - T0)) s): 4-task array + merge job on a one-node SLURM cluster, byte-identical to a single-process run"
