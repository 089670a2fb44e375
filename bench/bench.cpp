// Benchmark: runs labelkit commands on data made by ../shared/bench/gen_coco.py and prints, for
// each case, the median wall time and the largest peak RSS over the runs.
//
//   labelkit_bench --labelkit build/labelkit --data bench/data [--runs 5] [--images 118287]
//                  [--small-images 5000] [--crowded-spot 40000] [--crowded-image 1000000]
//                  [--ls-tasks 100000] [--ds-items 100000] [--utterances 100000] [--out DIR] [--only SUBSTRING]
//
// The data folder is filled on first use (gen_coco.py needs python3); the runs then reuse it.
// The sizes name the files, so data of other sizes is made anew. Exits 1 when a case failed.
// --only picking a case of the data the program makes itself (transcripts) runs it without
// making the COCO data.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "labelkit/ops/aggregation.hpp"

namespace fs = std::filesystem;

namespace {

struct Sample {
    double seconds = 0;
    double peak_mb = 0;
    int exit_code = 0;
};

Sample run_once(const std::vector<std::string>& arguments) {
    const auto start = std::chrono::steady_clock::now();
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t child = fork();
    if (child == 0) {
        std::vector<char*> argv;
        for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(child, &status, 0, &usage);
    const auto end = std::chrono::steady_clock::now();
    return {std::chrono::duration<double>(end - start).count(), usage.ru_maxrss / 1024.0,
            WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

void shell(const std::string& command) {
    fmt::print(stderr, "$ {}\n", command);
    if (std::system(command.c_str()) != 0) {
        fmt::print(stderr, "failed: {}\n", command);
        std::exit(2);
    }
}

struct Case {
    std::string name;
    std::vector<std::string> arguments;  // labelkit arguments; the output is removed before each run
    fs::path output;
};

// Prints the case's line of the table; false when a run failed.
bool bench(const fs::path& labelkit, const Case& c, int runs) {
    std::vector<Sample> samples;
    for (int i = 0; i < runs; ++i) {
        fs::remove_all(c.output);
        fs::create_directories(c.output.parent_path());  // labelkit creates its output, not the folders above
        sync();  // the previous run's writeback and deletions are not this run's cost
        std::vector<std::string> argv{labelkit.string()};
        argv.insert(argv.end(), c.arguments.begin(), c.arguments.end());
        samples.push_back(run_once(argv));
        if (samples.back().exit_code != 0) {
            fmt::print("{:<34} failed with exit code {}\n", c.name, samples.back().exit_code);
            return false;
        }
    }
    std::vector<double> seconds;
    double peak = 0;
    for (const Sample& s : samples) {
        seconds.push_back(s.seconds);
        peak = std::max(peak, s.peak_mb);
    }
    std::sort(seconds.begin(), seconds.end());
    fmt::print("{:<34} median {:6.2f} s  (min {:.2f}, max {:.2f}, {} runs)  peak RSS {:6.0f} MiB\n", c.name,
               seconds[seconds.size() / 2], seconds.front(), seconds.back(), runs, peak);
    std::fflush(stdout);
    return true;
}

// Crowd judgments of `items` items by `annotators` annotators who each label every item with one of
// `classes` classes: the true class uniform, annotator k right with probability 0.5 + 0.4 k / (annotators - 1),
// else any other class alike. Fixed seed.
struct CrowdJudgments {
    labelkit::LabelJudgments judgments;
    std::vector<std::uint32_t> truth;
};

CrowdJudgments make_crowd_judgments(std::size_t items, std::size_t annotators, std::size_t classes) {
    CrowdJudgments crowd;
    labelkit::LabelJudgments& j = crowd.judgments;
    j.annotators = annotators;
    for (std::size_t c = 0; c < classes; ++c) j.classes.push_back(fmt::format("class{}", c));
    std::mt19937_64 random(15);
    std::uniform_int_distribution<std::uint32_t> any_class(0, static_cast<std::uint32_t>(classes - 1));
    std::uniform_int_distribution<std::uint32_t> other_class(1, static_cast<std::uint32_t>(classes - 1));
    std::uniform_real_distribution<double> chance(0, 1);
    j.annotator.reserve(items * annotators);
    j.label.reserve(items * annotators);
    for (std::size_t item = 0; item < items; ++item) {
        const std::uint32_t truth = any_class(random);
        crowd.truth.push_back(truth);
        for (std::size_t a = 0; a < annotators; ++a) {
            const double accuracy = 0.5 + 0.4 * static_cast<double>(a) / static_cast<double>(annotators - 1);
            const bool right = chance(random) < accuracy;
            j.annotator.push_back(static_cast<std::uint32_t>(a));
            j.label.push_back(right ? truth : static_cast<std::uint32_t>((truth + other_class(random)) % classes));
        }
        j.item_start.push_back(static_cast<std::uint32_t>(j.label.size()));
    }
    return crowd;
}

// Dawid-Skene to convergence in this process (the aggregation alone, without reading a table): the
// line of the table; false when it did not converge or recovered less than 90% of the true classes.
bool bench_dawid_skene(std::size_t items, int runs, const std::string& only) {
    const std::string name = fmt::format("ds aggregation {} judgments", items * 10);
    if (name.find(only) == std::string::npos) return true;
    const CrowdJudgments crowd = make_crowd_judgments(items, 10, 5);
    std::vector<double> seconds;
    labelkit::Aggregation result;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        result = labelkit::aggregate(crowd.judgments, {.method = labelkit::AggregationMethod::ds});
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::size_t right = 0;
    for (std::size_t item = 0; item < items; ++item) right += result.items[item].label == crowd.truth[item];
    const double accuracy = static_cast<double>(right) / static_cast<double>(items);
    if (!result.converged || accuracy < 0.9) {
        fmt::print("{:<34} failed: {} after {} iterations, {:.4f} of the true classes\n", name,
                   result.converged ? "converged" : "not converged", result.iterations, accuracy);
        return false;
    }
    fmt::print(stderr, "{}: converged after {} iterations, {:.4f} of the true classes recovered\n", name,
               result.iterations, accuracy);
    std::sort(seconds.begin(), seconds.end());
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    fmt::print("{:<34} median {:6.2f} s  (min {:.2f}, max {:.2f}, {} runs)  peak RSS {:6.0f} MiB\n", name,
               seconds[seconds.size() / 2], seconds.front(), seconds.back(), runs, usage.ru_maxrss / 1024.0);
    std::fflush(stdout);
    return true;
}

// The crowd of make_crowd_judgments as a crowd-kit table (task,worker,label), for the whole command.
void write_crowd_table(const fs::path& path, std::size_t items) {
    const CrowdJudgments crowd = make_crowd_judgments(items, 10, 5);
    const labelkit::LabelJudgments& j = crowd.judgments;
    std::string text = "task,worker,label\n";
    for (std::size_t item = 0; item < j.items(); ++item)
        for (std::uint32_t k = j.item_start[item]; k < j.item_start[item + 1]; ++k)
            text += fmt::format("t{},w{},{}\n", item, j.annotator[k], j.classes[j.label[k]]);
    std::ofstream(path, std::ios::binary) << text;
}

// A YOLO dataset of the big COCO file: its label files, and for every one an image: hard links
// to a few identical 640x480 PNGs (the generator makes no pixels; a file system allows at most
// about 65,000 links to one file).
void make_yolo_with_images(const fs::path& labelkit, const fs::path& coco, const fs::path& yolo) {
    shell(fmt::format("'{}' -q convert '{}' '{}' --to yolo --images none", labelkit.string(), coco.string(),
                      yolo.string()));
    shell(fmt::format("python3 -c \"import zlib, struct\n"
                      "def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))\n"
                      "raw = b''.join(b'\\\\x00' + b'\\\\x80' * 640 for _ in range(480))\n"
                      "open('{}', 'wb').write(b'\\\\x89PNG\\\\r\\\\n\\\\x1a\\\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 640, 480, 8, 0, 0, 0, 0)) "
                      "+ chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))\"",
                      (yolo / "template.png").string()));
    std::size_t made = 0;
    for (const fs::directory_entry& subset : fs::directory_iterator(yolo / "labels")) {
        const fs::path images = yolo / "images" / subset.path().filename();
        fs::create_directories(images);
        for (const fs::directory_entry& label : fs::directory_iterator(subset.path())) {
            const fs::path shared = yolo / fmt::format("template_{}.png", made / 50000);
            if (!fs::exists(shared)) fs::copy_file(yolo / "template.png", shared);
            fs::create_hard_link(shared, images / label.path().filename().replace_extension(".png"));
            ++made;
        }
    }
}

// An Ultralytics classify folder of the YOLO dataset's images: one in ten in val/, the others in
// train/, in class_<i % 20>/, as symbolic links. Their PNGs are a few identical files, so lint
// compares every image's bytes: the worst case of its identical-image check.
void make_classify(const fs::path& yolo, const fs::path& classify) {
    std::size_t made = 0;
    for (const fs::directory_entry& subset : fs::directory_iterator(yolo / "images"))
        for (const fs::directory_entry& image : fs::directory_iterator(subset.path())) {
            const fs::path folder = classify / (made % 10 == 0 ? "val" : "train") / fmt::format("class_{:02}", made % 20);
            ++made;
            fs::create_directories(folder);
            fs::create_symlink(fs::absolute(image.path()), folder / image.path().filename());
        }
}

// One image of `boxes` boxes of one class, each `size_min`..`size_max` px at random within
// `spread` px of the corner: lint's duplicate and near-duplicate sweeps on a crowded image.
void make_crowded_image(const fs::path& file, std::size_t boxes, double spread, double size_min, double size_max) {
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> position(0, spread), size(size_min, size_max);
    std::FILE* out = std::fopen(file.c_str(), "w");
    fmt::print(out, R"({{"images": [{{"id": 1, "file_name": "crowd.jpg", "width": 4000, "height": 4000}}],)"
                    R"( "categories": [{{"id": 1, "name": "thing"}}], "annotations": [)");
    for (std::size_t i = 1; i <= boxes; ++i) {
        const double x = position(random), y = position(random), w = size(random), h = size(random);
        fmt::print(out, R"({}{{"id": {}, "image_id": 1, "category_id": 1, "bbox": [{:.2f}, {:.2f}, {:.2f}, {:.2f}], "area": {:.2f}, "iscrowd": 0}})",
                   i > 1 ? ",\n" : "\n", i, x, y, w, h, w * h);
    }
    fmt::print(out, "]}}\n");
    std::fclose(out);
}

// Two transcribers' trn files of `utterances` utterances of 5 to 20 words (of 2 to 9 letters, from
// a vocabulary of 5,000); the second changes about one word in ten (a substitution, a deletion or
// an insertion).
void make_transcripts(const fs::path& first, const fs::path& second, std::size_t utterances) {
    std::mt19937_64 random(11);
    std::vector<std::string> vocabulary;
    std::uniform_int_distribution<int> letter('a', 'z'), word_length(2, 9), words(5, 20), edit(0, 29);
    for (int k = 0; k < 5000; ++k) {
        std::string word;
        for (int n = word_length(random); n > 0; --n) word += static_cast<char>(letter(random));
        vocabulary.push_back(word);
    }
    std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
    std::FILE* a = std::fopen(first.c_str(), "w");
    std::FILE* b = std::fopen(second.c_str(), "w");
    for (std::size_t u = 0; u < utterances; ++u) {
        std::string reference, hypothesis;
        for (int n = words(random); n > 0; --n) {
            const std::string& word = vocabulary[pick(random)];
            reference += word + " ";
            switch (edit(random)) {
                case 0: hypothesis += vocabulary[pick(random)] + " "; break;   // substitution
                case 1: break;                                                   // deletion
                case 2: hypothesis += word + " " + vocabulary[pick(random)] + " "; break;  // insertion
                default: hypothesis += word + " ";
            }
        }
        fmt::print(a, "{}(utt_{})\n", reference, u);
        fmt::print(b, "{}(utt_{})\n", hypothesis, u);
    }
    std::fclose(a);
    std::fclose(b);
}

std::string flag_value(int argc, char** argv, const std::string& flag, const std::string& fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == flag) return argv[i + 1];
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path labelkit = fs::absolute(flag_value(argc, argv, "--labelkit", "build/labelkit"));
    const fs::path data = fs::absolute(flag_value(argc, argv, "--data", "bench/data"));
    const int runs = std::stoi(flag_value(argc, argv, "--runs", "5"));
    const std::string images = flag_value(argc, argv, "--images", "118287");
    const std::string small = flag_value(argc, argv, "--small-images", "5000");  // with PNGs, and the annotators
    const std::size_t spot_boxes = std::stoul(flag_value(argc, argv, "--crowded-spot", "40000"));
    const std::size_t image_boxes = std::stoul(flag_value(argc, argv, "--crowded-image", "1000000"));
    const fs::path generator = fs::absolute(flag_value(argc, argv, "--generator", "../shared/bench/gen_coco.py"));
    const std::string only = flag_value(argc, argv, "--only", "");
    fs::create_directories(data);

    // Cases on data made here: when --only picks one of them, the COCO data is not made.
    const std::string utterances = flag_value(argc, argv, "--utterances", "100000");
    const fs::path transcripts_a = data / fmt::format("transcripts_{}_a.trn", utterances);
    const fs::path transcripts_b = data / fmt::format("transcripts_{}_b.trn", utterances);
    if (!fs::exists(transcripts_b)) make_transcripts(transcripts_a, transcripts_b, std::stoul(utterances));
    const std::size_t ds_items = std::stoul(flag_value(argc, argv, "--ds-items", "100000"));
    const fs::path crowd_table = data / fmt::format("crowd_{}_judgments.csv", ds_items * 10);
    if (!fs::exists(crowd_table)) write_crowd_table(crowd_table, ds_items);
    const std::vector<Case> own_cases = {
        {fmt::format("agree WER/CER 2 transcribers x {} utterances (trn)", utterances),
         {"-q", "agree", "--format", "json", transcripts_a.string(), transcripts_b.string()}, data / "out"},
        {fmt::format("merge --method ds {} judgments (csv)", ds_items * 10),
         {"-q", "merge", "--mode", "consensus", "--method", "ds", crowd_table.string(), "-o", (data / "ds_labels.csv").string(),
          "--to", "csv"},
         data / "ds_labels.csv"},
    };
    bool own_ran = false, all_ran = true;
    for (const Case& c : own_cases)
        if (!only.empty() && c.name.find(only) != std::string::npos) {
            if (!own_ran) fmt::print("labelkit benchmark: median of {} runs\n", runs);
            all_ran = bench(labelkit, c, runs) && all_ran;
            own_ran = true;
        }
    if (own_ran) return all_ran ? 0 : 1;

    const fs::path big = data / fmt::format("coco_{}.json", images);
    if (!fs::exists(big)) shell(fmt::format("python3 '{}' --images {} --out '{}'", generator.string(), images, big.string()));
    const fs::path small_png = data / fmt::format("coco_{}_png.json", small), pngs = data / fmt::format("png_{}", small);
    if (!fs::exists(small_png))
        shell(fmt::format("python3 '{}' --images {} --out '{}' --png-dir '{}'", generator.string(), small,
                          small_png.string(), pngs.string()));
    const fs::path small_yolo = data / fmt::format("yolo_{}", small);
    if (!fs::exists(small_yolo))
        shell(fmt::format("'{}' -q convert '{}' '{}' --to yolo --images copy --image-root '{}'", labelkit.string(),
                          small_png.string(), small_yolo.string(), pngs.string()));

    const fs::path annotators = data / fmt::format("annotators_5x{}", small);
    if (!fs::exists(annotators))
        shell(fmt::format("python3 '{}' --source '{}' --out '{}' --annotators 5 --images {}",
                          (fs::path(LABELKIT_SOURCE_DIR) / "bench/make_annotators.py").string(), small_png.string(),
                          annotators.string(), small));
    std::vector<std::string> agree_arguments{"-q", "agree", "--format", "json"};
    for (int k = 1; k <= 5; ++k) agree_arguments.push_back((annotators / fmt::format("annotator_{}.json", k)).string());

    // Two more files of the same shape (other seeds) for the union case; their images have
    // the same names with other sizes, so --on-conflict rename keeps all three.
    std::vector<std::string> union_arguments{"-q", "merge", big.string()};
    for (int seed : {2, 3}) {
        const fs::path other = data / fmt::format("coco_{}_seed{}.json", images, seed);
        if (!fs::exists(other))
            shell(fmt::format("python3 '{}' --images {} --seed {} --out '{}'", generator.string(), images, seed,
                              other.string()));
        union_arguments.push_back(other.string());
    }
    std::vector<std::string> consensus_arguments{"-q", "merge"};
    for (int k = 1; k <= 5; ++k) consensus_arguments.push_back((annotators / fmt::format("annotator_{}.json", k)).string());

    const fs::path crowded_spot = data / fmt::format("crowded_{}_on_100px.json", spot_boxes);
    const fs::path crowded_image = data / fmt::format("crowded_{}.json", image_boxes);
    if (!fs::exists(crowded_spot)) make_crowded_image(crowded_spot, spot_boxes, 100, 1, 20);
    if (!fs::exists(crowded_image)) make_crowded_image(crowded_image, image_boxes, 3990, 2, 10);

    // A Label Studio export: tasks of three annotations (three annotators) of seven rectangles.
    const std::string ls_tasks = flag_value(argc, argv, "--ls-tasks", "100000");
    const fs::path label_studio = data / fmt::format("label_studio_{}.json", ls_tasks);
    if (!fs::exists(label_studio))
        shell(fmt::format("python3 '{}' --tasks {} --seed 1 --out '{}'",
                          (fs::path(LABELKIT_SOURCE_DIR) / "bench/gen_label_studio.py").string(), ls_tasks,
                          label_studio.string()));

    const fs::path big_yolo = data / fmt::format("yolo_{}_labels", images);
    if (!fs::exists(big_yolo)) make_yolo_with_images(labelkit, big, big_yolo);
    const fs::path big_classify = data / fmt::format("classify_{}", images);
    if (!fs::exists(big_classify)) make_classify(big_yolo, big_classify);

    // Where outputs go: the disk by default; --out /dev/shm/x measures labelkit without the
    // file system's cost of creating 118,287 files.
    const fs::path out = fs::absolute(flag_value(argc, argv, "--out", (data / "out").string()));
    const fs::path out_json = out / "merged.json";
    for (auto* arguments : {&union_arguments, &consensus_arguments})
        arguments->insert(arguments->end(), {"-o", out_json.string(), "--to", "coco"});
    consensus_arguments.insert(consensus_arguments.end(), {"--mode", "consensus"});
    union_arguments.insert(union_arguments.end(), {"--on-conflict", "rename"});
    fmt::print("labelkit benchmark: {} ({} images), median of {} runs\n", big.filename().string(), images, runs);
    const std::vector<Case> cases = {
        {"convert coco -> yolo", {"-q", "convert", big.string(), out.string(), "--to", "yolo"}, out},
        {"convert coco -> coco", {"-q", "convert", big.string(), out.string(), "--to", "coco"}, out},
        {"convert coco -> voc", {"-q", "convert", big.string(), out.string(), "--to", "voc"}, out},
        {fmt::format("convert yolo ({} imgs) -> coco", small), {"-q", "convert", small_yolo.string(), out.string(), "--to", "coco"}, out},
        {fmt::format("convert classify ({} imgs) -> coco", images), {"-q", "convert", big_classify.string(), out_json.string(), "--to", "coco"}, out_json},
        {"lint coco", {"-q", "lint", big.string(), "--fail-on", "never"}, out},
        {fmt::format("lint classify ({} identical imgs)", images), {"-q", "lint", big_classify.string(), "--fail-on", "never"}, out},
        {"lint yolo (label files)", {"-q", "lint", big_yolo.string(), "--fail-on", "never"}, out},
        {fmt::format("lint {} boxes on a 100 px spot", spot_boxes), {"-q", "lint", crowded_spot.string(), "--fail-on", "never"}, out},
        {fmt::format("lint {} boxes in one image", image_boxes), {"-q", "lint", crowded_image.string(), "--fail-on", "never"}, out},
        {fmt::format("lint label-studio ({} tasks x 3 x 7)", ls_tasks), {"-q", "lint", label_studio.string(), "--fail-on", "never"}, out},
        {fmt::format("agree 5 annotators x {} images", small), agree_arguments, out},
        {fmt::format("merge consensus 5 x {} images", small), consensus_arguments, out_json},
        {fmt::format("merge union 3 x {} images", images), union_arguments, out_json},
        {fmt::format("draw yolo (500 of {} imgs)", small), {"-q", "draw", small_yolo.string(), "-o", out.string(), "--max", "500"}, out},
        {"stats coco", {"-q", "stats", big.string(), "--format", "json"}, out},
        {"stats coco --plots", {"-q", "stats", big.string(), "--plots", out.string()}, out},
        {"split coco (stratified)", {"-q", "split", big.string(), "-o", out.string(), "--to", "coco"}, out},
        {"split coco (hash)", {"-q", "split", big.string(), "-o", out.string(), "--to", "coco", "--strategy", "hash"}, out},
    };
    for (const Case& c : own_cases)
        if (c.name.find(only) != std::string::npos) all_ran = bench(labelkit, c, runs) && all_ran;
    for (const Case& c : cases)
        if (c.name.find(only) != std::string::npos) all_ran = bench(labelkit, c, runs) && all_ran;
    all_ran = bench_dawid_skene(ds_items, runs, only) && all_ran;
    fs::remove_all(out);
    return all_ran ? 0 : 1;
}
