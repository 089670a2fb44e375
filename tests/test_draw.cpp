// labelkit draw: pictures read back (stb_image) and checked pixel by pixel.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <stb/stb_image.h>
// The lib has no PNG writer of stb: the tests write theirs with it, independently of encode_png.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

#include "labelkit/io.hpp"
#include "labelkit/ops/draw.hpp"
#include "support.hpp"

namespace labelkit::test {

namespace {

constexpr Rgb background{200, 200, 200};

struct Png {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;
    Rgb at(int x, int y) const {
        const std::uint8_t* p = rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3;
        return {p[0], p[1], p[2]};
    }
};

Png read_png(const std::filesystem::path& path) {
    const std::string bytes = read_file(path);
    Png png;
    int channels = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
        stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()),
                              &png.width, &png.height, &channels, 3),
        stbi_image_free);
    REQUIRE_MESSAGE(pixels, "not a PNG stb_image reads: " << path);
    png.rgb.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(png.width) * png.height * 3);
    return png;
}

// A PNG of one colour, written with stb_image_write.
void write_plain_png(const std::filesystem::path& path, int width, int height, Rgb colour) {
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * height * 3);
    for (std::size_t i = 0; i < rgb.size(); i += 3) {
        rgb[i] = colour.r;
        rgb[i + 1] = colour.g;
        rgb[i + 2] = colour.b;
    }
    std::string bytes;
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    };
    REQUIRE(stbi_write_png_to_func(append, &bytes, width, height, 3, rgb.data(), width * 3));
    std::filesystem::create_directories(path.parent_path());
    write_file(path, bytes);
}

std::string rgb_text(Rgb c) { return fmt::format("({}, {}, {})", c.r, c.g, c.b); }

// Within `tolerance` on every channel.
bool near(Rgb a, Rgb b, int tolerance = 0) {
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

// A COCO dataset in the layout of examples/coco: annotations/instances_train.json and
// images/train/<file>. `annotations` is the JSON array's inside; categories: 1 cat, 2 dog.
void write_coco(const std::filesystem::path& root, const std::vector<std::string>& images, const std::string& annotations,
                bool with_files = true) {
    std::string image_records;
    for (std::size_t i = 0; i < images.size(); ++i) {
        image_records += fmt::format(R"({}{{"id": {}, "file_name": "{}", "width": 200, "height": 160}})",
                                     i ? ", " : "", i + 1, images[i]);
        if (with_files) write_plain_png(root / "images" / "train" / images[i], 200, 160, background);
    }
    write_file(root / "annotations" / "instances_train.json",
               fmt::format(R"({{"images": [{}], "annotations": [{}], "categories": [{{"id": 1, "name": "cat"}},
                   {{"id": 2, "name": "dog", "keypoints": ["a", "b"], "skeleton": [[1, 2]]}}]}})",
                           image_records, annotations));
}

const char* box_annotation = R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [20, 40, 120, 80], "area": 9600, "iscrowd": 0})";

std::string draw_command(const std::filesystem::path& input, const std::filesystem::path& output,
                         const std::string& extra = "") {
    return fmt::format("draw {} -o {} {}", q(input), q(output), extra);
}

}  // namespace

TEST_CASE("draw: class colours come from Ultralytics' palette by name hash, colliding names probe on") {
    // FNV-1a 32 of the names mod 20, by hand (Python): cat 11 (00C2FF), circle 17, dog 17, person 8.
    const auto colours = class_colours({"person", "dog", "cat", "circle"});
    CHECK(colours[2] == Rgb{0x00, 0xC2, 0xFF});
    CHECK(colours[0] == Rgb{0x1A, 0x93, 0x34});
    CHECK(colours[3] == Rgb{0xCB, 0x38, 0xFF});  // circle sorts before dog: slot 17 is circle's
    CHECK(colours[1] == Rgb{0xFF, 0x95, 0xC8});  // dog takes the next free slot, 18
    // Alone, dog has its own slot; the same names in another order get the same colours.
    CHECK(class_colours({"dog"})[0] == Rgb{0xCB, 0x38, 0xFF});
    CHECK(class_colours({"circle", "cat", "dog", "person"}) ==
          std::vector<Rgb>{colours[3], colours[2], colours[1], colours[0]});
    // More names than colours: all 20 used before one repeats.
    std::vector<std::string> many;
    for (int i = 0; i < 21; ++i) many.push_back(fmt::format("class{:02}", i));
    const auto shared = class_colours(many);
    std::set<std::tuple<int, int, int>> first20;
    for (int i = 0; i < 20; ++i) first20.insert({shared[i].r, shared[i].g, shared[i].b});
    CHECK(first20.size() == 20);
}

