#pragma once
// --columns: which columns of a long table (one judgment per row) hold the item, the annotator,
// the label, a text (a transcript) and a score: named one by one (item=_unit_id,label=sentiment),
// by a platform's preset (appen, mturk, crowd-kit, label-studio), or both (appen,label=sentiment:
// the preset's columns, then the ones named).
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"

namespace labelkit {

// Header names ("" when the table has none): label or text is always set.
struct TableColumns {
    std::string item;
    std::string annotator;
    std::string label;
    std::string text;
    std::string score;
};

// Resolves the --columns text ("" for item, annotator, label; or crowd-kit's task, worker, label
// or text when the header has those and not item and annotator) against a table's header (a CSV
// header row, or a JSON Lines file's first object's keys). Throws labelkit::Error at `where`
// (rule ratings/columns) for an unknown role or preset, a column the header lacks (naming the
// header's columns) and an answer column a preset cannot choose alone (naming the candidates).
TableColumns resolve_columns(const std::string& spec, const std::vector<std::string>& header, const Location& where);

// The preset names, for messages and the CLI.
std::vector<std::string> column_presets();

}  // namespace labelkit
