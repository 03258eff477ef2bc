# Replays one block of a recorded scenario (see nvidia-smi in this folder). A recording starts
# with `# fields: a,b,c` naming its columns; blocks (one call's output, one line per GPU) are
# separated by blank lines; other `#` lines are comments.
BEGIN { blocks = 0; inblock = 0 }
/^# fields:/ { sub(/^# fields: */, ""); ncol = split($0, cols, ","); next }
/^#/ { next }
/^[ \t]*$/ { inblock = 0; next }
{
  if (!inblock) { blocks++; nlines[blocks] = 0; inblock = 1 }
  nlines[blocks]++
  line[blocks, nlines[blocks]] = $0
}
END {
  # Both names of the throttle bitmask (older drivers: clocks_throttle_reasons.*).
  alias["clocks_throttle_reasons.active"] = "clocks_event_reasons.active"
  nref = split(refuse, refused, ",")
  nq = split(query, asked, ",")
  for (q = 1; q <= nq; q++) {
    for (r = 1; r <= nref; r++) if (asked[q] == refused[r]) { printf "Field \"%s\" is not a valid field to query.\n\n", asked[q]; exit 2 }
    name = (asked[q] in alias) ? alias[asked[q]] : asked[q]
    at[q] = 0
    for (c = 1; c <= ncol; c++) if (cols[c] == name) at[q] = c
    if (at[q] == 0) { printf "Field \"%s\" is not a valid field to query.\n\n", asked[q]; exit 2 }
  }
  b = want + 1
  if (b > blocks) b = blocks
  for (l = 1; l <= nlines[b]; l++) {
    n = split(line[b, l], v, /, /)
    out = ""
    for (q = 1; q <= nq; q++) out = out (q > 1 ? ", " : "") v[at[q]]
    print out
  }
}
