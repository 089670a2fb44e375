// Items that platforms name by URL or absolute path (Label Studio "/image1", SageMaker "s3://...",
// signed "https://...?sig=") written to formats that name files after their items: the name the
// reference ends with, made unique, with warnings; ".." still refused, relative paths as before.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ops/item_file_names.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using labelkit::file_name_of_reference;
using labelkit::is_url_or_absolute;
namespace lt = labelkit::test;

namespace {

// The lines of stderr that end in "[rule]".
std::vector<std::string> said(const lt::CommandResult& result, const std::string& rule) {
    std::vector<std::string> found;
    for (const std::string& line : lt::lines_of(result.err))
        if (line.ends_with(" [" + rule + "]")) found.push_back(line);
    return found;
}

// A Label Studio task of an image 200x100 named `image`, with one box by user 1 at x, y (percent)
// of 10% x 10%.
std::string task(int id, const std::string& image, int x, int y) {
    return fmt::format(R"({{"id": {}, "data": {{"image": {}}}, "annotations": [{{"id": {}, "completed_by": 1, "result": [
{{"id": "r{}", "type": "rectanglelabels", "from_name": "label", "to_name": "image", "original_width": 200,
"original_height": 100, "value": {{"x": {}, "y": {}, "width": 10, "height": 10, "rectanglelabels": ["car"]}}}}]}}]}})",
                       id, nlohmann::json(image).dump(), id, id, x, y);
}

std::string export_of(const std::vector<std::string>& tasks) {
    std::string text = "[";
    for (std::size_t i = 0; i < tasks.size(); ++i) text += (i ? ",\n" : "") + tasks[i];
    return text + "]\n";
}

fs::path ls_sample() {
    return lt::shared_dir() / "reference/platform-samples/label_studio_json/test_export_yolo_data_obb.json";
}

}  // namespace

TEST_CASE("item names: which paths are URLs or absolute") {
    CHECK(is_url_or_absolute("s3://bucket/a.jpg"));
    CHECK(is_url_or_absolute("https://host/a.png?sig=1"));
    CHECK(is_url_or_absolute("gs+x.y-z://host/a.png"));
    CHECK(is_url_or_absolute("/data/upload/1/abc.jpg"));
    CHECK(is_url_or_absolute("\\share\\a.jpg"));
    CHECK(is_url_or_absolute("C:\\data\\a.jpg"));
    CHECK(is_url_or_absolute("C:/data/a.jpg"));
    CHECK_FALSE(is_url_or_absolute("a.jpg"));
    CHECK_FALSE(is_url_or_absolute("images/train/a.jpg"));
    CHECK_FALSE(is_url_or_absolute("output.manifest:4"));  // a SageMaker text item: relative
    CHECK_FALSE(is_url_or_absolute("1http://host/a.jpg"));  // a scheme starts with a letter
    CHECK_FALSE(is_url_or_absolute("a b://host/a.jpg"));
    CHECK_FALSE(is_url_or_absolute("../a.jpg"));
    CHECK_FALSE(is_url_or_absolute(""));
}

TEST_CASE("item names: the file name a reference ends with") {
    CHECK(file_name_of_reference("s3://bucket/dir/img.jpg") == "img.jpg");
    CHECK(file_name_of_reference("https://host/x/img.png?X-Amz-Signature=ab/cd&e=1#frag") == "img.png");
    CHECK(file_name_of_reference("https://host/x/img.png#frag?not-a-query") == "img.png");
    CHECK(file_name_of_reference("/data/upload/1/9f3a-my%20photo.jpg") == "9f3a-my photo.jpg");
    CHECK(file_name_of_reference("/image1") == "image1");
    CHECK(file_name_of_reference("C:\\data\\a.jpg") == "a.jpg");
    // Label Studio local files name the file in their d parameter, as label-studio-converter reads it.
    CHECK(file_name_of_reference("/data/local-files/?d=dataset1/sub%2Fdir/a%20b.jpg") == "a b.jpg");
    // Decoding never makes a separator or a control character.
    CHECK(file_name_of_reference("https://host/a%2Fb%5Cc%00.jpg") == "a%2Fb%5Cc%00.jpg");
    CHECK(file_name_of_reference("https://host/%41.jpg%") == "A.jpg%");
    // Nothing names a file.
    CHECK(file_name_of_reference("https://host/") == "");
    CHECK(file_name_of_reference("https://host") == "");
    CHECK(file_name_of_reference("https://host?a=1") == "");
    CHECK(file_name_of_reference("https://host/%2e%2E") == "");
}

