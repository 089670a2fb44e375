// labelkit draw: pictures read back (stb_image) and checked pixel by pixel.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
// The lib has no PNG writer of stb: the tests write theirs with it, independently of encode_png.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

#include "labelkit/io.hpp"
#include "labelkit/limits.hpp"
#include "labelkit/ops/draw.hpp"
#include "png_fixtures.hpp"
#include "support.hpp"

namespace labelkit::test {

namespace {

constexpr Rgb background{200, 200, 200};

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

// A one-sample 8-bit grey TIFF of one value, one strip, PackBits-compressed (runs of 128 bytes:
// two bytes each), little-endian, written by hand.
std::string grey_tiff(std::uint32_t width, std::uint32_t height, std::uint8_t value) {
    std::string packed;
    for (std::uint32_t row = 0; row < height; ++row)
        for (std::uint32_t left = width; left > 0;) {
            const std::uint32_t run = std::min<std::uint32_t>(left, 128);
            packed += static_cast<char>(static_cast<std::int8_t>(1 - static_cast<int>(run)));
            packed += static_cast<char>(value);
            left -= run;
        }
    std::string out("II*\0", 4);
    const auto put = [&out](std::uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    put(8, 4);
    const std::uint32_t data = 8 + 2 + 9 * 12 + 4;
    const std::uint32_t entries[9][3] = {{256, 4, width}, {257, 4, height}, {258, 3, 8},        {259, 3, 32773},
                                         {262, 3, 1},     {273, 4, data},   {277, 3, 1},        {278, 4, height},
                                         {279, 4, static_cast<std::uint32_t>(packed.size())}};
    put(9, 2);
    for (const auto& e : entries) {
        put(e[0], 2);
        put(e[1], 2);
        put(1, 4);
        put(e[2], 4);  // a SHORT is left-justified in the 4 bytes: little-endian, the same bytes
    }
    put(0, 4);
    return out + packed;
}

// A COCO file of one image of the given size and file, and these annotations (category 1 cat).
void write_coco_image(const std::filesystem::path& root, const std::string& file, std::uint64_t width,
                      std::uint64_t height, const std::string& annotations) {
    write_file(root / "annotations" / "instances_train.json",
               fmt::format(R"({{"images": [{{"id": 1, "file_name": "{}", "width": {}, "height": {}}}],
                   "annotations": [{}], "categories": [{{"id": 1, "name": "cat"}}]}})",
                           file, width, height, annotations));
}

std::string jpeg_bytes(int width, int height, bool progressive) {
    cv::Mat image(height, width, CV_8UC3);
    cv::randu(image, 0, 255);
    std::vector<std::uint8_t> bytes;
    REQUIRE(cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_PROGRESSIVE, progressive ? 1 : 0}));
    return std::string(bytes.begin(), bytes.end());
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

