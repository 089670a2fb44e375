// labelkit report: the HTML page rendered in headless Chromium (Debian's chromium package, which
// `make test` installs): it loads without console messages (its Content-Security-Policy makes
// any network reference or script one), shows the sections, its pictures decode; names from the
// input are text, never markup; the page's bounds; the output rules.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint_fixtures.hpp"
#include "support.hpp"

using namespace labelkit::test;
namespace fs = std::filesystem;

namespace {

// Chromium on PATH, else "" (the test then fails, saying how to install it).
std::string chromium() {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const fs::path candidate = fs::path(dirs.substr(start, end - start)) / "chromium";
        if (!candidate.parent_path().empty() && fs::is_regular_file(candidate)) return candidate.string();
        start = end + 1;
    }
    return "";
}

struct Rendered {
    std::string dom;                   // the document after loading, as Chromium serialises it
    std::vector<std::string> console;  // what the page wrote on the console (errors, CSP refusals)
};

// The page loaded in headless Chromium, with a fresh profile and no network use of its own.
Rendered render(const fs::path& page) {
    const std::string browser = chromium();
    if (browser.empty())
        FAIL("chromium is not installed: `make test` installs it (Debian's chromium package), or apt-get install chromium");
    TempDir profile;
    const CommandResult result = run_program(
        "timeout", fmt::format("120 {} --headless --no-sandbox --disable-gpu --disable-background-networking "
                               "--disable-component-update --disable-sync --no-first-run --user-data-dir={} "
                               "--enable-logging=stderr --v=0 --dump-dom {}",
                               q(browser), q(profile.path()), q("file://" + fs::absolute(page).string())));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    Rendered rendered{result.out, {}};
    for (const std::string& line : lines_of(result.err))
        if (line.find(":CONSOLE") != std::string::npos) rendered.console.push_back(line);
    return rendered;
}

// The natural widths of the page's images once loaded (0: not decoded), read by a script added
// to a copy of the page (the page itself runs no script: its policy forbids it).
std::vector<int> decoded_widths(const fs::path& page, const TempDir& dir) {
    std::string text = read_file(page);
    const std::string policy = "style-src 'unsafe-inline'\"";
    REQUIRE(text.find(policy) != std::string::npos);
    text.replace(text.find(policy), policy.size(), "style-src 'unsafe-inline'; script-src 'unsafe-inline'\"");
    const std::string script = "<script>window.addEventListener('load', () => { for (const image of document.images) "
                               "image.setAttribute('data-natural-width', image.naturalWidth); });</script>";
    REQUIRE(text.find("</body>") != std::string::npos);
    text.insert(text.find("</body>"), script);
    const fs::path probe = dir / "probe.html";
    write_file(probe, text);
    const Rendered rendered = render(probe);
    CHECK(rendered.console.empty());
    std::vector<int> widths;
    const std::string attribute = "data-natural-width=\"";
    for (std::size_t at = rendered.dom.find(attribute); at != std::string::npos; at = rendered.dom.find(attribute, at + 1))
        widths.push_back(std::stoi(rendered.dom.substr(at + attribute.size(), 12)));
    return widths;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

fs::path example(const std::string& name) { return source_dir() / "examples" / name; }

// Every src and href of the page is a data: URI or a link within it: nothing is fetched.
void check_self_contained(const std::string& page) {
    CHECK(page.find("http://") == std::string::npos);
    CHECK(page.find("https://") == std::string::npos);
    // Found by hand: std::regex recurses per character, and a data: URI has hundreds of thousands.
    std::size_t references = 0;
    for (const std::string attribute : {" src=\"", " href=\""})
        for (std::size_t at = page.find(attribute); at != std::string::npos; at = page.find(attribute, at + 1)) {
            const std::string target = page.substr(at + attribute.size(), 40);
            CAPTURE(target);
            CHECK((target.starts_with("data:image/png;base64,") || target.starts_with("#")));
            ++references;
        }
    CHECK(references > 0);
}

}  // namespace