TEST_CASE("item names: the Label Studio OBB sample written to YOLO as image1..3" * lt::needs_shared) {
    const lt::TempDir dir;
    const lt::CommandResult result =
        lt::run_labelkit(fmt::format("convert {} {} --to yolo", lt::q(ls_sample()), lt::q(dir / "out")));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    // Tasks 10959..10961 have data.image "/image1", "/image2", "/image3": no extension.
    CHECK(lt::read_file(dir / "out/labels/default/image1.txt").size() > 0);
    CHECK(lt::lines_of(lt::read_file(dir / "out/labels/default/image1.txt")).size() == 23);
    // /image2 holds one rotated box; its first corner is LS's (x, y) = (5.695220963642262 %,
    // 43.59434330542485 %) of the image: / 100, as written by hand from the sample.
    const std::vector<std::string> image2 = lt::lines_of(lt::read_file(dir / "out/labels/default/image2.txt"));
    REQUIRE(image2.size() == 1);
    CHECK(image2[0].starts_with("0 0.05695220963642262 0.4359434330542485 "));
    CHECK(lt::lines_of(lt::read_file(dir / "out/labels/default/image3.txt")).size() == 1);
    CHECK(said(result, "convert/item-names") ==
          std::vector<std::string>{"labelkit: warning: 3 items named by URL or absolute path written under the file "
                                   "name the reference ends with (first: '/image1' -> 'image1') [convert/item-names]"});
    CHECK(said(result, "convert/duplicate-item-names").empty());
}

TEST_CASE("item names: the SageMaker manifest written to VOC, example_image.png and .jpg kept apart" * lt::needs_shared) {
    const lt::TempDir dir;
    const fs::path manifest = lt::shared_dir() / "reference/platform-samples/sagemaker_gt/output.manifest";
    const lt::CommandResult result = lt::run_labelkit(fmt::format("convert {} {} --to voc", lt::q(manifest), lt::q(dir / "out")));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    // s3://AWSDOC-EXAMPLE-BUCKET/example_image.png (3 boxes), image_example.png (3 boxes) and
    // example_image.jpg (none): the .jpg is the second "example_image" and is numbered.
    CHECK(lt::read_file(dir / "out/Annotations/example_image.xml").find("<filename>example_image.png</filename>") !=
          std::string::npos);
    CHECK(lt::read_file(dir / "out/Annotations/example_image__2.xml").find("<filename>example_image__2.jpg</filename>") !=
          std::string::npos);
    CHECK(fs::exists(dir / "out/Annotations/image_example.xml"));
    CHECK_FALSE(fs::exists(dir / "out/Annotations/s3:"));
    REQUIRE(said(result, "convert/duplicate-item-names").size() == 1);
    CHECK(said(result, "convert/duplicate-item-names")[0].find(
              "1 item would have had the file name of another item (without extension): numbered __2, __3, ... in item "
              "order (first: 's3://AWSDOC-EXAMPLE-BUCKET/example_image.jpg' -> 'example_image__2.jpg')") !=
          std::string::npos);
    REQUIRE(said(result, "convert/item-names").size() == 1);
    CHECK(said(result, "convert/item-names")[0].find("3 items named by URL") != std::string::npos);
}

