#!/usr/bin/env bash
# How the cost of `whosaid extract` grows with the size of one document. Generates crafted
# documents (patterns that once made some stage quadratic, and real prose) at 1×, 2×, 4×, 8× and
# 16× a base size, extracts from each as one document (release build, --jobs 1, fast NER model),
# and prints per pattern the CPU time (user + sys) and peak memory per size and the growth of the
# CPU time per doubling of the size. Linear cost doubles; the last line says whether every pattern
# stays at or under 2.3× per doubling (the exit status is 1 when one does not).
#
# Usage: scripts/scaling.sh [--quick] [--base KB] [--timeout S] [--only P1,P2] [--keep DIR] [BINARY]
#   --quick      base 12.5 KB (16× = 200 KB) instead of 100 KB (16× = 1.6 MB)
#   --base KB    the 1× size in KB
#   --timeout S  CPU-bound limit per run in seconds (default 60); a pattern stops at its first
#                run over the limit, and counts as over 2.3×
#   --only LIST  run only these patterns (comma-separated names as printed)
#   --keep DIR   write the documents to DIR (PATTERN.N.txt) and keep them, to profile one
#   --runs N     run each size N times and keep the least CPU time (default 3): a shared
#                machine's noise only ever adds time
#   BINARY       defaults to target/release/whosaid (built first)
#
# Times below a floor of 0.05 s (after the start-up cost, measured on a one-sentence document,
# is taken off) are read as the floor, so that growth factors of runs too short to measure are
# not noise. Memory is peak RSS less the start-up's (the models), as a multiple of the size.
set -euo pipefail
cd "$(dirname "$0")/.."

base_kb=100
limit=60
runs=3
only=""
bin=""
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) base_kb=12.5; shift ;;
    --base) base_kb=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) bin=$1; shift ;;
  esac
done
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=./target/release/whosaid
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
docs=$tmp
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  docs=$keep
  rm -f "$docs/patterns"
fi

# Generate every pattern at every size: $tmp/PATTERN.N.txt, N = 1 2 4 8 16.
python3 - "$docs" "$base_kb" "$only" tests/fixtures/article.txt tests/fixtures/quotes-article.txt \
  examples/article.txt <<'PY'
import itertools, os, sys

out, base_kb, only, *prose_files = sys.argv[1:]
base = int(float(base_kb) * 1000)
only = set(filter(None, only.split(",")))

FIRST = ["Anna", "Carl", "Erik", "Maria", "Jonas", "Ingrid", "Lars", "Sofia", "Nils", "Karin",
         "Oskar", "Helga", "Per", "Astrid", "Gustav", "Elsa", "Sven", "Linnea", "Axel", "Greta"]
LAST = ["Berg", "Dahl", "Lund", "Holm", "Strand", "Nyberg", "Falk", "Ek", "Lind", "Sjoberg",
        "Wall", "Norberg", "Blom", "Hed", "Kvist", "Moberg", "Sand", "Asp", "Borg", "Fors"]
SYL = ["ka", "ri", "mo", "len", "sa", "tor", "vi", "del", "ba", "nu", "gre", "hal"]

def names():
    """Distinct full names, as many as wanted."""
    for n in itertools.count(1):
        for parts in itertools.product(SYL, repeat=n):
            suffix = "".join(parts)
            for f in FIRST:
                for l in LAST:
                    yield f"{f} {l}{suffix}"

