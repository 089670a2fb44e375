// labelkit agree: how far annotators agree. Two or more datasets of the same images (one per
// annotator), or one rating table (item,annotator,label as CSV or JSON Lines).
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "dataset_input.hpp"
#include "dataset_output.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/agree_report.hpp"
#include "labelkit/ratings.hpp"

namespace labelkit::cli {

namespace {

struct AgreeOptions {
    std::vector<std::string> inputs;
    std::string from;
    std::vector<std::string> names;
    std::vector<std::string> order;
    std::string level = "nominal";
    double iou = 0.5;
    std::size_t bootstrap = 0;
    std::uint64_t seed = 1;
    double confidence = 0.95;
    std::size_t worst = 10;
    std::string format = "text";
    std::string matrix;
    bool overwrite = false;
    InputOptions input_options;
};

CategoricalOptions categorical_options(const AgreeOptions& options) {
    CategoricalOptions categorical;
    categorical.level = *parse_alpha_level(options.level);
    categorical.bootstrap = options.bootstrap;
    categorical.seed = options.seed;
    categorical.confidence = options.confidence;
    return categorical;
}

AgreementReport table_report(const AgreeOptions& options) {
    if (!options.names.empty()) throw Error("--names is for datasets: a rating table names its annotators");
    const RatingTable table = make_rating_table(read_judgments(options.inputs.front()), options.order);
    if (table.annotators.size() < 2)
        throw Error(fmt::format("{}: agreement needs at least two annotators; the table has {}",
                                options.inputs.front(), table.annotators.size()));
    AgreementReport report;
    report.annotators = table.annotators;
    report.items = table.items.size();
    report.labels = table.labels;
    report.categorical_unit = "item";
    report.seed = options.seed;
    report.categorical = categorical_agreement(table, categorical_options(options));
    return report;
}

// images_read, when given, collects the image files the datasets were read with (for --matrix).
AgreementReport dataset_report(const AgreeOptions& options, const Console& console,
                               std::vector<std::filesystem::path>* images_read) {
    if (!options.order.empty()) throw Error("--order is for rating tables; dataset classes have no order");
    if (options.level != "nominal")
        throw Error("--level is for rating tables: the labels of datasets (class present or absent) are nominal");
    if (options.iou <= 0 || options.iou > 1) throw Error(fmt::format("--iou must be in (0, 1], not {}", options.iou));
    const std::vector<std::string> names = options.names.empty() ? annotator_names(options.inputs) : options.names;
    if (names.size() != options.inputs.size())
        throw Error(fmt::format("--names gives {} names for {} datasets", names.size(), options.inputs.size()));
    const std::vector<Format> formats = all_formats();
    DiagnosticSink sink = console.make_sink();
    std::vector<Dataset> datasets;
    for (const std::string& input : options.inputs) {
        LoadedDataset loaded = load_dataset(formats, input, options.from, read_options(options.input_options), sink);
        if (images_read) {
            const std::vector<std::filesystem::path> images = image_files_of(loaded.dataset);
            images_read->insert(images_read->end(), images.begin(), images.end());
        }
        datasets.push_back(std::move(loaded.dataset));
    }
    const AlignedAnnotators annotators(std::move(datasets), names);

    AgreementReport report;
    report.annotators = annotators.annotators();
    report.items = annotators.items().size();
    report.categories = annotators.categories();
    report.item_names = annotators.items();
    report.labels = {"absent", "present"};
    report.categorical_unit = "image-class";
    report.seed = options.seed;
    report.spatial = spatial_agreement(annotators, SpatialOptions{options.iou, options.worst});
    report.categorical = categorical_agreement(class_presence(annotators), categorical_options(options));
    return report;
}

void write_matrix(const AgreementReport& report, PendingOutputFile& file) {
    const std::string title = report.spatial ? "pairwise F1 of matched shapes" : "pairwise Cohen's kappa";
    const std::vector<std::uint8_t> png = agreement_matrix_png(report.annotators, agreement_matrix(report), title);
    file.write(std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
}

int run_agree(const AgreeOptions& options, const Console& console) {
    if (!parse_alpha_level(options.level))
        throw Error(fmt::format("unknown --level '{}': nominal, ordinal, interval or ratio", options.level));
    if (options.confidence <= 0 || options.confidence >= 1)
        throw Error(fmt::format("--confidence must be between 0 and 1, not {}", options.confidence));
    if (is_standard_output(options.matrix))
        throw Error("standard output carries the report: write the matrix to a file", {options.matrix});
    const bool table = options.inputs.size() == 1 && is_rating_table_path(options.inputs.front());
    if (options.inputs.size() == 1 && !table)
        throw Error(fmt::format("{}: agree needs two or more datasets (one per annotator), or one rating table "
                                "(.csv, .jsonl or .ndjson with item,annotator,label)", options.inputs.front()));
    for (const std::string& input : options.inputs)
        if (options.inputs.size() > 1 && is_rating_table_path(input))
            throw Error(fmt::format("{}: a rating table is compared on its own; give it as the only input", input));

    // Opened first: a path the matrix may not take is refused before the work.
    DiagnosticSink sink = console.make_sink();
    std::optional<PendingOutputFile> matrix_file;
    if (!options.matrix.empty())
        matrix_file.emplace(OutputPath{options.matrix, options.overwrite, {options.inputs.begin(), options.inputs.end()}}, sink);
    std::vector<std::filesystem::path> images_read;
    const AgreementReport report = table ? table_report(options) : dataset_report(options, console, matrix_file ? &images_read : nullptr);
    if (matrix_file) {
        matrix_file->refuse_inputs(images_read);
        write_matrix(report, *matrix_file);
    }
    if (options.format == "json") fmt::print("{}\n", agreement_json(report).dump(2));
    else if (options.format == "csv") fmt::print("{}", agreement_csv(report));
    else fmt::print("{}", agreement_text(report));
    if (!options.matrix.empty()) console.message(fmt::format("wrote {}", options.matrix));
    return 0;
}

}  // namespace

void add_agree_command(CLI::App& app, Console& console, Action& action) {
    auto options = std::make_shared<AgreeOptions>();
    CLI::App* command = app.add_subcommand(
        "agree", "inter-annotator agreement: datasets of the same images, or a rating table (item,annotator,label)");
    command->add_option("inputs", options->inputs, "two or more datasets (one per annotator), or one .csv/.jsonl table")
        ->required();
    command->add_option("--from", options->from, "format of the datasets (detected when left out)");
    command->add_option("--names", options->names, "annotators' names, in input order (default: folder or file names)")
        ->delimiter(',');
    command->add_option("--iou", options->iou, "IoU at or above which two shapes match (default 0.5)");
    command->add_option("--level", options->level,
                        "level of measurement for Krippendorff's alpha: nominal, ordinal, interval or ratio")
        ->check(CLI::IsMember({"nominal", "ordinal", "interval", "ratio"}));
    command->add_option("--order", options->order, "the labels in order, comma-separated (ordinal data)")
        ->delimiter(',');
    command->add_option("--bootstrap", options->bootstrap, "resamples of items for confidence intervals (0: none)");
    add_seed_option(*command, options->seed, "seed of the bootstrap (default 1)");
    command->add_option("--confidence", options->confidence, "level of the intervals (default 0.95)");
    command->add_option("--worst", options->worst, "how many of the least agreeing images to list (default 10)");
    command->add_option("--format", options->format, "report format: text, json or csv")
        ->check(CLI::IsMember({"text", "json", "csv"}));
    command->add_option("--matrix", options->matrix, "write a heatmap of pairwise agreement to this PNG");
    command->add_flag("--overwrite", options->overwrite, "with --matrix: replace the PNG if it exists");
    add_input_options(*command, options->input_options);
    command->callback([&console, &action, options] {
        action = [&console, options](std::size_t jobs) {
            options->input_options.jobs = jobs;
            return run_agree(*options, console);
        };
    });
}

}  // namespace labelkit::cli
