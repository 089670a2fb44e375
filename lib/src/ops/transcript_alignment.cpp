// Normalising and aligning transcripts: words, code points, edit counts and the rates of them.
#include "labelkit/ops/transcript_alignment.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "labelkit/error.hpp"

namespace labelkit {

namespace {

// Decodes the code point at text[pos] and advances pos; false for bytes that are not UTF-8
// (overlong forms, surrogates and values above U+10FFFF included).
bool next_code_point(std::string_view text, std::size_t& pos, std::uint32_t& code) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(pos);
    if (lead < 0x80) {
        code = lead;
        ++pos;
        return true;
    }
    std::size_t length = 0;
    std::uint32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) length = 2, code = lead & 0x1F, minimum = 0x80;
    else if ((lead & 0xF0) == 0xE0) length = 3, code = lead & 0x0F, minimum = 0x800;
    else if ((lead & 0xF8) == 0xF0) length = 4, code = lead & 0x07, minimum = 0x10000;
    else return false;
    if (pos + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(pos + k) & 0xC0) != 0x80) return false;
        code = (code << 6) | (byte(pos + k) & 0x3F);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    pos += length;
    return true;
}

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// Python's str.split() whitespace.
bool is_whitespace(std::uint32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Unicode general category P (punctuation) in ASCII, Latin-1, General Punctuation, CJK
// Symbols and Punctuation and the fullwidth forms. ASCII symbols of category S ($ + < = > ^ ` | ~)
// are kept, as Python's unicodedata has them.
bool is_punctuation(std::uint32_t c) {
    if (c < 0x80) {
        constexpr std::string_view ascii = "!\"#%&'()*,-./:;?@[\\]_{}";
        return ascii.find(static_cast<char>(c)) != std::string_view::npos;
    }
    if (c < 0x100) return c == 0xA1 || c == 0xA7 || c == 0xAB || c == 0xB6 || c == 0xB7 || c == 0xBB || c == 0xBF;
    if (c >= 0x2010 && c <= 0x2027) return true;
    if (c >= 0x2030 && c <= 0x205E) return c != 0x2044 && c != 0x2052;
    if (c >= 0x3001 && c <= 0x3003) return true;
    if (c >= 0x3008 && c <= 0x3011) return true;
    if (c >= 0x3014 && c <= 0x301F) return true;
    if (c >= 0xFF01 && c <= 0xFF65) {
        constexpr std::uint32_t symbols[] = {0xFF04, 0xFF0B, 0xFF1C, 0xFF1D, 0xFF1E, 0xFF3E, 0xFF40, 0xFF5C, 0xFF5E};
        const bool punctuation_range = c <= 0xFF0F || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
                                       (c >= 0xFF5B && c <= 0xFF65);
        return punctuation_range && std::find(std::begin(symbols), std::end(symbols), c) == std::end(symbols);
    }
    return false;
}

// Simple lower-case mapping of the Latin (ASCII, Latin-1, Latin Extended-A), Greek and Cyrillic
// capitals; other code points are returned as they are.
std::uint32_t lower(std::uint32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0xC0) return c;
    if (c <= 0xDE) return c == 0xD7 ? c : c + 32;
    if (c >= 0x100 && c <= 0x137) return c | 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return c % 2 == 1 ? c + 1 : c;
    if (c >= 0x14A && c <= 0x177) return c | 1;
    if (c == 0x178) return 0xFF;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c >= 0x391 && c <= 0x3AB) return c == 0x3A2 ? c : c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) return c | 1;
    return c;
}

// Python's Final_Sigma context (Unicode SpecialCasing) needs to know which letters are cased and
// which code points are skipped around them (Case_Ignorable); both restricted here to the scripts
// lower() covers, with the Case_Ignorable marks and apostrophes found there.
bool is_cased(std::uint32_t c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == 0xAA || c == 0xB5 || c == 0xBA) return true;
    if (c >= 0xC0 && c <= 0x17F) return c != 0xD7 && c != 0xF7;
    if (c >= 0x370 && c <= 0x3FF)
        return c != 0x374 && c != 0x375 && c != 0x37E && c != 0x384 && c != 0x385 && c != 0x387 && c != 0x3F6 &&
               c != 0x378 && c != 0x379 && c != 0x380 && c != 0x381 && c != 0x382 && c != 0x383 && c != 0x38B &&
               c != 0x38D && c != 0x3A2;
    return c >= 0x400 && c <= 0x4FF && (c <= 0x481 || c >= 0x48A);
}

bool is_case_ignorable(std::uint32_t c) {
    return c == '\'' || c == '.' || c == ':' || c == '^' || c == '`' || c == 0xA8 || c == 0xAD || c == 0xAF ||
           c == 0xB4 || c == 0xB7 || c == 0xB8 || (c >= 0x300 && c <= 0x36F) || c == 0x374 || c == 0x375 ||
           c == 0x37A || c == 0x384 || c == 0x385 || c == 0x387 || (c >= 0x483 && c <= 0x489) || c == 0x2018 ||
           c == 0x2019 || c == 0x2024 || c == 0x2027;
}

