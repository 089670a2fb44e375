// The lint rules the rating table reader reports. Rows that cannot be read stop the reading (a
// table's rows are one judgment each: a skipped row would change the agreement silently).
#include "formats/ratings/ratings_private.hpp"

namespace labelkit::ratings {

std::vector<RuleInfo> rules() {
    return {
        make_rule("ratings/csv", Severity::error,
                  "The table is not readable CSV: a quoted field is not closed, a row has another number of fields "
                  "than the header, an item or annotator cell is empty, or a score is not a number.",
                  "Fix the row at the line given (a cell with the delimiter or a line break must be quoted)."),
        make_rule("ratings/jsonl", Severity::error,
                  "A line of a JSON Lines table is not a JSON object with the item, annotator and label keys.",
                  "Fix the line given; each line is one judgment."),
        make_rule("ratings/columns", Severity::error,
                  "The header lacks the item, annotator or label column, or --columns names one it does not have.",
                  "Name the columns with --columns item=COL,annotator=COL,label=COL or a preset (appen, mturk, "
                  "crowd-kit, label-studio)."),
        make_rule("ratings/gold", Severity::warning, "Rows of gold units (_golden true) are left out.",
                  "--keep-gold keeps them."),
        make_rule("ratings/tainted", Severity::warning, "Tainted judgments (_tainted true) are left out.",
                  "--keep-tainted keeps them."),
    };
}

}  // namespace labelkit::ratings
