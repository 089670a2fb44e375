// The README's short tour: every command of its block runs as written, from a folder where
// examples/ is the repository's, and writes what the text and pictures around it show.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support.hpp"

using labelkit::test::lines_of;
using labelkit::test::q;
using labelkit::test::read_file;
using labelkit::test::run_shell;
using labelkit::test::source_dir;
using labelkit::test::TempDir;
namespace fs = std::filesystem;

namespace {

// The lines of the code block that follows the tour's marker.
std::vector<std::string> tour_commands(const std::string& readme) {
    const std::size_t marker = readme.find("<!-- tour: run by tests/test_readme_tour.cpp -->");
    REQUIRE(marker != std::string::npos);
    const std::size_t start = readme.find("```sh\n", marker);
    const std::size_t end = readme.find("```\n", start + 6);
    REQUIRE(start != std::string::npos);
    REQUIRE(end != std::string::npos);
    return lines_of(readme.substr(start + 6, end - start - 6));
}

}  // namespace

TEST_CASE("README tour: each command runs as written and writes what the tour shows") {
    const std::string readme = read_file(source_dir() / "README.md");
    const std::vector<std::string> commands = tour_commands(readme);
    CHECK(commands.size() == 7);
    TempDir tmp;
    fs::create_directory_symlink(source_dir() / "examples", tmp / "examples");
    const std::string bin = q(fs::path(labelkit::test::labelkit_binary()).parent_path());
    for (const std::string& command : commands) {
        CAPTURE(command);
        REQUIRE(command.starts_with("labelkit "));
        const auto result = run_shell("cd " + q(tmp.path()) + " && PATH=" + bin + ":$PATH && " + command);
        CHECK_MESSAGE(result.exit_code == 0, result.err);
        CHECK(result.err.find("error:") == std::string::npos);
        // The output the tour quotes below the block, as lint prints it.
        if (command.starts_with("labelkit lint ")) {
            const std::size_t quoted = readme.find("```\nexamples/coco/annotations/instances_train.json:29:3:");
            REQUIRE(quoted != std::string::npos);
            CHECK(readme.substr(quoted + 4, result.out.size()) == result.out);
        }
    }
    CHECK(fs::is_regular_file(tmp / "voc" / "Annotations" / "shapes_001.xml"));
    for (const char* plot : {"classes", "objects_per_image", "box_sizes", "aspect_ratios", "image_sizes", "box_centres"})
        CHECK(fs::is_regular_file(tmp / "plots" / (std::string(plot) + ".png")));
    CHECK(fs::is_regular_file(tmp / "drawn" / "contact_sheet.png"));
    CHECK(fs::is_regular_file(tmp / "report.html"));
    // The worst two images of agree's report, drawn: the ones it names first.
    const nlohmann::json agree = nlohmann::json::parse(read_file(tmp / "agree.json"));
    const auto& worst = agree["spatial"]["worst_images"];
    REQUIRE(worst.size() >= 2);
    for (int i = 0; i < 2; ++i) CHECK(fs::is_regular_file(tmp / "worst" / worst[i]["image"].get<std::string>()));
    CHECK(std::distance(fs::directory_iterator(tmp / "worst"), fs::directory_iterator()) == 3);  // and the sheet
    // The text says scene_05 is among them (its picture, docs/tour-compare.png, is scene_05's).
    CHECK(fs::is_regular_file(tmp / "worst" / "scene_05.png"));
    // Every picture the README shows is in the repository.
    const std::regex picture(R"(\]\((docs/[^)]+\.png)\))");
    std::size_t pictures = 0;
    for (auto it = std::sregex_iterator(readme.begin(), readme.end(), picture); it != std::sregex_iterator(); ++it) {
        CAPTURE((*it)[1].str());
        CHECK(fs::is_regular_file(source_dir() / (*it)[1].str()));
        ++pictures;
    }
    CHECK(pictures >= 4);
}
