# Sourced by the bench scripts that print CPU time per request.
# cpu_ticks PID: CPU ticks (user + system) of a process and its direct children, from /proc; cpu_hz: ticks a second.
cpu_ticks() {
  local total=0 p
  for p in $1 $(pgrep -P "$1" 2>/dev/null); do
    [[ -r /proc/$p/stat ]] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
cpu_hz=$(getconf CLK_TCK)
