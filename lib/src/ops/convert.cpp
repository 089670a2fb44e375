#include "labelkit/ops/convert.hpp"

#include "labelkit/error.hpp"
#include "labelkit/output.hpp"
#include "ops/dataset_output.hpp"

namespace labelkit {

ConvertResult convert(const ConvertOptions& options, DiagnosticSink& sink) {
    const std::vector<Format> formats = all_formats();
    const Format& target = writable_format(formats, options.to);
    refuse_existing_output(options.output, options.overwrite);
    LoadedDataset loaded = load_dataset(formats, options.input, options.from, options.read, sink);
    adapt_to_target(loaded.dataset, target, {options.task}, sink);
    const WriteOptions write = write_options(options.images, target, options.read);
    write_dataset(loaded.dataset, target, {options.output, options.overwrite, {options.input}}, write, sink);

    ConvertResult result;
    result.from = loaded.format->name;
    result.detection_reason = loaded.detection_reason;
    result.to = target.name;
    result.images = write.images;
    result.written = count_dataset(loaded.dataset);
    result.dataset = std::move(loaded.dataset);
    return result;
}

}  // namespace labelkit