constexpr std::uint32_t capital_sigma = 0x3A3, small_sigma = 0x3C3, final_sigma = 0x3C2;
constexpr std::uint32_t capital_i_with_dot = 0x130, combining_dot_above = 0x307;

// Lower-cases one word code point by code point, as Python's str.lower: İ becomes i and a
// combining dot above, and Σ becomes ς when a cased letter comes before it and none after it
// (case-ignorable code points skipped both ways; "ΟΔΟΣ" -> "οδος" with ς, "ΑΣ.Β" -> "ασ.β").
class WordLowerer {
public:
    void append(std::uint32_t c, std::string& word) {
        if (is_case_ignorable(c)) {
            append_utf8(word, lower(c));
            return;
        }
        if (open_sigma_ != std::string::npos) close_sigma(word, is_cased(c));
        if (c == capital_sigma && after_cased_) {
            open_sigma_ = word.size();
            append_utf8(word, small_sigma);
        } else if (c == capital_i_with_dot) {
            word += 'i';
            append_utf8(word, combining_dot_above);
        } else {
            append_utf8(word, lower(c));
        }
        after_cased_ = is_cased(c);
    }
    // At the end of the word: a sigma no cased letter followed is final.
    void end(std::string& word) {
        if (open_sigma_ != std::string::npos) close_sigma(word, false);
        after_cased_ = false;
    }

private:
    // σ and ς are both two bytes in UTF-8 (CF 83, CF 82): the second byte is rewritten.
    void close_sigma(std::string& word, bool cased_after) {
        if (!cased_after) word[open_sigma_ + 1] = static_cast<char>(0x80 | (final_sigma & 0x3F));
        open_sigma_ = std::string::npos;
    }
    bool after_cased_ = false;
    std::size_t open_sigma_ = std::string::npos;  // byte offset of a σ whose follower decides
};

[[noreturn]] void not_utf8(std::string_view where, std::size_t pos) {
    throw Error(fmt::format("{}{}the text is not UTF-8 (byte {})", where, where.empty() ? "" : ": ", pos + 1));
}

// The cost of an alignment as one number: edits * step - hits. Minimising it minimises the
// edits, then maximises the hits, as long as hits < step (tokens of one utterance fit in 32 bits).
constexpr std::int64_t step = std::int64_t{1} << 32;

constexpr std::int64_t unreachable = std::numeric_limits<std::int64_t>::max() / 4;

// Edits and hits of the best alignment whose cells (i, j) keep to the band of diagonals
// i - j in [n - m - band, band] (n = longer.size() >= m = shorter.size(), band >= n - m):
// unreachable cells outside it. Time O(n * band), memory O(m).
std::pair<std::uint64_t, std::uint64_t> banded_edits_and_hits(std::span<const std::uint32_t> longer,
                                                              std::span<const std::uint32_t> shorter, std::size_t band) {
    const std::size_t n = longer.size(), m = shorter.size();
    const std::size_t below = band, above = band - (n - m);  // row i spans j in [i - below, i + above]
    std::vector<std::int64_t> row(m + 1, unreachable);
    for (std::size_t j = 0; j <= std::min(m, above); ++j) row[j] = static_cast<std::int64_t>(j) * step;
    for (std::size_t i = 1; i <= n; ++i) {
        const std::size_t first = i > below ? i - below : 0, last = std::min(m, i + above);
        std::int64_t diagonal = unreachable, left = unreachable;
        std::size_t j = first;
        if (first == 0) {
            diagonal = row[0];
            row[0] = left = static_cast<std::int64_t>(i) * step;
            j = 1;
        } else {
            diagonal = row[first - 1];
        }
        const std::uint32_t token = longer[i - 1];
        for (; j <= last; ++j) {
            const std::int64_t up = row[j];
            left = std::min({diagonal + (token == shorter[j - 1] ? -1 : step), up + step, left + step});
            diagonal = up;
            row[j] = left;
        }
    }
    const std::int64_t cost = row[m];
    const std::int64_t edits = (cost + step - 1) / step;  // cost = edits * step - hits, 0 <= hits < step
    return {static_cast<std::uint64_t>(edits), static_cast<std::uint64_t>(edits * step - cost)};
}

// Edits and hits of the best alignment of two sequences. Every alignment of E edits keeps within
// E diagonals of both ends' diagonals, so a band result of at most `band` edits is exact, and a
// larger one bounds the optimum: a second pass with that band is exact.
std::pair<std::uint64_t, std::uint64_t> edits_and_hits(std::span<const std::uint32_t> longer,
                                                       std::span<const std::uint32_t> shorter) {
    const std::size_t band = std::min(longer.size(), longer.size() - shorter.size() + 4);
    const auto first = banded_edits_and_hits(longer, shorter, band);
    if (first.first <= band) return first;
    return banded_edits_and_hits(longer, shorter, std::min<std::size_t>(longer.size(), first.first));
}

}  // namespace

