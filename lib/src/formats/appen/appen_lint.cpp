// The lint rules the Appen report reader reports.
#include "formats/appen/appen_private.hpp"

namespace labelkit::appen {

std::vector<RuleInfo> rules() {
    return {
        make_rule("appen/csv", Severity::error, "The report is not readable CSV: a quoted field is not closed.",
                  "Fix the quoting at the line given; nothing after it can be read."),
        make_rule("appen/fields", Severity::error, "A row has another number of fields than the header.",
                  "A cell with a comma or a line break must be quoted; the row is skipped."),
        make_rule("appen/schema", Severity::error, "A row has an empty _unit_id or _worker_id.",
                  "Every judgment belongs to a unit and a contributor; the row is skipped."),
        make_rule("appen/trust", Severity::error, "_trust is not a number from 0 to 1.",
                  "The contributor's trust is left unset from this row."),
        make_rule("appen/confidence", Severity::error, "A <field>:confidence is not a number from 0 to 1.",
                  "The platform's answer is kept without a score."),
        make_rule("appen/duplicate-judgment", Severity::error, "Two rows of a full report have one judgment _id.",
                  "A judgment is one row (reports concatenated twice?); the second row is skipped."),
        make_rule("appen/duplicate-unit", Severity::error, "Two rows of an aggregated report have one _unit_id.",
                  "An aggregated report has one row per unit; the second row is skipped."),
        make_rule("appen/empty-answer", Severity::warning,
                  "A judgment (or the consensus of a finalized unit) has no answer in any answer column.",
                  "Check the answer columns (--columns label=COL) and the job's questions."),
        make_rule("appen/external-result", Severity::warning,
                  "Answers are links to result files (Appen annotation tools: shapes, audio transcription, text "
                  "annotation), behind expiring tokens.",
                  "They are not fetched: no label is made from them. Download the result files with the job's "
                  "report while the links are valid."),
        make_rule("appen/gold", Severity::warning,
                  "Rows of gold units (test questions, _golden true) are left out of the dataset.",
                  "--keep-gold keeps them (their labels get the attribute golden and the gold answer)."),
        make_rule("appen/tainted", Severity::warning,
                  "Tainted judgments (_tainted true: the contributor later failed quality control) are left out.",
                  "--keep-tainted keeps them (their labels get the attribute tainted)."),
        make_rule("appen/several-questions", Severity::info,
                  "The report has several answer columns (questions); all are read, each label keeping its question "
                  "in the attribute field.",
                  "agree and merge --mode consensus compare one question at a time: --columns appen,label=COL."),
        make_rule("appen/columns", Severity::error,
                  "--columns names a column the report does not have, or the answer columns cannot be told apart.",
                  "Name the answer columns with --columns label=COL (one per answer column)."),
    };
}

}  // namespace labelkit::appen