TEST_CASE("report: one dataset, its lint findings by rule, loads in Chromium without console messages") {
    TempDir dir;
    const fs::path page = dir / "report.html";
    const CommandResult run = run_labelkit(fmt::format("report {} -o {}", q(example("coco")), q(page)));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.starts_with("wrote " + page.string()));
    const std::string html = read_file(page);
    check_self_contained(html);
    const Rendered rendered = render(page);
    CHECK(rendered.console.empty());
    for (const std::string& line : rendered.console) MESSAGE(line);
    CHECK(rendered.dom.find("<h2>Dataset " + example("coco").string() + "</h2>") != std::string::npos);
    CHECK(rendered.dom.find("<h3>Statistics</h3>") != std::string::npos);
    // `labelkit stats examples/coco`: 4 images, 6 objects, 1 image without objects; circle 2 images, 2 objects.
    CHECK(rendered.dom.find("4 images, 6 objects (1 without objects), 3 classes.") != std::string::npos);
    CHECK(rendered.dom.find("<tr><td>circle</td><td class=\"n\">2</td><td class=\"n\">2</td>") != std::string::npos);
    CHECK(rendered.dom.find("<h3>Lint findings</h3>") != std::string::npos);
    // `labelkit lint examples/coco`: 0 errors, 0 warnings, 1 info (shapes_003.png has no annotations).
    CHECK(rendered.dom.find("0 errors, 0 warnings, 1 info in") != std::string::npos);
    CHECK(rendered.dom.find("<code>dataset/image-without-annotations</code>") != std::string::npos);
    CHECK(rendered.dom.find("instances_train.json:29:3 (at /images/2)") != std::string::npos);
    // One dataset that names no annotators: no agreement.
    CHECK(rendered.dom.find("id=\"agreement\"") == std::string::npos);
    // The six plots of stats, every one decoded by the browser.
    const std::vector<int> widths = decoded_widths(page, dir);
    CHECK(widths.size() == 6);
    CHECK(occurrences(html, "<img ") == widths.size());
    for (const int width : widths) CHECK(width > 0);
}

TEST_CASE("report: three annotators, the agreement tables, the heatmap and the images that agree least, decoded") {
    TempDir dir;
    const fs::path page = dir / "report.html";
    const CommandResult run = run_labelkit(fmt::format("report {} {} {} -o {}", q(example("coco")), q(example("voc")),
                                                       q(example("yolo")), q(page)));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    // agree on the examples: the images that agree least are shapes_001, 002 and 004 (those with shapes).
    CHECK(run.out.find(", the agreement, 3 images drawn") != std::string::npos);
    const std::string html = read_file(page);
    check_self_contained(html);
    const Rendered rendered = render(page);
    CHECK(rendered.console.empty());
    for (const std::string& heading : {"<h2>Agreement</h2>", "<h3>Pairwise agreement (pairwise F1 of matched shapes)</h3>",
                                       "<h3>Shapes (IoU ≥ 0.5)</h3>", "<h2>Images that agree least, drawn</h2>",
                                       "<h3>Annotators against the consensus (majority of the annotators)</h3>"}) {
        CAPTURE(heading);
        CHECK(rendered.dom.find(heading) != std::string::npos);
    }
    CHECK(occurrences(rendered.dom, "<h3>Lint findings</h3>") == 3);
    // `labelkit agree examples/coco examples/voc examples/yolo`: coco-voc matched 6, F1 1.000, mean IoU 0.758.
    CHECK(rendered.dom.find("<tr><td>coco</td><td>voc</td><td class=\"n\">4</td><td class=\"n\">6</td><td class=\"n\">0"
                            "</td><td class=\"n\">0</td><td class=\"n\">1.000</td><td class=\"n\">0.758</td></tr>") !=
          std::string::npos);
    // The heatmap, the three drawn images and each dataset's six plots, every one decoded by the browser.
    const std::vector<int> widths = decoded_widths(page, dir);
    CHECK(widths.size() == 1 + 3 + 3 * 6);
    CHECK(occurrences(html, "<img ") == widths.size());
    for (const int width : widths) CHECK(width > 0);
}