TEST_CASE("draw: a box's edge has its class colour, the inside of the box keeps the image") {
    TempDir dir;
    write_coco(dir / "in", {"a.png"}, box_annotation);
    const CommandResult run = run_labelkit(draw_command(dir / "in", dir / "out"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.out == fmt::format("drew 1 image into {}\ncontact sheet: {} (1 image)\n", (dir / "out").string(),
                                 (dir / "out" / "contact_sheet.png").string()));
    const Png png = read_png(dir / "out" / "train" / "a.png");
    REQUIRE(png.width == 200);
    REQUIRE(png.height == 160);
    const Rgb cat{0x00, 0xC2, 0xFF};  // see the palette test
    // The box covers pixels 20..139 x 40..119: its edges are drawn on the first and last of them.
    CHECK_MESSAGE(png.at(20, 80) == cat, rgb_text(png.at(20, 80)));
    CHECK(png.at(139, 80) == cat);
    CHECK(png.at(80, 119) == cat);
    CHECK(png.at(80, 40) == cat);
    CHECK(png.at(80, 80) == background);   // inside, unfilled
    CHECK(png.at(180, 140) == background); // outside
    CHECK(png.at(5, 5) == background);
    // The tag above the box's top-left corner: filled with the class colour where there is no text.
    CHECK(png.at(21, 38) == cat);
}

TEST_CASE("draw: polygons and masks are filled at 50 % over the image, and outlined") {
    TempDir dir;
    // A polygon square (20..140 x 40..120) of cat, and an RLE mask of dog: columns 150..179,
    // rows 10..49 of a 160-high image: start 150*160+10, then 40 on and 120 off, 30 times.
    std::string counts = std::to_string(150 * 160 + 10);
    for (int column = 0; column < 30; ++column) counts += column ? ", 120, 40" : ", 40";
    counts += fmt::format(", {}", 200 * 160 - (150 * 160 + 10) - 30 * 40 - 29 * 120);
    write_coco(dir / "in", {"a.png"},
               fmt::format(R"({{"id": 1, "image_id": 1, "category_id": 1, "bbox": [20, 40, 120, 80], "area": 9600, "iscrowd": 0,
                  "segmentation": [[20, 40, 140, 40, 140, 120, 20, 120]]}},
                  {{"id": 2, "image_id": 1, "category_id": 2, "bbox": [150, 10, 30, 40], "area": 1200, "iscrowd": 1,
                  "segmentation": {{"size": [160, 200], "counts": [{}]}}}})",
                           counts));
    const CommandResult run = run_labelkit(draw_command(dir / "in", dir / "out"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const Png png = read_png(dir / "out" / "train" / "a.png");
    // Half the class colour, half the image (by hand: (200 + 0) / 2, (200 + 194) / 2, (200 + 255) / 2).
    const Rgb cat_blend{100, 197, 228};
    CHECK_MESSAGE(near(png.at(80, 80), cat_blend, 1), rgb_text(png.at(80, 80)));
    CHECK(png.at(20, 80) == Rgb{0x00, 0xC2, 0xFF});  // the outline is solid
    // dog is CB38FF: (200 + 203) / 2, (200 + 56) / 2, (200 + 255) / 2.
    const Rgb dog_blend{202, 128, 228};
    CHECK_MESSAGE(near(png.at(165, 40), dog_blend, 1), rgb_text(png.at(165, 40)));
    CHECK(png.at(165, 60) == background);  // below the mask
    CHECK(png.at(185, 45) == background);  // right of it (below dog's tag)
}

TEST_CASE("draw: keypoints with their category's skeleton") {
    TempDir dir;
    write_coco(dir / "in", {"a.png"},
               R"({"id": 1, "image_id": 1, "category_id": 2, "bbox": [10, 100, 180, 50], "area": 9000, "iscrowd": 0,
                   "keypoints": [40.5, 130.5, 2, 160.5, 130.5, 2], "num_keypoints": 2})");
    const CommandResult run = run_labelkit(draw_command(dir / "in", dir / "out"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const Png png = read_png(dir / "out" / "train" / "a.png");
    const Rgb dog{0xCB, 0x38, 0xFF};
    CHECK(png.at(40, 130) == dog);   // a visible keypoint: a filled dot
    CHECK(png.at(160, 130) == dog);
    CHECK_MESSAGE(png.at(100, 130) == dog, rgb_text(png.at(100, 130)));  // on the skeleton's line
    CHECK(png.at(100, 140) == background);                               // off it
}

TEST_CASE("draw --compare: each annotator in its own colour, with a legend") {
    TempDir dir;
    write_coco(dir / "alice", {"a.png"}, box_annotation);
    write_coco(dir / "bob", {"a.png"},
               R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [30, 50, 100, 60], "area": 6000, "iscrowd": 0})");
    const CommandResult run =
        run_labelkit(fmt::format("draw --compare {} {} -o {}", q(dir / "alice"), q(dir / "bob"), q(dir / "out")));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    // Paired as agree pairs them: by path (a.png), the subset left out as no path repeats.
    const Png png = read_png(dir / "out" / "a.png");
    CHECK(png.width == 240);          // the legend is at least 240 wide
    CHECK(png.height > 160);          // the legend below the image
    const Rgb alice = annotator_colour(0), bob = annotator_colour(1);
    REQUIRE(alice != bob);
    CHECK_MESSAGE(png.at(20, 80) == alice, rgb_text(png.at(20, 80)));
    CHECK_MESSAGE(png.at(30, 80) == bob, rgb_text(png.at(30, 80)));
    CHECK(png.at(80, 80) == background);
    // The legend's swatches: alice's first, at the left of the band.
    CHECK(png.at(14, 160 + 4 + 10) == alice);

    // --names as agree's; --images takes agree's worst-image lines as they are.
    write_file(dir / "worst.txt", "    0.333  a.png\n");
    const CommandResult named = run_labelkit(fmt::format("draw --compare {} {} --names A,B --images @{} -o {}",
                                                         q(dir / "alice"), q(dir / "bob"), (dir / "worst.txt").string(),
                                                         q(dir / "named")));
    REQUIRE_MESSAGE(named.exit_code == 0, named.err);
    CHECK(named.out.starts_with("drew 1 image into"));

    // And agree's JSON report, whose worst images are drawn.
    const CommandResult report =
        run_labelkit(fmt::format("agree {} {} --format json", q(dir / "alice"), q(dir / "bob")));
    REQUIRE_MESSAGE(report.exit_code == 0, report.err);
    write_file(dir / "agree.json", report.out);
    const CommandResult worst = run_labelkit(fmt::format("draw --compare {} {} --images @{} -o {}", q(dir / "alice"),
                                                         q(dir / "bob"), (dir / "agree.json").string(), q(dir / "worst")));
    REQUIRE_MESSAGE(worst.exit_code == 0, worst.err);
    CHECK(is_file(dir / "worst" / "a.png"));
}

TEST_CASE("draw: --images picks by name or pattern, --max caps the count, the sheet shows them") {
    TempDir dir;
    write_coco(dir / "in", {"a.png", "b.png", "c.png"}, box_annotation);
    const CommandResult capped = run_labelkit(draw_command(dir / "in", dir / "capped", "--max 2"));
    REQUIRE_MESSAGE(capped.exit_code == 0, capped.err);
    CHECK(capped.out.starts_with(fmt::format("drew 2 images of 3 selected into {}", (dir / "capped").string())));
    CHECK(is_file(dir / "capped" / "train" / "a.png"));
    CHECK(is_file(dir / "capped" / "train" / "b.png"));
    CHECK_FALSE(std::filesystem::exists(dir / "capped" / "train" / "c.png"));
    // Two thumbnails side by side in cells 200 wide; 200 x 160 scaled to 192 x 154, with 4 above
    // and below and 20 for the name: 182 high.
    const Png sheet = read_png(dir / "capped" / "contact_sheet.png");
    CHECK(sheet.width == 400);
    CHECK(sheet.height == 182);

    const CommandResult picked = run_labelkit(draw_command(dir / "in", dir / "picked", "--images 'train/c*' --no-sheet"));
    REQUIRE_MESSAGE(picked.exit_code == 0, picked.err);
    CHECK(is_file(dir / "picked" / "train" / "c.png"));
    CHECK_FALSE(std::filesystem::exists(dir / "picked" / "train" / "a.png"));
    CHECK_FALSE(std::filesystem::exists(dir / "picked" / "contact_sheet.png"));

    const CommandResult unknown = run_labelkit(draw_command(dir / "in", dir / "none", "--images train/zzz.png"));
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("no image is named 'train/zzz.png'") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "none"));
}

