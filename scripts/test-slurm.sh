#!/usr/bin/env bash
# Integration test for `mixstudy slurm` (npm run test:slurm, run by .ci/run through .ci/slurm).
#
# On a real one-node SLURM cluster on localhost: installs slurm-wlm and munge from Debian's packages, starts a
# private munged and slurmctld + slurmd (own config, ports, state and socket in a temp dir, so an existing
# SLURM or munge on the machine is neither used nor disturbed), generates the batch scripts of a small
# experiment with `mixstudy slurm --array 4`, submits the array job and its dependent merge job exactly as
# printed, interrupts one task mid-shard (SIGINT, as SLURM's pre-timeout signal does), checks that the merge job
# is held back, recovers with the printed re-submit command (the task must resume its shard), and checks that
# the merged replications.ndjson and summary.json are byte-identical to a single-process run of the same config.
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
  echo "$bar"
  echo "SKIP: test:slurm needs root to install and start slurm ($1)"
  echo "      The SLURM integration test did NOT run; this is not a pass. Run it as root, or with"
  echo "      passwordless sudo, on a machine that can apt-get install slurm-wlm munge."
  echo "$bar"
  exit 0
}

# ---------------------------------------------------------------- privileges and packages
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    # The daemons must run as root too, so the whole test does; keep the caller's PATH (node, npm).
    exec sudo -n env "PATH=$PATH" "TEST_SLURM_KEEP=${TEST_SLURM_KEEP:-0}" bash "$0" "$@"
  fi
  skip "not root, and no passwordless sudo"
fi

have_slurm() { command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged && command -v mungekey; } >/dev/null 2>&1
if ! have_slurm; then
  command -v apt-get >/dev/null 2>&1 || skip "no apt-get on this machine to install slurm-wlm and munge"
  log "apt-get install slurm-wlm munge"
  apt_log=$(mktemp)
  apt_install() { env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >"$apt_log" 2>&1; }
  if ! apt_install; then
    log "install failed; apt-get update and retry"
    env DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$apt_log" 2>&1
    if ! apt_install; then
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
chmod 711 "$TMP/munge"

# ---------------------------------------------------------------- munge (private key and socket)
MUNGE_SOCKET=$TMP/munge/munge.socket
mungekey --create --keyfile="$TMP/munge/munge.key" >/dev/null 2>&1 \
  || dd if=/dev/urandom of="$TMP/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$TMP/munge/munge.key"
log "starting munged"
# --force: a throwaway daemon on a private socket; do not let unusual /tmp permissions stop the test.
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
# Sized so that each shard computes for several seconds (n = 100000 dominates), leaving ample time to catch
# one task in the middle of its shard.
WORK=$TMP/work
cat >"$WORK/slurmtest.json" <<'JSON'
{
  "name": "slurmtest",
  "title": "SLURM integration test",
  "seed": 20240917,
  "replications": 24,
  "n": [50, 500, 100000],
  "mixtures": [
    { "id": "canonical", "weights": [0.5, 0.5], "means": [[-1], [1]], "sigma": 1 },
    { "id": "skewed", "weights": [0.7, 0.3], "means": [[0], [2.5]], "sigma": 1 }
  ],
  "estimators": [
    { "id": "kmeans", "method": "kmeans-exact" },
    { "id": "mle", "method": "em" }
  ]
}
JSON
ROWS_PER_TASK=6    # 3 sample sizes × 2 estimators
TASKS_PER_SHARD=12 # 2 mixtures × 24 replications / 4 shards

log "mixstudy slurm --array 4"
(cd "$WORK" && node "$PROJECT/bin/mixstudy.js" slurm slurmtest.json --array 4 --time 00:10:00 --mem 1G \
  --out "$TMP/slurm" --results "$TMP/results-slurm") >"$TMP/instructions.txt" 2>"$TMP/log/generate.log" \
  || { cat "$TMP/log/generate.log"; fail "mixstudy slurm failed"; }
submit=$(grep -E '^  jid=\$\(sbatch --parsable /' "$TMP/instructions.txt" | head -n 1)
resume=$(grep -E '^  jid=\$\(sbatch --parsable --array=i ' "$TMP/instructions.txt" | head -n 1)
[ -n "$submit" ] && [ -n "$resume" ] && grep -q '^  scancel <merge jobid>$' "$TMP/instructions.txt" \
  || { cat "$TMP/instructions.txt"; fail "mixstudy slurm did not print the submit, cancel and resume commands"; }

# Runs a printed submission line from another directory; sets ARRAY_ID and MERGE_ID.
submit_pair() {
  (cd / && eval "$1" && echo "array ${jid%%;*}") >"$TMP/submit.out" 2>&1 || { cat "$TMP/submit.out"; fail "submission failed: $1"; }
  ARRAY_ID=$(awk '/^array / { print $2 }' "$TMP/submit.out")
  MERGE_ID=$(awk '/^Submitted batch job/ { print $4 }' "$TMP/submit.out")
  [ -n "$ARRAY_ID" ] && [ -n "$MERGE_ID" ] || { cat "$TMP/submit.out"; fail "could not read the job ids"; }
  JOBS+=("$ARRAY_ID" "$MERGE_ID")
}

# State of a job or array task (PENDING, RUNNING, COMPLETED, FAILED, …), and a pending job's reason.
job_state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
job_reason() { scontrol -o show job "$1" 2>/dev/null | grep -o 'Reason=[A-Za-z_]*' | head -n 1 | cut -d= -f2; }
count_lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }

# Waits until job $1 reaches state $2; any other final state fails the test.
wait_state() {
  local job=$1 want=$2 state
  while :; do
    state=$(job_state "$job")
    [ "$state" = "$want" ] && return 0
    case "$state" in
      COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE | PREEMPTED)
        fail "job $job ended $state, expected $want" ;;
    esac
    [ "$(remaining)" -le 0 ] && fail "job $job still ${state:-unknown} (expected $want) when the time budget ran out"
    sleep 0.2
  done
}

