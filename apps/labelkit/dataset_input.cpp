#include "dataset_input.hpp"

#include "choices.hpp"
#include "labelkit/io.hpp"

namespace labelkit::cli {

void add_input_options(CLI::App& command, ReadOptions& read, std::string& image_size) {
    command.add_option("--image-root", read.image_root,
                       "where the images are, when not where the format's layout puts them (DIR, DIR/<subset>/ "
                       "and DIR/images/<subset>/ are searched)");
    command.add_option("--image-size", image_size,
                       "W,H: the size of every image whose size cannot be read (label files without their image), "
                       "for datasets of one fixed size");
    add_choice(command, "--voc-coordinates", read.voc_coordinates,
               "VOC boxes read and written as the devkit's 1-based inclusive pixel indices (devkit, the "
               "default) or as the box's edges (edges: LabelImg, CVAT, globox)");
    command.add_flag("--keep-gold", read.keep_gold,
                     "crowd reports (Appen): keep the judgments of gold units (test questions), left out by default");
    command.add_flag("--keep-tainted", read.keep_tainted,
                     "crowd reports (Appen): keep tainted judgments (of distrusted contributors), left out by default");
    command.add_option("--columns", read.columns,
                       "crowd long tables: which columns hold what, as item=COL,annotator=COL,label=COL[,text=COL]"
                       "[,score=COL], or a preset: appen, mturk, crowd-kit, label-studio");
}

void set_image_size(ReadOptions& read, const std::string& text) {
    if (!text.empty()) read.image_size = parse_image_size(text);
}

void add_seed_option(CLI::App& command, std::uint64_t& seed, const std::string& description) {
    command.add_option("--seed", seed, description)
        ->check(CLI::Validator(
            [](const std::string& text) {
                return text.find_first_not_of("0123456789") == std::string::npos && !text.empty()
                           ? std::string()
                           : "a seed is a whole number of 0 or more, found '" + text + "'";
            },
            "UINT"));
}

}  // namespace labelkit::cli
