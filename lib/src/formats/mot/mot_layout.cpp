// Finding MOTChallenge sequences, reading seqinfo.ini, and recognising the layout.
#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "formats/mot/mot_private.hpp"
#include "labelkit/io.hpp"

namespace labelkit::mot {

namespace fs = std::filesystem;

namespace {

std::string trimmed(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const std::size_t last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

fs::path existing(const fs::path& path) { return is_file(path) ? path : fs::path(); }

Sequence sequence_in(const fs::path& folder) {
    Sequence sequence;
    sequence.folder = folder;
    sequence.name = without_trailing_separator(folder).filename().string();
    sequence.gt = folder / "gt" / "gt.txt";
    sequence.seqinfo = existing(folder / "seqinfo.ini");
    sequence.labels = existing(folder / "gt" / "labels.txt");
    if (sequence.labels.empty()) sequence.labels = existing(folder / "labels.txt");
    return sequence;
}

// The first line of a file that is not blank (at most 4 KB of it).
std::string first_line(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    char c = 0;
    while (in.get(c) && line.size() < 4096) {
        if (c == '\n') {
            if (!trimmed(line).empty()) break;
            line.clear();
        } else {
            line += c;
        }
    }
    return trimmed(without_byte_order_mark(line));
}

}  // namespace

SeqInfo read_seqinfo(const fs::path& file) {
    const std::string text = read_text_file(file, std::uint64_t{1} << 20, SpecialFiles::refused);
    SeqInfo info;
    std::size_t line_number = 0, start = 0;
    const std::string_view all = without_byte_order_mark(text);
    while (start <= all.size()) {
        const std::size_t end = std::min(all.find('\n', start), all.size());
        const std::string line = trimmed(all.substr(start, end - start));
        start = end + 1;
        ++line_number;
        if (line.empty() || line[0] == ';' || line[0] == '#' || line[0] == '[') continue;
        const std::size_t equals = line.find('=');
        if (equals == std::string::npos)
            throw Error(fmt::format("'{}' is not key=value", shorten(line)),
                        Location{file.string(), static_cast<std::uint32_t>(line_number), 1, {}}, "mot/seqinfo");
        info[trimmed(std::string_view(line).substr(0, equals))] = trimmed(std::string_view(line).substr(equals + 1));
    }
    return info;
}

std::vector<Sequence> find_sequences(const fs::path& input) {
    if (is_file(input)) {
        Sequence sequence;
        sequence.gt = input;
        const fs::path gt_folder = input.has_parent_path() ? input.parent_path() : fs::path(".");
        // <seq>/gt/gt.txt given: the sequence is <seq>; a bare file: named after the file.
        if (gt_folder.filename() == "gt" && gt_folder.has_parent_path()) {
            Sequence found = sequence_in(gt_folder.parent_path());
            found.gt = input;
            return {found};
        }
        // A bare gt.txt (or det.txt) is named after its folder, any other file after itself.
        const std::string stem = input.stem().string();
        const bool generic = stem == "gt" || stem == "det";
        sequence.name = generic ? fs::absolute(gt_folder).lexically_normal().filename().string() : stem;
        if (sequence.name.empty()) sequence.name = stem;
        sequence.labels = existing(gt_folder / "labels.txt");
        sequence.seqinfo = existing(gt_folder / "seqinfo.ini");
        return {sequence};
    }
    if (is_file(input / "gt" / "gt.txt")) return {sequence_in(input)};
    if (is_file(input / "gt.txt")) return find_sequences(input / "gt.txt");  // gt.txt beside seqinfo.ini
    std::vector<Sequence> sequences;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(input, error))
        if (is_file(entry.path() / "gt" / "gt.txt")) sequences.push_back(sequence_in(entry.path()));
    std::sort(sequences.begin(), sequences.end(), [](const Sequence& a, const Sequence& b) { return a.name < b.name; });
    return sequences;
}

bool looks_like_mot_line(std::string_view line) {
    std::size_t fields = 0, start = 0;
    while (start <= line.size()) {
        const std::size_t end = std::min(line.find(',', start), line.size());
        if (!parse_double(trimmed(line.substr(start, end - start)))) return false;
        ++fields;
        start = end + 1;
    }
    return fields >= 7 && fields <= 10;
}

Detection detect(const fs::path& input) {
    if (is_file(input)) {
        if (!iequals(input.extension().string(), ".txt")) return {0, "not a .txt file"};
        const std::string line = first_line(input);
        if (!looks_like_mot_line(line))
            return {0, "a .txt file whose first line is not 7 to 10 comma-separated numbers (frame, id, box, conf, ...)"};
        const bool named = input.filename() == "gt.txt" || input.filename() == "det.txt";
        return {named ? 90 : 60, fmt::format("a {} file of MOT lines (7 to 10 comma-separated numbers)",
                                             input.filename().string())};
    }
    if (!is_folder(input)) return {0, "no such file or directory"};
    const std::vector<Sequence> sequences = find_sequences(input);
    if (sequences.empty()) return {0, "no gt.txt nor gt/gt.txt in the folder nor in its sub-folders"};
    if (!looks_like_mot_line(first_line(sequences.front().gt)) && !first_line(sequences.front().gt).empty())
        return {10, fmt::format("{} does not start with a MOT line", sequences.front().gt.string())};
    return {95, fmt::format("{} MOTChallenge sequence{} (first: {})", sequences.size(), sequences.size() == 1 ? "" : "s",
                            sequences.front().gt.lexically_relative(input).generic_string())};
}

}  // namespace labelkit::mot