log "submitting, as printed:$submit"
submit_pair "$submit"
ARRAY_JOB=$ARRAY_ID
MERGE_JOB=$MERGE_ID
log "array job $ARRAY_JOB (4 tasks), merge job $MERGE_JOB (afterok:$ARRAY_JOB)"

# Interrupt task 1 in the middle of its shard, the way SLURM does shortly before a time limit
# (#SBATCH --signal=B:INT@90): SIGINT to the batch step, which stops after the replications in progress. The
# task is frozen (SIGSTOP) as soon as its first replication is written, so that how fast this machine computes
# cannot let it finish before the interrupt lands; SIGINT is then delivered on SIGCONT.
SHARD1=$TMP/results-slurm/slurmtest/shards/1-of-4
while [ "$(count_lines "$SHARD1/replications.ndjson")" -lt "$ROWS_PER_TASK" ]; do
  [ "$(job_state "${ARRAY_JOB}_1")" = COMPLETED ] && fail "task 1 finished before it could be interrupted"
  [ "$(remaining)" -le 0 ] && fail "task 1 wrote no results within the time budget"
  sleep 0.05
done
scancel --signal=STOP --batch "${ARRAY_JOB}_1" || fail "scancel --signal=STOP ${ARRAY_JOB}_1 failed"
sleep 0.5
frozen_rows=$(count_lines "$SHARD1/replications.ndjson")
[ "$frozen_rows" -lt $((ROWS_PER_TASK * TASKS_PER_SHARD)) ] || fail "task 1 finished its shard before it could be frozen"
scancel --signal=INT --batch "${ARRAY_JOB}_1" || fail "scancel --signal=INT ${ARRAY_JOB}_1 failed"
scancel --signal=CONT --batch "${ARRAY_JOB}_1" || fail "scancel --signal=CONT ${ARRAY_JOB}_1 failed"
log "sent SIGINT to task ${ARRAY_JOB}_1 after $((frozen_rows / ROWS_PER_TASK)) of its $TASKS_PER_SHARD replications"
wait_state "${ARRAY_JOB}_1" FAILED
for t in 0 2 3; do wait_state "${ARRAY_JOB}_$t" COMPLETED; done
done_rows=$(count_lines "$SHARD1/replications.ndjson")
done_tasks=$((done_rows / ROWS_PER_TASK))
[ "$done_tasks" -lt "$TASKS_PER_SHARD" ] || fail "task 1 was not interrupted (its shard is complete)"
while [ "$(job_reason "$MERGE_JOB")" != DependencyNeverSatisfied ]; do
  [ "$(job_state "$MERGE_JOB")" = PENDING ] || fail "merge job $MERGE_JOB is $(job_state "$MERGE_JOB"), expected it to wait"
  [ "$(remaining)" -le 0 ] && fail "merge job reason is $(job_reason "$MERGE_JOB"), expected DependencyNeverSatisfied"
  sleep 0.2
done
log "task 1 FAILED after $done_tasks/$TASKS_PER_SHARD replications of shard 1/4; tasks 0, 2, 3 COMPLETED; merge job held (DependencyNeverSatisfied)"

# Recover as printed: cancel the held merge job, re-submit task 1 alone with a new merge job. SLURM now reports
# SLURM_ARRAY_TASK_COUNT=1 to that task; it must still resume shard 1/4.
scancel "$MERGE_JOB" || fail "scancel $MERGE_JOB failed"
resume=${resume//--array=i/--array=1}
log "re-submitting task 1, as printed:$resume"
submit_pair "$resume"
RESUME_JOB=$ARRAY_ID
MERGE_JOB=$MERGE_ID
wait_state "$MERGE_JOB" COMPLETED
resume_log="$TMP/slurm/logs/slurmtest-${RESUME_JOB}_1.out"
grep -Eq "slurmtest shard 1/4: [0-9]+ replications run( \([0-9]+ fits\))?, $done_tasks resumed from earlier runs" "$resume_log" \
  || { cat "$resume_log"; fail "re-submitted task 1 did not resume shard 1/4 from its $done_tasks finished replications"; }
[ ! -e "$TMP/results-slurm/slurmtest/shards/0-of-1" ] || fail "re-submitted task 1 started a 1-way split instead"
grep -q 'merged 4 shards' "$TMP/slurm/logs/slurmtest-merge-$MERGE_JOB.out" || fail "merge job log does not report 4 merged shards"
log "task 1 resumed $done_tasks replications in job $RESUME_JOB; merge job $MERGE_JOB COMPLETED"

log "single-process reference run"
node "$PROJECT/bin/mixstudy.js" run "$WORK/slurmtest.json" --results "$TMP/results-single" -q -j "$CPUS" \
  2>"$TMP/log/single.log" || { cat "$TMP/log/single.log"; fail "single-process run failed"; }

status=0
for f in replications.ndjson summary.json; do
  if cmp "$TMP/results-slurm/slurmtest/$f" "$TMP/results-single/slurmtest/$f"; then
    log "$f: byte-identical ($(wc -c <"$TMP/results-single/slurmtest/$f") bytes)"
  else
    status=1
    diff "$TMP/results-slurm/slurmtest/$f" "$TMP/results-single/slurmtest/$f" | head -n 6 | cut -c 1-300
  fi
done
[ $status = 0 ] || fail "merged SLURM results differ from the single-process run"
echo "PASS: test:slurm ($(($(date +%s) - T0)) s): 4-task array job, one task interrupted and resumed, dependent merge; byte-identical to a single-process run"
