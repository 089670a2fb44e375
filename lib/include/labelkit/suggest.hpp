#pragma once
// "Did you mean": the known names nearest to a mistyped one, by edit distance. Shared by the
// lint configuration (rule ids), the format registry (format names) and the CLI (commands,
// options, choices).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace labelkit {

// The Levenshtein distance: the fewest insertions, deletions and substitutions of one character
// that turn a into b (case matters).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The known names at the least edit distance from `typed`, in their order, when that distance
// is at most `most_edits` and shorter than `typed` itself (so that a short word does not match
// every short name); empty otherwise.
std::vector<std::string> closest_names(const std::vector<std::string>& known, std::string_view typed,
                                       std::size_t most_edits = 3);

// The text with A-Z lowered: names typed by users (formats, choices) match in any case.
std::string ascii_lower(std::string_view text);

// "did you mean 'a'?" or "did you mean 'a' or 'b'?"; empty for no names.
std::string did_you_mean(const std::vector<std::string>& names);

}  // namespace labelkit
