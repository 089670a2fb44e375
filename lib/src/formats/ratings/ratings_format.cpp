// The "ratings" format descriptor: a rating table (a crowd long table: item, annotator, label or
// text per row) as CSV, TSV or JSON Lines. Read as judgments by `labelkit agree`, and as a dataset
// (items, annotators, whole-item labels and texts) by lint, convert, split and merge. Read only.
#include "formats/ratings/ratings_format.hpp"

#include "formats/ratings/ratings_private.hpp"
#include "labelkit/ratings.hpp"

namespace labelkit {

Format make_ratings_format() {
    Format format;
    format.name = "ratings";
    format.description = "rating table (crowd long table): item,annotator,label (or text) per row, as CSV, TSV or JSON "
                         "Lines (.jsonl, .ndjson); read only";
    format.stores = Capabilities{};
    format.stores.boxes = false;
    format.stores.subsets = false;
    format.stores.ratings = true;
    format.stores.item_labels = true;
    format.stores.texts = true;
    format.stores.annotators = true;
    format.stores.scores = true;
    format.file_extensions = ratings::table_extensions();
    format.detect = ratings::detect;
    format.read = ratings::read;
    format.read_judgments = [](const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
        return read_judgments(input, TableReading{options.columns, options.keep_gold, options.keep_tainted}, sink);
    };
    format.rules = ratings::rules();
    return format;
}

}  // namespace labelkit