TEST_CASE("draw: an image not found is drawn on a grey canvas of its labelled size, with a warning") {
    TempDir dir;
    write_coco(dir / "in", {"gone.png"}, box_annotation, false);
    const CommandResult run = run_labelkit(draw_command(dir / "in", dir / "out"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.err.find("1 image not found: drawn on a grey canvas") != std::string::npos);
    CHECK(run.err.find("[draw/missing-image]") != std::string::npos);
    CHECK(run.out.find("(1 on a grey canvas") != std::string::npos);
    const Png png = read_png(dir / "out" / "train" / "gone.png");
    CHECK(png.width == 200);
    CHECK(png.height == 160);
    CHECK(png.at(80, 80) == Rgb{128, 128, 128});
    CHECK(png.at(20, 80) == Rgb{0x00, 0xC2, 0xFF});
}

TEST_CASE("draw: the output folder is new, replaced only with --overwrite, never the input") {
    TempDir dir;
    write_coco(dir / "in", {"a.png"}, box_annotation);
    std::filesystem::create_directories(dir / "out");
    write_file(dir / "out" / "mine.txt", "keep");
    const CommandResult refused = run_labelkit(draw_command(dir / "in", dir / "out"));
    CHECK(refused.exit_code == 2);
    CHECK(read_file(dir / "out" / "mine.txt") == "keep");
    CHECK_FALSE(std::filesystem::exists(dir / "out" / "train"));

    const CommandResult replaced = run_labelkit(draw_command(dir / "in", dir / "out", "--overwrite"));
    REQUIRE_MESSAGE(replaced.exit_code == 0, replaced.err);
    CHECK(is_file(dir / "out" / "train" / "a.png"));
    CHECK_FALSE(std::filesystem::exists(dir / "out" / "mine.txt"));

    // The input itself, even with --overwrite, and a folder of its images.
    const CommandResult input = run_labelkit(draw_command(dir / "in", dir / "in", "--overwrite"));
    CHECK(input.exit_code == 2);
    CHECK(is_file(dir / "in" / "annotations" / "instances_train.json"));
    const CommandResult images = run_labelkit(draw_command(dir / "in", dir / "in" / "images" / "train", "--overwrite"));
    CHECK(images.exit_code == 2);
    CHECK(is_file(dir / "in" / "images" / "train" / "a.png"));
}

TEST_CASE("draw: two images whose PNG names would collide get names of their own") {
    TempDir dir;
    write_coco(dir / "in", {"a.jpg", "a.png", "contact_sheet.jpg"}, box_annotation);
    const CommandResult run = run_labelkit(draw_command(dir / "in", dir / "out"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(is_file(dir / "out" / "train" / "a.png"));      // a.jpg, first in name order
    CHECK(is_file(dir / "out" / "train" / "a.png.png"));  // a.png
    CHECK(is_file(dir / "out" / "train" / "contact_sheet.png"));
    CHECK(is_file(dir / "out" / "contact_sheet.png"));
}

TEST_CASE("draw: a real dataset's WebP, JPEG and TIFF images are decoded, none on a blank canvas" * needs_shared) {
    TempDir dir;
    const auto input = corpus("realworld/yolo-webp-images-unreadable/data.yaml");
    const CommandResult run = run_labelkit(draw_command(input, dir / "out"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.out.starts_with("drew 4 images into"));
    CHECK(run.err.find("draw/") == std::string::npos);
    for (const char* name : {"train/real.png", "train/Image_17.png", "val/ok.png", "val/scan.png"}) {
        const Png png = read_png(dir / "out" / name);
        CHECK_MESSAGE(png.width == 64, name);
        CHECK_MESSAGE(png.height == 48, name);
    }
}

}  // namespace labelkit::test
