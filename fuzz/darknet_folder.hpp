#pragma once
// A scratch folder holding a small Darknet dataset for the fuzzed file to name: obj.names,
// train.txt and valid.txt listing two images (PNG headers only: all that probe_image reads)
// with their label files beside them.
#include <string_view>

#include "scratch_folder.hpp"

class DarknetFolder : public ScratchFolder {
public:
    explicit DarknetFolder(std::string_view target) : ScratchFolder(target) {
        // An 8 x 6 PNG's signature and IHDR chunk.
        constexpr std::string_view png_header(
            "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x08\x00\x00\x00\x06\x08\x00\x00\x00\x00\xdb\x6e\x80\x27",
            33);
        write("obj.names", "circle\nsquare\ntriangle\n");
        write("train.txt", "data/obj_train_data/a.png\n");
        write("valid.txt", "./obj_valid_data/b.png\n");
        write("obj_train_data/a.png", png_header);
        write("obj_train_data/a.txt", "0 0.5 0.5 0.25 0.5\n");
        write("obj_valid_data/b.png", png_header);
        write("obj_valid_data/b.txt", "2 0.125 0.5 0.25 0.5\n1 0.5 0.5 1 1\n");
    }
};
