// The colours `labelkit draw` gives classes and annotators.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string_view>

#include "labelkit/ops/draw.hpp"

namespace labelkit {

namespace {

// FNV-1a, 32 bits: the same name always hashes the same, on every machine and run.
std::uint32_t fnv1a(std::string_view text) {
    std::uint32_t hash = 2166136261u;
    for (const char c : text) {
        hash ^= static_cast<std::uint8_t>(c);
        hash *= 16777619u;
    }
    return hash;
}

}  // namespace

const std::array<Rgb, 20>& class_palette() {
    // Ultralytics' Colors (YOLOv5, YOLOv8): FF3838 FF9D97 FF701F FFB21D CFD231 48F90A 92CC17 3DDB86
    // 1A9334 00D4BB 2C99A8 00C2FF 344593 6473FF 0018EC 8438FF 520085 CB38FF FF95C8 FF37C7.
    static constexpr std::array<Rgb, 20> palette{{{0xFF, 0x38, 0x38}, {0xFF, 0x9D, 0x97}, {0xFF, 0x70, 0x1F},
                                                  {0xFF, 0xB2, 0x1D}, {0xCF, 0xD2, 0x31}, {0x48, 0xF9, 0x0A},
                                                  {0x92, 0xCC, 0x17}, {0x3D, 0xDB, 0x86}, {0x1A, 0x93, 0x34},
                                                  {0x00, 0xD4, 0xBB}, {0x2C, 0x99, 0xA8}, {0x00, 0xC2, 0xFF},
                                                  {0x34, 0x45, 0x93}, {0x64, 0x73, 0xFF}, {0x00, 0x18, 0xEC},
                                                  {0x84, 0x38, 0xFF}, {0x52, 0x00, 0x85}, {0xCB, 0x38, 0xFF},
                                                  {0xFF, 0x95, 0xC8}, {0xFF, 0x37, 0xC7}}};
    return palette;
}

std::vector<Rgb> class_colours(const std::vector<std::string>& names) {
    const auto& palette = class_palette();
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
    std::vector<Rgb> colours(names.size());
    std::array<bool, 20> taken{};
    std::size_t free_slots = palette.size();
    const std::string* previous = nullptr;
    std::size_t previous_slot = 0;
    for (const std::size_t i : order) {
        if (previous && *previous == names[i]) {  // a repeated name keeps its colour
            colours[i] = palette[previous_slot];
            continue;
        }
        if (free_slots == 0) {  // every slot is used: start sharing them
            taken.fill(false);
            free_slots = palette.size();
        }
        std::size_t slot = fnv1a(names[i]) % palette.size();
        while (taken[slot]) slot = (slot + 1) % palette.size();
        taken[slot] = true;
        --free_slots;
        colours[i] = palette[slot];
        previous = &names[i];
        previous_slot = slot;
    }
    return colours;
}

Rgb annotator_colour(std::size_t index) {
    // Far apart in hue and lightness, and apart from grey (a missing image's canvas).
    static constexpr std::array<Rgb, annotator_colours> colours{{{0xE6, 0x19, 0x4B},    // red
                                                 {0x00, 0x82, 0xC8},    // blue
                                                 {0x3C, 0xB4, 0x4B},    // green
                                                 {0xF5, 0x82, 0x31},    // orange
                                                 {0x91, 0x1E, 0xB4},    // purple
                                                 {0x46, 0xF0, 0xF0},    // cyan
                                                 {0xF0, 0x32, 0xE6},    // magenta
                                                 {0xFF, 0xE1, 0x19}}};  // yellow
    return colours[index % colours.size()];
}

}  // namespace labelkit