TEST_CASE("item names: s3 and signed https URLs with one base name are both written, apart") {
    const lt::TempDir dir;
    // Boxes 10% x 10% of a 200x100 image at x, y: YOLO centre (x + 5) / 100, (y + 5) / 100.
    lt::write_file(dir / "ls.json", export_of({task(1, "s3://bucket/a/img.jpg", 10, 20),
                                               task(2, "https://host/b/img.jpg?X-Amz-Signature=ab%2Fc&e=1#top", 50, 60),
                                               task(3, "https://host/c/other.png?sig=1", 0, 0),
                                               task(4, "local/img.png", 80, 80)}));
    const lt::CommandResult result =
        lt::run_labelkit(fmt::format("convert {} {} --to yolo", lt::q(dir / "ls.json"), lt::q(dir / "yolo")));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(lt::read_file(dir / "yolo/labels/default/img.txt") == "0 0.15 0.25 0.1 0.1\n");
    CHECK(lt::read_file(dir / "yolo/labels/default/img__2.txt") == "0 0.55 0.65 0.1 0.1\n");
    CHECK(lt::read_file(dir / "yolo/labels/default/other.txt") == "0 0.05 0.05 0.1 0.1\n");
    CHECK(lt::read_file(dir / "yolo/labels/default/local/img.txt") == "0 0.85 0.85 0.1 0.1\n");  // relative: as it was
    CHECK(said(result, "convert/item-names") ==
          std::vector<std::string>{"labelkit: warning: 3 items named by URL or absolute path written under the file "
                                   "name the reference ends with (first: 's3://bucket/a/img.jpg' -> 'img.jpg') "
                                   "[convert/item-names]"});
    CHECK(said(result, "convert/duplicate-item-names") ==
          std::vector<std::string>{
              "labelkit: warning: 1 item would have had the file name of another item (without extension): numbered "
              "__2, __3, ... in item order (first: 'https://host/b/img.jpg?X-Amz-Signature=ab%2Fc&e=1#top' -> "
              "'img__2.jpg') [convert/duplicate-item-names]"});

    SUBCASE("COCO: file_name is the file, coco_url the reference") {
        const lt::CommandResult coco =
            lt::run_labelkit(fmt::format("convert {} {} --to coco", lt::q(dir / "ls.json"), lt::q(dir / "coco.json")));
        REQUIRE(coco.exit_code == 0);
        const nlohmann::json images = nlohmann::json::parse(lt::read_file(dir / "coco.json"))["images"];
        REQUIRE(images.size() == 4);
        CHECK(images[0]["file_name"] == "img.jpg");
        CHECK(images[0]["coco_url"] == "s3://bucket/a/img.jpg");
        CHECK(images[1]["file_name"] == "img__2.jpg");
        CHECK(images[1]["coco_url"] == "https://host/b/img.jpg?X-Amz-Signature=ab%2Fc&e=1#top");
        CHECK(images[3]["file_name"] == "local/img.png");
        CHECK_FALSE(images[3].contains("coco_url"));
        CHECK(said(coco, "convert/item-names")[0].find("; the reference is kept in the image's coco_url") != std::string::npos);
    }
    SUBCASE("Label Studio keeps the URLs its tasks name images by") {
        const lt::CommandResult ls =
            lt::run_labelkit(fmt::format("convert {} {} --to label-studio", lt::q(dir / "ls.json"), lt::q(dir / "out.json")));
        REQUIRE(ls.exit_code == 0);
        const nlohmann::json tasks = nlohmann::json::parse(lt::read_file(dir / "out.json"));
        REQUIRE(tasks.size() == 4);
        CHECK(tasks[1]["data"]["image"] == "https://host/b/img.jpg?X-Amz-Signature=ab%2Fc&e=1#top");
        CHECK(said(ls, "convert/item-names").empty());
    }
}

TEST_CASE("item names: many items of one base name are numbered in item order, past names taken") {
    const lt::TempDir dir;
    // "x__2.jpg" is a relative item: the second URL "x.jpg" skips to __3.
    lt::write_file(dir / "ls.json", export_of({task(1, "https://h/1/x.jpg", 0, 0), task(2, "x__2.png", 0, 0),
                                               task(3, "https://h/2/x.jpg", 0, 0), task(4, "https://h/3/x.jpeg", 0, 0)}));
    const lt::CommandResult result =
        lt::run_labelkit(fmt::format("convert {} {} --to labelme", lt::q(dir / "ls.json"), lt::q(dir / "out")));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    for (const char* name : {"x.json", "x__2.json", "x__3.json", "x__4.json"}) CHECK(fs::exists(dir / "out" / name));
    CHECK(nlohmann::json::parse(lt::read_file(dir / "out/x__4.json"))["imagePath"] == "x__4.jpeg");
    REQUIRE(said(result, "convert/duplicate-item-names").size() == 1);
    CHECK(said(result, "convert/duplicate-item-names")[0].find("2 items would have") != std::string::npos);
}

