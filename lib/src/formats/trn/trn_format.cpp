// NIST "trn" transcripts (sclite, SCTK): one utterance per line, its words then its id in
// parentheses, "words of the utterance (utterance-id)". Lines starting with ";;" are comments.
// Read as a dataset of one transcriber: an item per utterance (its path is the id) with a text
// label. sclite's alternations ("{ a / b }") are kept as they are written, as plain words.
#include "formats/trn/trn_format.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace {

struct TrnLine {
    std::string_view words;
    std::string_view id;
};

// The words and id of a line (without its line break); nullopt when it does not end "(id)".
std::optional<TrnLine> split_line(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.back() != ')') return std::nullopt;
    const std::size_t open = line.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    const std::string_view id = trim(line.substr(open + 1, line.size() - open - 2));
    if (id.empty()) return std::nullopt;
    return TrnLine{trim(line.substr(0, open)), id};
}

bool is_comment(std::string_view line) { return trim(line).starts_with(";;"); }

// Calls take(line, number) for each line that is not blank or a comment.
template <typename Take>
void for_each_line(std::string_view text, Take take) {
    std::uint32_t number = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        ++number;
        pos = end + 1;
        if (!trim(line).empty() && !is_comment(line) && !take(line, number)) return;
    }
}

Detection detect(const std::filesystem::path& input) {
    if (!is_file(input)) return {0, "not a file"};
    const std::string start = read_file_start(input);
    std::size_t lines = 0;
    bool all_fit = true;
    const bool cut = start.size() == 64 * 1024;
    const std::string_view text = cut ? std::string_view(start).substr(0, start.rfind('\n') + 1) : std::string_view(start);
    for_each_line(without_byte_order_mark(text), [&](std::string_view line, std::uint32_t) {
        all_fit = split_line(line).has_value();
        ++lines;
        return all_fit && lines < 200;
    });
    if (lines == 0) return {0, "no utterance lines"};
    if (!all_fit) return {0, "a line does not end with its utterance id in parentheses"};
    const bool trn_name = iequals(input.extension().string(), ".trn");
    return {trn_name ? 90 : 60, "lines of words ending with an utterance id in parentheses, \"words (id)\""};
}

Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    const std::string text = read_text_file(input);
    Dataset dataset;
    dataset.source_files.push_back(input.string());
    std::unordered_map<std::string, std::uint32_t> first_line;  // utterance id -> line
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    dataset.items.reserve(lines);
    dataset.labels.reserve(lines);
    first_line.reserve(lines);
    std::size_t alternations = 0;
    for_each_line(without_byte_order_mark(text), [&](std::string_view line, std::uint32_t number) {
        const Location where{input.string(), number};
        const std::optional<TrnLine> parsed = split_line(line);
        if (!parsed) {
            report_or_throw(Error("a trn line is the utterance's words followed by its id in parentheses, "
                                  "\"words of the utterance (utterance-id)\"",
                                  where, "trn/syntax"),
                            options, sink, "trn/syntax");
            return true;
        }
        const auto [seen, added] = first_line.try_emplace(std::string(parsed->id), number);
        if (!added) {
            report_or_throw(Error(fmt::format("utterance '{}' is already on line {}", parsed->id, seen->second), where,
                                  "trn/duplicate-utterance"),
                            options, sink, "trn/duplicate-utterance");
            return true;
        }
        if (parsed->words.find('{') != std::string_view::npos) ++alternations;
        Item item;
        item.path = std::string(parsed->id);
        item.kind = ItemKind::other;
        item.origin = {0, number};
        Label label;
        label.item = static_cast<std::uint32_t>(dataset.items.size());
        label.text = std::string(parsed->words);
        label.origin = {0, number};
        dataset.items.push_back(std::move(item));
        dataset.labels.push_back(std::move(label));
        return true;
    });
    if (alternations > 0)
        sink.warn("trn/alternation",
                  fmt::format("{} utterances hold sclite alternations \"{{ a / b }}\": labelkit keeps them as written "
                              "and compares them as plain words, not as alternatives",
                              alternations),
                  Location{input.string()});
    return dataset;
}

std::vector<RuleInfo> rules() {
    return {
        make_rule("trn/syntax", Severity::error,
                  "A line of a trn file does not end with its utterance id in parentheses.",
                  "Write each utterance as \"words of the utterance (utterance-id)\"; comments start with \";;\"."),
        make_rule("trn/duplicate-utterance", Severity::error, "Two lines of a trn file have the same utterance id.",
                  "Give each utterance its own id, or join the two lines."),
        make_rule("trn/alternation", Severity::warning,
                  "Utterances hold sclite alternations \"{ a / b }\", which labelkit reads as plain words.",
                  "Write one of the alternatives when the alternation is not meant; sclite scores them as alternatives."),
    };
}

}  // namespace

Format make_trn_format() {
    Format format;
    format.name = "trn";
    format.description = "NIST trn transcripts (sclite): one utterance per line, \"words (utterance-id)\"; read only";
    format.stores = Capabilities{};
    format.stores.boxes = false;
    format.stores.subsets = false;
    format.stores.texts = true;
    format.file_extensions = {".trn"};
    format.detect = detect;
    format.read = read;
    format.rules = rules();
    return format;
}

}  // namespace labelkit