TEST_CASE("report: names from the input are shown as text, never as markup") {
    TempDir dir;
    const std::string hostile_class = R"({"id": 1, "name": "<script>alert(1)</script>"})";
    const std::vector<std::string> images = {coco_image(1, R"(a\"&'.jpg)"), coco_image(2, "b.jpg")};
    write_file(dir / "alice.json", coco_json(images, {coco_box(1, 1, 1, 10, 10, 100, 100)}, {hostile_class}));
    write_file(dir / "<i>bob.json", coco_json(images, {coco_box(1, 1, 1, 300, 300, 50, 50)}, {hostile_class}));
    const fs::path page = dir / "report.html";
    const CommandResult run =
        run_labelkit(fmt::format("report {} {} -o {}", q(dir / "alice.json"), q(dir / "<i>bob.json"), q(page)));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    // The image files do not exist: drawn on a grey canvas, as draw does, and said.
    CHECK(run.err.find("[draw/missing-image]") != std::string::npos);
    const Rendered rendered = render(page);
    // A script element would run into the policy and say so on the console.
    CHECK(rendered.console.empty());
    CHECK(occurrences(rendered.dom, "<script") == 0);
    CHECK(rendered.dom.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(rendered.dom.find("<i>") == std::string::npos);
    // The annotator named after its file, in the pairs' table.
    CHECK(rendered.dom.find("<tr><td>alice</td><td>&lt;i&gt;bob</td>") != std::string::npos);
    CHECK(rendered.dom.find("1 class: &lt;script&gt;alert(1)&lt;/script&gt;.") != std::string::npos);
    // The worst image's caption: the file name as text (the serialiser writes & as &amp;).
    CHECK(rendered.dom.find("<figcaption>a\"&amp;'.jpg: mean F1 0.000 (drawn on a grey canvas") != std::string::npos);
}

TEST_CASE("report: findings capped per rule with +N more") {
    TempDir dir;
    // 25 images without annotations: 25 findings of dataset/image-without-annotations, 10 listed.
    std::vector<std::string> images;
    for (int i = 1; i <= 25; ++i) images.push_back(coco_image(i, fmt::format("img{:02}.jpg", i)));
    write_file(dir / "empty.json", coco_json(images, {}));
    const fs::path page = dir / "report.html";
    const CommandResult run = run_labelkit(fmt::format("report {} -o {}", q(dir / "empty.json"), q(page)));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const std::string html = read_file(page);
    CHECK(html.find("<code>dataset/image-without-annotations</code>: 25 findings") != std::string::npos);
    CHECK(occurrences(html, "image-without-annotations</code></td>") == 1);  // the rule's row in the counts
    CHECK(html.find("<tr class=\"more\"><td colspan=\"3\">+15 more</td></tr>") != std::string::npos);
    CHECK(occurrences(html, "<td class=\"info\">info</td>") == 10);
}

TEST_CASE("report: -o is refused when it exists unless --overwrite; -o - is standard output") {
    TempDir dir;
    const fs::path page = dir / "report.html";
    write_file(page, "keep me");
    const CommandResult refused = run_labelkit(fmt::format("report {} -o {}", q(example("coco")), q(page)));
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("report.html") != std::string::npos);
    CHECK(read_file(page) == "keep me");
    const CommandResult replaced = run_labelkit(fmt::format("report {} -o {} --overwrite", q(example("coco")), q(page)));
    CHECK(replaced.exit_code == 0);
    CHECK(read_file(page).starts_with("<!DOCTYPE html>"));
    const CommandResult out = run_labelkit(fmt::format("report {} -o -", q(example("coco"))));
    CHECK(out.exit_code == 0);
    CHECK(out.out == read_file(page));
    CHECK(out.err.find("wrote ") != std::string::npos);  // the summary on stderr: stdout holds the page
    CHECK(!fs::exists(fs::path("-")));
    CHECK(run_labelkit(fmt::format("report {}", q(example("coco")))).exit_code == 2);  // -o is required
}

