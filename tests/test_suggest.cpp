// "Did you mean": edit distance and the nearest names (labelkit/suggest.hpp), shared by the lint
// configuration, the format registry and the CLI.
#include <doctest/doctest.h>

#include "labelkit/suggest.hpp"

using labelkit::closest_names;
using labelkit::did_you_mean;
using labelkit::edit_distance;

TEST_CASE("suggest: edit distance counts insertions, deletions and substitutions") {
    // By hand: kitten -> sitten (k/s) -> sittin (e/i) -> sitting (+g), the textbook example.
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("convrt", "convert") == 1);    // one insertion
    CHECK(edit_distance("--verison", "--version") == 2);  // a swap is two substitutions
    CHECK(edit_distance("Coco", "coco") == 1);         // case counts: callers lower first
}

TEST_CASE("suggest: the nearest names, all of them on a tie, within the edit limit and shorter than the word") {
    const std::vector<std::string> commands = {"convert", "formats", "lint", "agree", "merge", "split", "help"};
    CHECK(closest_names(commands, "convrt") == std::vector<std::string>{"convert"});
    CHECK(closest_names(commands, "lnt") == std::vector<std::string>{"lint"});
    CHECK(closest_names(commands, "frobnicate").empty());
    // cooc: coco by a swap (2), voc by a substitution and an insertion (2): both.
    CHECK(closest_names({"coco", "voc", "yolo"}, "cooc") == std::vector<std::string>{"coco", "voc"});
    // Four edits is past the default limit of three, and the limit can be lowered.
    CHECK(closest_names({"abcdefgh"}, "abcd").empty());
    CHECK(closest_names({"abcdefg"}, "abcd") == std::vector<std::string>{"abcdefg"});
    CHECK(closest_names({"abcdefg"}, "abcd", 2).empty());
    // A word of two letters matches only names one edit away: "x" would match every short name.
    CHECK(closest_names({"ls", "voc"}, "lx") == std::vector<std::string>{"ls"});
    CHECK(closest_names({"ls", "voc"}, "x").empty());
    CHECK(closest_names({"a", "a"}, "ab") == std::vector<std::string>{"a"});  // each name once
}

TEST_CASE("suggest: did_you_mean quotes the names and joins them with or") {
    CHECK(did_you_mean({}).empty());
    CHECK(did_you_mean({"coco"}) == "did you mean 'coco'?");
    CHECK(did_you_mean({"coco", "voc", "yolo"}) == "did you mean 'coco', 'voc' or 'yolo'?");
    CHECK(labelkit::ascii_lower("PASCAL_Voc-2") == "pascal_voc-2");
}
