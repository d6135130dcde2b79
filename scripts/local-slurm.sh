#!/usr/bin/env bash
# A one-node Slurm cluster on localhost, for CI and for trying the Slurm profile on one machine.
#
#   bash scripts/local-slurm.sh start    # install slurm-wlm + munge if missing (root), start, wait for idle
#   bash scripts/local-slurm.sh status   # what runs, sinfo
#   bash scripts/local-slurm.sh stop     # cancel this cluster's jobs, stop exactly the daemons `start` started
#
# Everything it writes (munge key and socket, slurm.conf, spool, state, logs, PID files) lives in the
# state dir, $MOLPAIR_SLURM_DIR (default /tmp/molpair-slurm), except one symlink: /etc/slurm/slurm.conf
# -> $MOLPAIR_SLURM_DIR/slurm.conf, the path every Slurm client reads by default (sinfo, sbatch, squeue,
# and the `srun` that snakemake-executor-plugin-slurm-jobstep runs inside each job: that plugin drops
# SLURM_CONF from the srun environment, so SLURM_CONF alone is not enough). `start` refuses to replace
# an /etc/slurm/slurm.conf that is not its own symlink; `stop` removes the symlink.
#
# Runs as root without systemd or cgroups: proctrack/linuxproc, task/none, no accounting (so the
# Snakemake plugin must query job states with squeue: see workflow/profiles/slurm/config.yaml).
# Settings: MOLPAIR_SLURM_PARTITION (default debug), MOLPAIR_SLURMCTLD_PORT / MOLPAIR_SLURMD_PORT
# (default 6817 / 6818), MOLPAIR_SLURM_WAIT_S (seconds to wait for the node to be idle, default 60).
set -euo pipefail

STATE="${MOLPAIR_SLURM_DIR:-/tmp/molpair-slurm}"
PARTITION="${MOLPAIR_SLURM_PARTITION:-debug}"
CTLD_PORT="${MOLPAIR_SLURMCTLD_PORT:-6817}"
SLURMD_PORT="${MOLPAIR_SLURMD_PORT:-6818}"
WAIT_S="${MOLPAIR_SLURM_WAIT_S:-60}"
CONF="$STATE/slurm.conf"
SYSTEM_CONF=/etc/slurm/slurm.conf
MUNGE_SOCKET="$STATE/munge/munge.socket"
DAEMONS=(munged slurmctld slurmd)  # start order; stop goes the other way

say() { echo "local-slurm: $*"; }
die() { echo "local-slurm: error: $*" >&2; exit 1; }

pidfile() { echo "$STATE/pids/$1.pid"; }

