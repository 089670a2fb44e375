// A lint config (.labelkit.yaml) through read_lint_config, with every rule of every format, then
// its ignore patterns matched against a few paths under the config's folder.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/ops/lint.hpp"
#include "scratch_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ScratchFolder folder("lint_config");
    static const std::vector<labelkit::RuleInfo> rules = labelkit::all_rules(labelkit::all_formats());
    const auto file = folder.write(".labelkit.yaml", data, size);
    labelkit::LintConfig config(rules);
    try {
        labelkit::read_lint_config(file, config);
    } catch (const labelkit::Error&) {
        return 0;
    }
    for (const auto& path : {folder.path() / "labels/train/a.txt", folder.path() / "Annotations/2007_000001.xml",
                             folder.path() / "instances_val.json"})
        config.ignored(path.string());
    return 0;
}