def units(pattern):
    """Pieces of text that the pattern repeats, and how they are joined."""
    if pattern == "quote-pairs":  # one sentence of short quotations
        return itertools.repeat("“ab” "), ""
    if pattern == "straight-quotes":
        return itertools.repeat('"ab" '), ""
    if pattern == "single-quotes":
        return itertools.repeat("‘ab’ "), ""
    if pattern == "unclosed-quotes":  # every mark opens, none closes
        return itertools.repeat("“ab "), ""
    if pattern == "said-quotes":  # one sentence: “ab,” he said, “cd,” she said, …
        return itertools.cycle(["“We will win this,” he said, ", "“They will not,” she said, "]), ""
    if pattern == "colon-quotes":  # one sentence of quotes announced by colons
        return itertools.repeat("and added: “we will win” "), ""
    if pattern == "long-sentence":  # no punctuation at all, cue verbs throughout
        words = ("the minister said the plan would work and officials believe the budget is "
                 "fine and the council warned that costs could rise and ").split()
        return (w + " " for w in itertools.cycle(words)), ""
    if pattern == "comma-sentence":  # one sentence of comma-joined clauses with attributions
        return itertools.cycle(["the plan would work, he said, ", "prices rose, the minister said, ",
                                "the talks went well, said Anna Berg, "]), ""
    if pattern == "adverbial-claims":  # one sentence of claims in adverbial clauses
        return itertools.cycle(["when he said the plan would work, ",
                                "after she said that despite the delays, costs would fall "]), ""
    if pattern == "source-modifier":  # one source phrase after its cue that never ends
        return itertools.chain(["The plan will work, said Anna Berg of the "],
                               itertools.repeat("union of the town ")), ""
    if pattern == "names":  # many distinct people, one paragraph
        it = names()
        return (f"{next(it)} met {next(it)} and {next(it)}, who said the talks went well. "
                for _ in itertools.count()), ""
    if pattern == "name-chain":  # one sentence of names
        it = names()
        return (f"{next(it)} and " for _ in itertools.count()), ""
    if pattern == "pronouns":  # He said x. He said y. …
        return itertools.cycle(["He said the plan would work. ", "She said the budget was fine. ",
                                "They said costs could rise. "]), ""
    if pattern == "spokesman":
        return itertools.cycle(["A spokesman said the plan would work. ",
                                "A spokeswoman said the budget was fine. "]), ""
    if pattern == "uncued-quotes":  # paragraphs that are only a quotation
        return itertools.repeat("“We will win this vote, and we will win it soon.”\n\n"), ""
    if pattern == "prose":  # real prose as one paragraph
        text = " ".join(" ".join(open(p, encoding="utf-8").read().split()) for p in prose_files)
        return itertools.repeat(text + " "), ""
    if pattern == "prose-paragraphs":  # the same prose with its paragraphs: a control
        text = "\n\n".join(open(p, encoding="utf-8").read().strip() for p in prose_files)
        return itertools.repeat(text + "\n\n"), ""
    if pattern == "no-spaces":  # one token-rich chunk without whitespace
        return itertools.repeat("ab,cd;“ef”(gh)"), ""
    raise ValueError(pattern)

PATTERNS = ["quote-pairs", "straight-quotes", "single-quotes", "unclosed-quotes", "said-quotes",
            "colon-quotes", "long-sentence", "comma-sentence", "adverbial-claims", "source-modifier", "names",
            "name-chain", "pronouns", "spokesman", "uncued-quotes", "prose", "prose-paragraphs",
            "no-spaces"]
unknown = only - set(PATTERNS)
if unknown:
    sys.exit(f"unknown pattern(s): {', '.join(sorted(unknown))}; known: {', '.join(PATTERNS)}")
for p in PATTERNS:
    if only and p not in only:
        continue
    for mult in (1, 2, 4, 8, 16):
        target = base * mult
        pieces, size = [], 0
        it, _ = units(p)
        while size < target:
            u = next(it)
            pieces.append(u)
            size += len(u.encode("utf-8"))
        with open(os.path.join(out, f"{p}.{mult}.txt"), "w", encoding="utf-8") as f:
            f.write("".join(pieces).rstrip() + "\n")
    print(p, file=open(os.path.join(out, "patterns"), "a"))
PY

# One run: prints "CPU_SECONDS PEAK_KB", or "timeout PEAK_KB". The CPU time is the kernel's
# account of the run (user + sys, to the microsecond, from wait4) rather than hundredths, so
# that the growth of runs of a tenth of a second is measured, not rounded.
measure() {
  local status=0 out
  out=$(python3 - "$limit" "$bin" "$1" "$tmp/err" <<'PY'
import os, subprocess, sys
limit, binary, doc, err = sys.argv[1:]
with open(err, "w") as e:
    child = subprocess.Popen(
        ["timeout", limit, binary, "extract", "--jobs", "1", "--ner", "fast", "--format", "csv", doc],
        stdout=subprocess.DEVNULL, stderr=e)
    _, status, ru = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), f"{ru.ru_utime + ru.ru_stime:.3f}", ru.ru_maxrss)