# PID of a daemon this script started, if that process still runs that program; empty otherwise.
running_pid() {
  local file pid
  file="$(pidfile "$1")"
  [[ -s "$file" ]] || return 0
  pid="$(<"$file")"
  [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 0
  local argv0
  argv0="$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -n1)"
  [[ "$(basename -- "${argv0:-none}")" == "$1" ]] && echo "$pid"
  return 0
}

install_packages() {
  local missing=()
  command -v munged >/dev/null || missing+=(munge)
  { command -v slurmctld && command -v slurmd && command -v sbatch; } >/dev/null || missing+=(slurm-wlm)
  ((${#missing[@]})) || return 0
  [[ $EUID -eq 0 ]] || die "${missing[*]} not installed; as root: apt-get install -y ${missing[*]}"
  say "installing ${missing[*]} (Debian packages)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

write_conf() {
  local host cpus mem_total real_mem
  host="$(hostname -s)"
  cpus="$(nproc)"
  mem_total="$(free -m | awk '/^Mem:/ {print $2}')"
  real_mem=$((mem_total - (mem_total / 10 > 512 ? mem_total / 10 : 512)))  # below `free -m`
  cat >"$CONF" <<EOF
# Written by scripts/local-slurm.sh: a one-node cluster on localhost (root, no systemd, no cgroups).
ClusterName=molpair
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${CTLD_PORT}
SlurmdPort=${SLURMD_PORT}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${MUNGE_SOCKET}
StateSaveLocation=${STATE}/ctld
SlurmdSpoolDir=${STATE}/spool
SlurmctldPidFile=${STATE}/run/slurmctld.pid
SlurmdPidFile=${STATE}/run/slurmd.pid
SlurmctldLogFile=${STATE}/log/slurmctld.log
SlurmdLogFile=${STATE}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
# Finished jobs stay visible to squeue this long (the Snakemake plugin polls squeue: keep >= 120).
MinJobAge=300
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=10
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${real_mem} State=UNKNOWN
PartitionName=${PARTITION} Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

# /etc/slurm/slurm.conf -> our slurm.conf; never replaces a file or link that is not ours.
link_conf() {
  if [[ -L "$SYSTEM_CONF" && "$(readlink "$SYSTEM_CONF")" == "$CONF" ]]; then return 0; fi
  if [[ -e "$SYSTEM_CONF" || -L "$SYSTEM_CONF" ]]; then
    die "$SYSTEM_CONF exists and is not this script's link to $CONF; not replacing it (another Slurm is configured here)"
  fi
  mkdir -p "$(dirname "$SYSTEM_CONF")"
  ln -s "$CONF" "$SYSTEM_CONF"
  say "linked $SYSTEM_CONF -> $CONF"
}

unlink_conf() {
  if [[ -L "$SYSTEM_CONF" && "$(readlink "$SYSTEM_CONF")" == "$CONF" ]]; then
    rm -f "$SYSTEM_CONF"
    say "removed link $SYSTEM_CONF"
  fi
}

# Runs a daemon in the foreground (so $! is its PID) in its own session, and records the PID.
launch() {
  local name="$1"; shift
  setsid "$@" </dev/null >>"$STATE/log/$name.out" 2>&1 &
  echo $! >"$(pidfile "$name")"
  sleep 1
  [[ -n "$(running_pid "$name")" ]] || {
    tail -n 20 "$STATE/log/$name.out" "$STATE/log/$name.log" 2>/dev/null >&2 || true
    die "$name exited right after starting (logs in $STATE/log/)"
  }
  say "started $name (pid $(<"$(pidfile "$name")"))"
}

node_state() { SLURM_CONF="$CONF" sinfo -h -N -o '%T' 2>/dev/null | head -n1; }

start() {
  install_packages
  [[ $EUID -eq 0 ]] || die "start runs the daemons as root; run it as root"
  if [[ (-e "$SYSTEM_CONF" || -L "$SYSTEM_CONF") && "$(readlink "$SYSTEM_CONF")" != "$CONF" ]]; then
    die "$SYSTEM_CONF exists and is not this script's link to $CONF; not replacing it (another Slurm is configured here)"
  fi
  mkdir -p "$STATE"/{munge,pids,run,log,ctld,spool}
  chmod 0700 "$STATE/munge"
  local all_running=1 d
  for d in "${DAEMONS[@]}"; do [[ -n "$(running_pid "$d")" ]] || all_running=0; done
  if ((all_running)); then
    say "already running (state dir $STATE)"
  else
    if [[ -z "$(running_pid slurmctld)$(running_pid slurmd)" ]]; then
      write_conf
      say "wrote $CONF"
    fi
    if [[ ! -s "$STATE/munge/munge.key" ]]; then
      if command -v mungekey >/dev/null; then
        mungekey --create --keyfile="$STATE/munge/munge.key" --force
      else
        dd if=/dev/urandom of="$STATE/munge/munge.key" bs=1024 count=1 status=none
      fi
      chmod 0400 "$STATE/munge/munge.key"
      say "created munge key $STATE/munge/munge.key"
    fi
    [[ -n "$(running_pid munged)" ]] || launch munged munged --foreground --force \
      --key-file="$STATE/munge/munge.key" --socket="$MUNGE_SOCKET" --pid-file="$STATE/run/munged.pid" \
      --log-file="$STATE/log/munged.log" --seed-file="$STATE/munge/munged.seed"
    # -c: start from a clean controller state (no job records from an earlier cluster).
    [[ -n "$(running_pid slurmctld)" ]] || launch slurmctld slurmctld -D -c -f "$CONF"
    [[ -n "$(running_pid slurmd)" ]] || launch slurmd slurmd -D -f "$CONF"
  fi
  link_conf
  local waited=0 state
  while :; do
    state="$(node_state)"
    [[ "$state" == idle* || "$state" == mixed* || "$state" == allocated* ]] && break
    if ((waited >= WAIT_S)); then
      SLURM_CONF="$CONF" sinfo -N -l >&2 || true
      tail -n 20 "$STATE/log/slurmctld.log" "$STATE/log/slurmd.log" >&2 2>/dev/null || true
      die "node not idle after ${WAIT_S}s (state '${state:-none}'); logs in $STATE/log/"
    fi
    sleep 1; waited=$((waited + 1))
  done
  say "node $(hostname -s) is $state in partition $PARTITION ($(nproc) CPUs, config $SYSTEM_CONF -> $CONF)"
}

stop() {
  local any=0 d pid i
  for d in munged slurmctld slurmd; do [[ -z "$(running_pid "$d")" ]] || any=1; done
  if ((!any)); then
    say "not running (no daemon started by this script in $STATE)"
    rm -f "$STATE"/pids/*.pid 2>/dev/null || true
    unlink_conf
    return 0
  fi
  if [[ -n "$(running_pid slurmctld)" ]]; then
    local jobs=()
    mapfile -t jobs < <(SLURM_CONF="$CONF" squeue -h -o %i 2>/dev/null || true)
    if ((${#jobs[@]})); then
      say "cancelling this cluster's jobs: ${jobs[*]}"
      SLURM_CONF="$CONF" scancel "${jobs[@]}" 2>/dev/null || true
      sleep 2
    fi
  fi
  for d in slurmd slurmctld munged; do
    pid="$(running_pid "$d")"
    if [[ -z "$pid" ]]; then rm -f "$(pidfile "$d")"; continue; fi
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do [[ -d "/proc/$pid" ]] || break; sleep 0.5; done
    if [[ -d "/proc/$pid" ]]; then
      say "$d (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$(pidfile "$d")"
    say "stopped $d (pid $pid)"
  done
  unlink_conf
}

status() {
  local d pid rc=0
  for d in "${DAEMONS[@]}"; do
    pid="$(running_pid "$d")"
    if [[ -n "$pid" ]]; then say "$d running (pid $pid)"; else say "$d not running"; rc=1; fi
  done
  if ((rc == 0)); then
    SLURM_CONF="$CONF" sinfo -N -l || rc=1
  fi
  return $rc
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status   (state dir: $STATE)" >&2; exit 2 ;;
esac