namespace {

std::string label_studio_box(const std::string& id) {
    return R"({"id": ")" + id + R"(", "type": "rectanglelabels", "from_name": "label", "to_name": "image",
        "original_width": 200, "original_height": 100,
        "value": {"x": 10, "y": 20, "width": 50, "height": 30, "rectanglelabels": ["cat"]}})";
}

}  // namespace

TEST_CASE("report: one export that names two annotators has the agreement; one annotator and a model's, the reason") {
    TempDir dir;
    // As test_annotator_sources' agree case: annotator 1 drew nothing on a.jpg, annotator 2 one box,
    // so the pair has 1 image, 0 matched, 1 only b, F1 0.
    write_file(dir / "export.json", R"([{"id": 1, "data": {"image": "a.jpg"}, "annotations": [
                       {"id": 1, "completed_by": 1, "result": []},
                       {"id": 2, "completed_by": 2, "result": [)" + label_studio_box("r1") + R"(]}]}])");
    const fs::path page = dir / "report.html";
    const CommandResult run = run_labelkit(fmt::format("report {} -o {}", q(dir / "export.json"), q(page)));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.find(", the agreement, 1 image drawn") != std::string::npos);
    const std::string html = read_file(page);
    // The annotators are named by their ids, 1 and 2 (cells that read as numbers align right).
    CHECK(html.find("<tr><td class=\"n\">1</td><td class=\"n\">2</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td>"
                    "<td class=\"n\">1</td><td class=\"n\">0.000</td><td>n/a</td></tr>") != std::string::npos);

    // A person's box and a model's prediction: model predictions are left out, one annotator is left.
    write_file(dir / "model.json", R"([{"id": 1, "data": {"image": "a.jpg"}, "annotations": [
                       {"id": 1, "completed_by": 1, "result": [)" + label_studio_box("r1") + R"(]}],
                       "predictions": [{"id": 5, "model_version": "m1", "result": [)" + label_studio_box("r2") + R"(]}]}])");
    const fs::path reason = dir / "reason.html";
    const CommandResult one = run_labelkit(fmt::format("report {} -o {}", q(dir / "model.json"), q(reason)));
    CHECK(one.exit_code == 0);
    CHECK(one.err.find("[report/no-agreement]") != std::string::npos);
    const std::string text = read_file(reason);
    CHECK(text.find("<h2>Agreement</h2>\n<p>Not computed: ") != std::string::npos);
    CHECK(text.find("this one has one annotator (model predictions are left out unless --annotators names them)") !=
          std::string::npos);
}

TEST_CASE("report: many annotators: no heatmap past 40, the pairs' table capped at 200 rows") {
    // Was: 100 annotators drew an 8,400-pixel-square heatmap and 4,950 table rows (1.2 GB, 15 s).
    TempDir dir;
    std::string inputs;
    for (int annotator = 0; annotator < 45; ++annotator) {
        const fs::path file = dir / fmt::format("a{:02}.json", annotator);
        write_file(file, R"({"images": [{"id": 1, "file_name": "x.png", "width": 100, "height": 100}],
            "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400, "iscrowd": 0}],
            "categories": [{"id": 1, "name": "cat"}]})");
        inputs += " " + q(file);
    }
    const fs::path page = dir / "page.html";
    const CommandResult run = run_labelkit(fmt::format("report{} -o {}", inputs, q(page)));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const std::string html = read_file(page);
    CHECK(html.find("Not drawn for 45 annotators (at most 40)") != std::string::npos);
    CHECK(html.find("alt=\"heatmap of") == std::string::npos);
    // 45 annotators make 45 * 44 / 2 = 990 pairs: 200 listed, 790 counted, in each pairs table.
    CHECK(occurrences(html, "+790 more pairs") == 2);
}