TEST_CASE("item names: relative '..', control characters and URLs without a file name are still refused") {
    const lt::TempDir dir;
    for (const std::string& image : {std::string("../x.jpg"), std::string("https://host/a/.."),
                                     std::string("https://host/x\n.jpg"), std::string("https://host/")}) {
        CAPTURE(image);
        lt::write_file(dir / "ls.json", export_of({task(1, image, 0, 0)}));
        for (const char* target : {"yolo", "voc", "labelme"}) {
            CAPTURE(target);
            const lt::CommandResult result =
                lt::run_labelkit(fmt::format("convert {} {} --to {}", lt::q(dir / "ls.json"), lt::q(dir / "out"), target));
            CHECK(result.exit_code == 2);
            CHECK_FALSE(fs::exists(dir / "out"));
            const bool no_name = image == "https://host/" || image == "https://host/a/..";
            CHECK(result.err.find(no_name ? "ends in no file name" : "file name '") != std::string::npos);
        }
    }
}

TEST_CASE("item names: '..' before the file name of a URL or absolute path does no harm: only the name is written") {
    const lt::TempDir dir;
    for (const std::string& image : {std::string("https://host/a/../x.jpg"), std::string("/data/../x.jpg"),
                                     std::string("s3://b/x.jpg?v=../../y.jpg")}) {
        CAPTURE(image);
        lt::write_file(dir / "ls.json", export_of({task(1, image, 10, 10)}));
        fs::remove_all(dir / "out");
        const lt::CommandResult result =
            lt::run_labelkit(fmt::format("convert {} {} --to voc", lt::q(dir / "ls.json"), lt::q(dir / "out")));
        CHECK(result.exit_code == 0);
        CHECK(fs::exists(dir / "out/Annotations/x.xml"));
        const lt::CommandResult coco =
            lt::run_labelkit(fmt::format("convert {} {} --to coco", lt::q(dir / "ls.json"), lt::q(dir / "out.json")) +
                             " --overwrite");
        REQUIRE(coco.exit_code == 0);
        const nlohmann::json written = nlohmann::json::parse(lt::read_file(dir / "out.json"));
        CHECK(written["images"][0]["file_name"] == "x.jpg");
        CHECK(written["images"][0]["coco_url"] == image);
    }
}

TEST_CASE("item names: a merge into one COCO file names items after the union, so two inputs' URLs stay apart") {
    const lt::TempDir dir;
    // The same base name under two URLs in two inputs: two images, not one image of two boxes.
    lt::write_file(dir / "one.json", export_of({task(1, "https://h/a/img.jpg", 10, 10)}));
    lt::write_file(dir / "two.json", export_of({task(2, "https://h/b/img.jpg", 50, 10)}));
    for (const char* output : {"merged.json", "merged_yolo"}) {
        CAPTURE(output);
        const lt::CommandResult result =
            lt::run_labelkit(fmt::format("merge {} {} -o {} --to {}", lt::q(dir / "one.json"), lt::q(dir / "two.json"),
                                         lt::q(dir / output), output == std::string("merged.json") ? "coco" : "yolo"));
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(said(result, "convert/item-names").size() == 1);
        REQUIRE(said(result, "convert/duplicate-item-names").size() == 1);
        CHECK(said(result, "convert/duplicate-item-names")[0].find("(first: 'https://h/b/img.jpg' -> 'img__2.jpg')") !=
              std::string::npos);
    }
    const nlohmann::json coco = nlohmann::json::parse(lt::read_file(dir / "merged.json"));
    REQUIRE(coco["images"].size() == 2);
    CHECK(coco["images"][0]["file_name"] == "img.jpg");
    CHECK(coco["images"][0]["coco_url"] == "https://h/a/img.jpg");
    CHECK(coco["images"][1]["file_name"] == "img__2.jpg");
    CHECK(coco["images"][1]["coco_url"] == "https://h/b/img.jpg");
    CHECK(coco["annotations"].size() == 2);
    CHECK(lt::read_file(dir / "merged_yolo/labels/default/img.txt") == "0 0.15 0.15 0.1 0.1\n");
    CHECK(lt::read_file(dir / "merged_yolo/labels/default/img__2.txt") == "0 0.55 0.15 0.1 0.1\n");
}