PY
)
  local code cpu kb
  read -r code cpu kb <<< "$out"
  if [ "$code" = 124 ]; then
    echo "timeout $kb"
  elif [ "$code" != 0 ]; then
    echo "whosaid failed on $1 (exit $code):" >&2
    cat "$tmp/err" >&2
    exit 1
  else
    echo "$cpu $kb"
  fi
}

# The least CPU time (and the largest peak) of `runs` runs: "CPU_SECONDS PEAK_KB" or "timeout".
measure_min() {
  local best="" peak=0 cpu kb
  for _ in $(seq "$runs"); do
    read -r cpu kb < <(measure "$1")
    if [ "$cpu" = timeout ]; then
      echo "timeout $kb"
      return
    fi
    if [ -z "$best" ] || [ "$(echo "$cpu < $best" | bc -l)" = 1 ]; then best=$cpu; fi
    if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
  done
  echo "$best $peak"
}

echo "Beijing said no." > "$tmp/startup.txt"
read -r start_cpu start_kb < <(measure_min "$tmp/startup.txt")
echo "binary: $bin; 1x = ${base_kb} KB; start-up: ${start_cpu} s CPU, $((start_kb / 1024)) MB peak"
echo "CPU seconds (user+sys) at 1x 2x 4x 8x 16x; growth of the CPU time per doubling, and over"
echo "the four (the fourth root of 16x over 1x); peak RSS in MB at the largest size run, and its"
echo "excess over start-up as a multiple of the document size"
printf '%-17s %6s %6s %6s %6s %6s | %5s %5s %5s %5s | %5s | %6s %6s\n' \
  pattern 1x 2x 4x 8x 16x 1-2 2-4 4-8 8-16 1-16 RSS_MB mem/doc
over=()
while read -r p; do
  cpus=() factors=() worst=0 rss="-" memx="-" prev="" first="" mean="-"
  for mult in 1 2 4 8 16; do
    f="$docs/$p.$mult.txt"
    read -r cpu kb < <(measure_min "$f")
    if [ "$cpu" = timeout ]; then
      cpus+=(">${limit}")
      factors+=("-")
      worst=999
      break
    fi
    cpus+=("$cpu")
    net=$(echo "c = $cpu - $start_cpu; if (c < 0.05) c = 0.05; c" | bc -l)
    if [ -n "$prev" ]; then
      factor=$(printf '%.2f' "$(echo "$net / $prev" | bc -l)")
      factors+=("$factor")
      if [ "$(echo "$factor > $worst" | bc -l)" = 1 ]; then worst=$factor; fi
    fi
    prev=$net
    [ -n "$first" ] || first=$net
    if [ "$mult" = 16 ]; then
      mean=$(printf '%.2f' "$(echo "e(l($net / $first) / 4)" | bc -l)")
    fi
    size=$(stat -c %s "$f")
    rss=$((kb / 1024))
    memx=$(printf '%.1f' "$(echo "($kb - $start_kb) * 1024 / $size" | bc -l)")
  done
  while [ ${#cpus[@]} -lt 5 ]; do cpus+=("-"); done
  while [ ${#factors[@]} -lt 4 ]; do factors+=("-"); done
  printf '%-17s %6s %6s %6s %6s %6s | %5s %5s %5s %5s | %5s | %6s %6s\n' \
    "$p" "${cpus[@]}" "${factors[@]}" "$mean" "$rss" "$memx"
  if [ "$(echo "$worst > 2.3" | bc -l)" = 1 ]; then over+=("$p"); fi
done < "$docs/patterns"

if [ ${#over[@]} -eq 0 ]; then
  echo "summary: every pattern is at or under 2.3× per doubling"
else
  echo "summary: over 2.3× per doubling: ${over[*]}"
  exit 1
fi
