#!/usr/bin/env bash
# Two "machines" on one: network namespaces A (10.213.0.1) and B (10.213.0.2) joined by a veth pair,
# and `mpirun` started in A with one rank per namespace over Open MPI's TCP transport. Open MPI's remote
# launch agent (plm_rsh_agent, ssh's stand-in) is a small script that "logs in" to a host by entering its
# namespace with `ip netns exec`. Only the namespaces' own addresses are used. Needs root (CI is).
#   usage: scripts/mpi-netns.sh PROGRAM [ARGUMENTS...]     e.g. scripts/mpi-netns.sh .build/release/neuralkit train --epochs 1
# The namespaces, the link and the agent are removed when the script ends, however it ends.
set -euo pipefail
if [ $# -lt 1 ]; then echo "usage: $0 PROGRAM [ARGUMENTS...]" >&2; exit 64; fi
id=${NEURALKIT_NETNS_ID:-$$}
a="nk-a-$id" b="nk-b-$id" va="nkva$id" vb="nkvb$id"
agent=$(mktemp /tmp/neuralkit-rsh-agent-XXXXXX)
cleanup() {
    ip netns del "$a" 2>/dev/null || true
    ip netns del "$b" 2>/dev/null || true
    rm -f "$agent"
}
trap cleanup EXIT
ip netns add "$a"
ip netns add "$b"
ip link add "$va" type veth peer name "$vb"
ip link set "$va" netns "$a"
ip link set "$vb" netns "$b"
ip -n "$a" addr add 10.213.0.1/24 dev "$va"
ip -n "$b" addr add 10.213.0.2/24 dev "$vb"
for ns in "$a" "$b"; do ip -n "$ns" link set lo up; done
ip -n "$a" link set "$va" up
ip -n "$b" link set "$vb" up
cat >"$agent" <<EOF
#!/bin/sh
# Open MPI's plm_rsh_agent: called as "AGENT HOST COMMAND...", it runs COMMAND on HOST, here inside
# that host's network namespace.
host=\$1
shift
case "\$host" in
    10.213.0.1) ns=$a ;;
    10.213.0.2) ns=$b ;;
    *) echo "neuralkit netns agent: unknown host \$host" >&2; exit 1 ;;
esac
exec ip netns exec "\$ns" /bin/sh -c "\$*"
EOF
chmod +x "$agent"
program=$(readlink -f "$1")
shift
ip netns exec "$a" mpirun --allow-run-as-root -np 2 -H 10.213.0.1:1,10.213.0.2:1 --mca plm_rsh_agent "$agent" \
    --mca mpi_yield_when_idle 1 --mca btl tcp,self --mca btl_tcp_if_include 10.213.0.0/24 --mca oob_tcp_if_include 10.213.0.0/24 \
    "$program" "$@"
