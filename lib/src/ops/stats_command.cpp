// The stats operation: read the dataset, sum it up, render the report, write the plots.
#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/ops/stats.hpp"
#include "labelkit/output.hpp"
#include "ops/dataset_output.hpp"

namespace labelkit {

namespace {

std::vector<std::string> write_plots(const DatasetStats& summary, AtomicOutput& output) {
    std::vector<std::string> written;
    const OpenFolder folder(output.path());
    for (const auto& [name, picture] : stats_plots(summary)) {
        const std::string file = name + ".png";
        const std::vector<std::uint8_t> png = encode_png(picture);
        try {
            folder.write_file(file.c_str(), std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        } catch (const Error& error) {
            throw output.for_user(error);
        }
        written.push_back(file);
    }
    return written;
}

}  // namespace

StatsResult stats(const StatsOptions& options, DiagnosticSink& sink) {
    if (options.input.empty()) throw Error("stats needs an input dataset");
    // Opened first: a folder it may not write is refused before the dataset is read.
    std::optional<AtomicOutput> plots;
    if (!options.plots.empty())
        plots.emplace(OutputRequest{options.plots, OutputKind::directory, options.overwrite, {options.input}}, sink);
    const std::vector<Format> formats = all_formats();
    LoadedDataset loaded = load_dataset(formats, options.input, options.from, options.read, sink);
    StatsResult result;
    result.stats = compute_stats(loaded.dataset);
    result.stats.format = loaded.format ? loaded.format->name : options.from;
    if (plots) {
        plots->refuse_inputs(image_files_of(loaded.dataset));
        result.plots = write_plots(result.stats, *plots);
        plots->commit();
    }
    result.dataset = std::move(loaded.dataset);
    if (options.format == StatsFormat::json) {
        nlohmann::json report = stats_json(result.stats);
        report["input"] = options.input.string();
        if (plots) {
            report["plots"] = nlohmann::json::array();
            for (const std::string& file : result.plots) report["plots"].push_back((options.plots / file).string());
        }
        result.rendered = report.dump(2) + "\n";
    } else {
        result.rendered = stats_text(result.stats);
    }
    return result;
}

}  // namespace labelkit
