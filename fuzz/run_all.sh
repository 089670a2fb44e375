#!/usr/bin/env bash
# Runs every fuzz target of BUILD (a -DLABELKIT_FUZZ=ON build) for SECONDS seconds, on its seeds
# (collected afresh into BUILD/seeds/<target>/) and its own growing corpus (BUILD/corpus/<target>/).
# Prints one line per target; exits 1 when any target crashed, leaked, ran out of memory or
# timed out (its log is BUILD/logs/<target>.log and the input BUILD/crashes/<target>/).
# FUZZ_RUNS=N stops a target after N executions when that comes before SECONDS.
#   usage: run_all.sh BUILD SECONDS [TARGET...]
set -u
build=$(realpath "$1")
seconds=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(coco_fuzzer voc_fuzzer yolo_labels_fuzzer data_yaml_fuzzer darknet_fuzzer image_list_fuzzer
           ratings_csv_fuzzer ratings_jsonl_fuzzer lint_config_fuzzer label_map_fuzzer image_header_fuzzer rle_fuzzer)
fi

dictionary_of() {
  case $1 in
    coco_fuzzer | ratings_jsonl_fuzzer) echo json.dict ;;
    voc_fuzzer) echo xml.dict ;;
    yolo_labels_fuzzer) echo yolo.dict ;;
    data_yaml_fuzzer | lint_config_fuzzer | label_map_fuzzer) echo yaml.dict ;;
    darknet_fuzzer | image_list_fuzzer) echo darknet.dict ;;
  esac
}

python3 "$root/fuzz/collect_seeds.py" "$build/seeds" "$root/examples" "${LABELKIT_SHARED_DIR:-$root/../shared}/corpus" \
  > /dev/null || exit 2
mkdir -p "$build/logs"
failed=()
for target in "${targets[@]}"; do
  mkdir -p "$build/corpus/$target" "$build/crashes/$target"
  dictionary=$(dictionary_of "$target")
  log=$build/logs/$target.log
  # -timeout: an input that takes 30 s is a hang; -rss_limit_mb (and with it the malloc limit):
  # an input that makes a parser allocate 2 GB is a finding too.
  "$build/fuzz/$target" -max_total_time="$seconds" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    ${dictionary:+-dict="$root/fuzz/$dictionary"} -artifact_prefix="$build/crashes/$target/" \
    "$build/corpus/$target" "$build/seeds/$target" > "$log" 2>&1
  status=$?
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$log")
  if [ $status -eq 0 ]; then
    echo "$target: ${speed:-?} exec/s, ${done_line:-no DONE line}"
  else
    failed+=("$target")
    echo "$target: FAILED (exit $status): $(grep -m 1 -E 'ERROR|runtime error|Sanitizer|out-of-memory|timeout' "$log")"
    echo "  log: $log; input: $(ls -t "$build/crashes/$target"/* 2>/dev/null | head -n 1)"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds} s each without a finding"
