#pragma once
// Rating tables (crowd long tables): one judgment per row, with an item, an annotator, and a label
// or a text (and a score), as CSV, TSV or JSON Lines. Read as judgments by `agree`
// (read_judgments in labelkit/ratings.hpp) and as a dataset by the other commands.
#include <filesystem>
#include <string>
#include <vector>

#include "labelkit/format.hpp"

namespace labelkit::ratings {

// The extensions of rating tables: .csv, .tsv, .jsonl, .ndjson.
const std::vector<std::string>& table_extensions();

// By the header (a CSV/TSV header row, or the first JSON Lines object's keys): 100 for the default
// columns (item, annotator, label or text) or crowd-kit's (task, worker, label or text); 1 for any
// other table (read with --columns; every format that knows the file outbids it); 0 for an MTurk
// batch (the mturk format's) and for other files.
Detection detect(const std::filesystem::path& input);

// One item per distinct item value, one annotator per annotator value, one Label per label or text
// value, one answer per (item, annotator). Throws labelkit::Error at the row that cannot be read.
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);

std::vector<RuleInfo> rules();

}  // namespace labelkit::ratings