std::vector<std::uint32_t> code_points(std::string_view text, std::string_view where) {
    std::vector<std::uint32_t> codes;
    codes.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        std::uint32_t code = 0;
        if (!next_code_point(text, pos, code)) not_utf8(where, pos);
        codes.push_back(code);
    }
    return codes;
}

std::vector<std::string> transcript_words(std::string_view text, const TextNormalisation& normalisation,
                                          std::string_view where) {
    std::vector<std::string> words;
    transcript_words(text, normalisation, where, words);
    return words;
}

void transcript_words(std::string_view text, const TextNormalisation& normalisation, std::string_view where,
                      std::vector<std::string>& words) {
    words.clear();
    std::string word;
    WordLowerer lowerer;
    const auto end_word = [&] {
        lowerer.end(word);
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
    };
    for (std::size_t pos = 0; pos < text.size();) {
        std::uint32_t code = static_cast<unsigned char>(text[pos]);
        if (code < 0x80) ++pos;  // ASCII, most texts: no decoding
        else if (!next_code_point(text, pos, code)) not_utf8(where, pos);
        if (is_whitespace(code)) {
            end_word();
        } else if (!normalisation.strip_punctuation || !is_punctuation(code)) {
            if (normalisation.lowercase) lowerer.append(code, word);
            else if (code < 0x80) word += static_cast<char>(code);
            else append_utf8(word, code);
        }
    }
    end_word();
}

void append_code_points(std::string_view text, std::vector<std::uint32_t>& codes) {
    for (std::size_t pos = 0; pos < text.size();) {
        std::uint32_t code = static_cast<unsigned char>(text[pos]);
        if (code < 0x80) ++pos;
        else if (!next_code_point(text, pos, code)) not_utf8("", pos);
        codes.push_back(code);
    }
}

EditCounts& EditCounts::operator+=(const EditCounts& other) {
    hits += other.hits;
    substitutions += other.substitutions;
    deletions += other.deletions;
    insertions += other.insertions;
    return *this;
}

EditCounts align_counts(std::span<const std::uint32_t> reference, std::span<const std::uint32_t> hypothesis,
                        std::string_view where) {
    // Common first and last tokens are hits of every best alignment.
    std::size_t prefix = 0;
    while (prefix < reference.size() && prefix < hypothesis.size() && reference[prefix] == hypothesis[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < reference.size() - prefix && suffix < hypothesis.size() - prefix &&
           reference[reference.size() - 1 - suffix] == hypothesis[hypothesis.size() - 1 - suffix])
        ++suffix;
    const auto ref = reference.subspan(prefix, reference.size() - prefix - suffix);
    const auto hyp = hypothesis.subspan(prefix, hypothesis.size() - prefix - suffix);
    if (static_cast<double>(ref.size()) * static_cast<double>(hyp.size()) > static_cast<double>(max_alignment_steps))
        throw Error(fmt::format("{}{}aligning {} reference tokens with {} hypothesis tokens takes more than {} steps; "
                                "split the utterance into shorter ones",
                                where, where.empty() ? "" : ": ", reference.size(), hypothesis.size(),
                                max_alignment_steps));
    // The row runs along the shorter side: memory O(min(n, m)). The best alignment is the same
    // read in either direction, with deletions and insertions exchanged.
    const bool reference_longer = ref.size() >= hyp.size();
    const auto [edits, hits] = reference_longer ? edits_and_hits(ref, hyp) : edits_and_hits(hyp, ref);
    EditCounts counts;
    counts.hits = hits + prefix + suffix;
    counts.substitutions = (ref.size() - hits) + (hyp.size() - hits) - edits;
    counts.deletions = ref.size() - hits - counts.substitutions;
    counts.insertions = hyp.size() - hits - counts.substitutions;
    return counts;
}

ErrorRates error_rates(const EditCounts& counts) {
    ErrorRates rates;
    const double hits = static_cast<double>(counts.hits);
    const double errors = static_cast<double>(counts.errors());
    const double reference = static_cast<double>(counts.reference_length());
    const double hypothesis = static_cast<double>(counts.hypothesis_length());
    rates.error_rate = reference > 0 ? errors / reference : (errors > 0 ? 1.0 : 0.0);
    rates.mer = errors + hits > 0 ? errors / (errors + hits) : 0.0;
    if (reference == 0 && hypothesis == 0) rates.wip = 1;
    else if (reference > 0 && hypothesis > 0) rates.wip = (hits / reference) * (hits / hypothesis);
    rates.wil = 1 - rates.wip;
    return rates;
}

}  // namespace labelkit