TEST_CASE("draw: a mask declared far larger than its picture is filled within the picture, quickly") {
    // Was: every foreground pixel of the mask's own size was visited, 2^40 steps for this 6 KB file
    // (a 1048576 x 1048576 mask, 256 runs of 2^32 - 1 on): a hang. Now only the picture's columns.
    TempDir dir;
    std::string counts = "0";
    for (int run = 0; run < 256; ++run) counts += run ? ", 1, 4294967295" : ", 4294967295";
    counts += ", 1";  // the reader checks that the runs add up to the size: 2^40
    write_coco(dir / "in", {"a.png"},
               fmt::format(R"({{"id": 1, "image_id": 1, "category_id": 2, "bbox": [0, 0, 200, 160], "area": 32000, "iscrowd": 1,
                  "segmentation": {{"size": [1048576, 1048576], "counts": [{}]}}}})",
                           counts));
    const CommandResult run = run_labelkit(draw_command(dir / "in", dir / "out"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const Png png = read_png(dir / "out" / "train" / "a.png");
    // The whole picture is foreground: dog's blend (see the fill test) up to the last pixel.
    const Rgb dog_blend{202, 128, 228};
    CHECK_MESSAGE(near(png.at(100, 100), dog_blend, 1), rgb_text(png.at(100, 100)));
    CHECK_MESSAGE(near(png.at(199, 159), dog_blend, 1), rgb_text(png.at(199, 159)));
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

TEST_CASE("draw: a box's outline is inside it, exactly the line's width") {
    // Was: OpenCV's thick rectangle centred on the first and last pixels, 3 px wide, 1 px outside.
    // The square covers x 72..89 and y 40..57; the line of a 200 x 160 picture is 2 px.
    TempDir dir;
    write_coco(dir / "in", {"a.png"},
               R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [72, 40, 18, 18], "area": 324, "iscrowd": 0})");
    const CommandResult run = run_labelkit(draw_command(dir / "in", dir / "out"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const Png png = read_png(dir / "out" / "train" / "a.png");
    const Rgb cat{0x00, 0xC2, 0xFF};
    for (const int x : {72, 73, 88, 89}) CHECK_MESSAGE(png.at(x, 50) == cat, x);
    for (const int x : {71, 74, 87, 90}) CHECK_MESSAGE(png.at(x, 50) == background, x);
    for (const int y : {56, 57}) CHECK_MESSAGE(png.at(80, y) == cat, y);
    for (const int y : {55, 58}) CHECK_MESSAGE(png.at(80, y) == background, y);
    CHECK(png.at(80, 41) == cat);
    CHECK(png.at(80, 42) == background);
}

TEST_CASE("draw: a tag is shifted left to fit in the picture, and inside the box when none is above") {
    // Was: the tag began at the box's left edge and was cut at the picture's right edge ("squ").
    TempDir dir;
    write_coco(dir / "in", {"a.png"},
               R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [170, 60, 28, 30], "area": 840, "iscrowd": 0},
                  {"id": 2, "image_id": 1, "category_id": 1, "bbox": [10, 2, 60, 40], "area": 2400, "iscrowd": 0})");
    const CommandResult run = run_labelkit(draw_command(dir / "in", dir / "out"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const Png png = read_png(dir / "out" / "train" / "a.png");
    const Rgb cat{0x00, 0xC2, 0xFF};
    // The tag's size as draw_tag measures it: scale 2/3 (line 2 / 3), thickness 1.
    int baseline = 0;
    const cv::Size tag = cv::getTextSize("cat", cv::FONT_HERSHEY_SIMPLEX, 2.0 / 3, 1, &baseline);
    // It ends at x 199 (its right edge at 200 - 1), so starts at 199 - width, left of the box at 170;
    // row 59 lies between the text's baseline (58) and the box's top (60).
    const int start = 199 - tag.width;
    REQUIRE(start < 168);
    CHECK_MESSAGE(png.at(start + 1, 59) == cat, rgb_text(png.at(start + 1, 59)));
    CHECK_MESSAGE(png.at(168, 59) == cat, rgb_text(png.at(168, 59)));
    CHECK(png.at(start - 2, 59) == background);
    // The second box's top is at y 2: its tag hangs inside the box, below its top edge
    // (rows 2 to 2 + height + 3, the text's baseline on the row above the last).
    CHECK_MESSAGE(png.at(10 + tag.width / 2, 2 + tag.height + 2) != background,
                  rgb_text(png.at(10 + tag.width / 2, 2 + tag.height + 2)));
    CHECK(png.at(60, 0) == background);
}

TEST_CASE("draw --compare: annotators' tags at one corner do not hide each other") {
    // Was: every annotator's tag went above the box's top-left corner, the last one drawn on top.
    TempDir dir;
    write_coco(dir / "alice", {"a.png"}, box_annotation);  // [20, 40, 120, 80]
    write_coco(dir / "bob", {"a.png"}, box_annotation);
    const CommandResult run = run_labelkit(
        fmt::format("draw --compare {} {} -o {} --no-sheet", q(dir / "alice"), q(dir / "bob"), q(dir / "out")));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const Png png = read_png(dir / "out" / "a.png");
    int baseline = 0;
    const cv::Size tag = cv::getTextSize("cat", cv::FONT_HERSHEY_SIMPLEX, 2.0 / 3, 1, &baseline);
    // alice's tag is where Ultralytics puts it: above the box (rows 40 - height - 3 to 39). Its
    // row 39 - 1, at the tag's right end (past the text), is alice's colour.
    const Rgb alice = annotator_colour(0), bob = annotator_colour(1);
    CHECK_MESSAGE(png.at(20 + tag.width - 1, 38) == alice, rgb_text(png.at(20 + tag.width - 1, 38)));
    // That place taken, bob's goes below the box (its bottom edge is row 119): rows 120 on.
    CHECK_MESSAGE(png.at(20 + tag.width - 1, 121) == bob, rgb_text(png.at(20 + tag.width - 1, 121)));
    CHECK(png.at(20 + tag.width + 3, 121) == background);
}

TEST_CASE("draw: a picture far wider than high gets a line OpenCV can draw; far-out coordinates are harmless") {
    // Was: the line of a 25000000 x 1 picture was round(12500000.5 * 0.003) = 37500 px, beyond
    // OpenCV's 32767: a cv::Exception ended the run with exit 2.
    TempDir dir;
    write_file(dir / "in" / "images" / "train" / "wide.tif", grey_tiff(25'000'000, 1, 200));
    write_coco_image(dir / "in", "wide.tif", 25'000'000, 1,
                     R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 0, 20, 1], "area": 20, "iscrowd": 0})");
    const CommandResult wide = run_labelkit(draw_command(dir / "in", dir / "out", "--no-sheet"));
    REQUIRE_MESSAGE(wide.exit_code == 0, wide.err);
    CHECK(wide.err.find("draw/") == std::string::npos);
    CHECK(is_file(dir / "out" / "train" / "wide.png"));

    // Boxes, polygons and keypoints 1e30 pixels out (JSON has no NaN): drawn without a failure.
    write_coco(dir / "far", {"a.png"},
               R"({"id": 1, "image_id": 1, "category_id": 1, "bbox": [-1e30, -1e30, 2e30, 2e30], "area": 1, "iscrowd": 0,
                   "segmentation": [[-1e30, 5, 1e30, 5, 1e30, 1e30, 5, -1e30]]},
                  {"id": 2, "image_id": 1, "category_id": 2, "bbox": [1e30, 1e30, 1e30, 1e30], "area": 1, "iscrowd": 0,
                   "keypoints": [1e30, -1e30, 2, 40.5, 40.5, 2], "num_keypoints": 2})");
    const CommandResult far = run_labelkit(draw_command(dir / "far", dir / "far_out"));
    REQUIRE_MESSAGE(far.exit_code == 0, far.err);
    const Png png = read_png(dir / "far_out" / "train" / "a.png");
    CHECK(png.width == 200);
    CHECK(png.at(40, 40) == Rgb{0xCB, 0x38, 0xFF});  // the keypoint in the picture, dog's colour
}

TEST_CASE("draw --images @FILE: agree's report read by its path, depth-limited, errors with line:column") {
    TempDir dir;
    write_coco(dir / "in", {"a.png"}, box_annotation);
    // Was: the whole JSON walked recursively for worst_images keys: this file overflowed the stack.
    write_file(dir / "deep.json", "{\"a\": " + std::string(200'000, '['));
    const CommandResult deep = run_labelkit(draw_command(dir / "in", dir / "deep", "--images @" + (dir / "deep.json").string()));
    CHECK(deep.exit_code == 2);
    CHECK_MESSAGE(deep.err.find("nested more than 256 levels deep") != std::string::npos, deep.err);
    // A syntax error: the ',' on line 2, column 14.
    write_file(dir / "bad.json", "{\n  \"spatial\": ,\n}\n");
    const CommandResult bad = run_labelkit(draw_command(dir / "in", dir / "bad", "--images @" + (dir / "bad.json").string()));
    CHECK(bad.exit_code == 2);
    CHECK_MESSAGE(bad.err.find("bad.json:2:14") != std::string::npos, bad.err);
    // worst_images elsewhere than spatial.worst_images is not agree's report.
    write_file(dir / "other.json", R"({"x": {"worst_images": [{"image": "train/a.png"}]}})");
    const CommandResult other =
        run_labelkit(draw_command(dir / "in", dir / "other", "--images @" + (dir / "other.json").string()));
    CHECK(other.exit_code == 2);
    CHECK_MESSAGE(other.err.find("spatial.worst_images") != std::string::npos, other.err);
    write_file(dir / "good.json", R"({"spatial": {"worst_images": [{"image": "train/a.png", "mean_f1": 0.5}]}})");
    const CommandResult good = run_labelkit(draw_command(dir / "in", dir / "good", "--images @" + (dir / "good.json").string()));
    REQUIRE_MESSAGE(good.exit_code == 0, good.err);
    CHECK(is_file(dir / "good" / "train" / "a.png"));
}

TEST_CASE("draw --images: images in the order asked for, so --max keeps agree's worst") {
    // Was: the picked images were drawn in name order, and --max 1 kept a.png, not the worst c.png.
    TempDir dir;
    write_coco(dir / "in", {"a.png", "b.png", "c.png"}, box_annotation);
    write_file(dir / "worst.json", R"({"spatial": {"worst_images": [{"image": "train/c.png", "mean_f1": 0.2},
                                                                    {"image": "train/a.png", "mean_f1": 0.5}]}})");
    const CommandResult worst =
        run_labelkit(draw_command(dir / "in", dir / "worst", "--max 1 --images @" + (dir / "worst.json").string()));
    REQUIRE_MESSAGE(worst.exit_code == 0, worst.err);
    CHECK(worst.out.starts_with(fmt::format("drew 1 image of 2 selected into {}", (dir / "worst").string())));
    CHECK(is_file(dir / "worst" / "train" / "c.png"));
    CHECK_FALSE(std::filesystem::exists(dir / "worst" / "train" / "a.png"));
    // A name given twice (itself and by a pattern) is drawn once; a pattern's images in name order.
    const CommandResult twice =
        run_labelkit(draw_command(dir / "in", dir / "twice", "--no-sheet --images train/b.png,'train/*'"));
    REQUIRE_MESSAGE(twice.exit_code == 0, twice.err);
    CHECK(twice.out.starts_with(fmt::format("drew 3 images into {}", (dir / "twice").string())));
}

TEST_CASE("draw: the --images @FILE list is an input: the output may not replace or hold it") {
    // Was: `-o report --overwrite --images @report/worst.txt` deleted the list at commit.
    TempDir dir;
    write_coco(dir / "in", {"a.png"}, box_annotation);
    write_file(dir / "report" / "worst.txt", "train/a.png\n");
    const CommandResult run = run_labelkit(
        draw_command(dir / "in", dir / "report", "--overwrite --images @" + (dir / "report" / "worst.txt").string()));
    CHECK(run.exit_code == 2);
    CHECK(read_file(dir / "report" / "worst.txt") == "train/a.png\n");
}

TEST_CASE("draw --compare: the legend lists the image's annotators; more than 8 share colours, said once") {
    // Was: every annotator on every image's legend.
    TempDir dir;
    write_coco(dir / "alice", {"a.png"}, box_annotation);
    write_coco(dir / "bob", {"a.png"}, box_annotation);
    write_coco(dir / "carol", {"b.png"}, box_annotation);
    const CommandResult run = run_labelkit(
        fmt::format("draw --compare {} {} {} -o {}", q(dir / "alice"), q(dir / "bob"), q(dir / "carol"), q(dir / "out")));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const Png b = read_png(dir / "out" / "b.png");
    CHECK_MESSAGE(b.at(14, 160 + 4 + 10) == annotator_colour(2), rgb_text(b.at(14, 160 + 4 + 10)));  // carol's swatch first
    CHECK(b.height == 160 + 24 + 4);  // one row
    CHECK(run.err.find("draw/shared-colours") == std::string::npos);

    std::string inputs;
    for (int i = 0; i < 9; ++i) {
        write_coco(dir / fmt::format("a{}", i), {"a.png"}, box_annotation);
        inputs += " " + q(dir / fmt::format("a{}", i));
    }
    const CommandResult nine = run_labelkit(fmt::format("draw --compare {} -o {}", inputs, q(dir / "nine")));
    REQUIRE_MESSAGE(nine.exit_code == 0, nine.err);
    const auto first = nine.err.find("[draw/shared-colours]");
    CHECK(first != std::string::npos);
    CHECK(nine.err.find("[draw/shared-colours]", first + 1) == std::string::npos);
}

TEST_CASE("draw: a legend that would take the picture beyond the pixel limit is left out") {
    // Was: the legend widened any picture to 240 pixels, whatever its height (1 x 2^28: 240 x 2^28).
    const std::uint32_t height = static_cast<std::uint32_t>(labelkit::limits::max_raster_pixels / 240) + 1;
    Picture tall = Picture::blank(1, height, background);
    CHECK_FALSE(add_legend(tall, {{"alice", annotator_colour(0)}}));
    CHECK(tall.width == 1);
    Picture small = Picture::blank(10, 10, background);
    CHECK(add_legend(small, {{"alice", annotator_colour(0)}}));
    CHECK(small.width == 240);
    CHECK(small.height == 10 + 24 + 4);
}

TEST_CASE("draw --max 0 is a usage error") {
    // Was: 0 drew all the images, though the help says "at most N".
    TempDir dir;
    write_coco(dir / "in", {"a.png"}, box_annotation);
    const CommandResult run = run_labelkit(draw_command(dir / "in", dir / "out", "--max 0"));
    CHECK(run.exit_code == 2);
    CHECK_MESSAGE(run.err.find("--max is at least 1") != std::string::npos, run.err);
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
}

TEST_CASE("draw: a damaged JPEG is drawn with a warning; one of more than 500 scans is not decoded") {
    // Was: libjpeg's warnings were ignored (drawn in silence), and scans were not limited.
    TempDir dir;
    write_coco_image(dir / "in", "cut.jpg", 64, 48, box_annotation);
    const std::string whole = jpeg_bytes(64, 48, false);
    write_file(dir / "in" / "images" / "train" / "cut.jpg", whole.substr(0, whole.size() / 2));
    const CommandResult cut = run_labelkit(draw_command(dir / "in", dir / "out"));
    REQUIRE_MESSAGE(cut.exit_code == 0, cut.err);
    CHECK_MESSAGE(cut.err.find("[draw/corrupt-image]") != std::string::npos, cut.err);
    CHECK(cut.err.find("train/cut.jpg") != std::string::npos);

    // A progressive JPEG whose last scan is repeated 600 times (libjpeg warns, and goes on).
    std::string progressive = jpeg_bytes(64, 48, true);
    const std::size_t last_scan = progressive.rfind("\xFF\xDA");
    REQUIRE(last_scan != std::string::npos);
    const std::string scan = progressive.substr(last_scan, progressive.size() - 2 - last_scan);
    std::string many = progressive.substr(0, progressive.size() - 2);
    for (int i = 0; i < 600; ++i) many += scan;
    many += "\xFF\xD9";
    write_coco_image(dir / "scans", "scans.jpg", 64, 48, box_annotation);
    write_file(dir / "scans" / "images" / "train" / "scans.jpg", many);
    const CommandResult scans = run_labelkit(draw_command(dir / "scans", dir / "scans_out"));
    REQUIRE_MESSAGE(scans.exit_code == 0, scans.err);
    CHECK_MESSAGE(scans.err.find("more than 500 scans") != std::string::npos, scans.err);
    CHECK(scans.err.find("[draw/unreadable-image]") != std::string::npos);
}

}  // namespace labelkit::test
