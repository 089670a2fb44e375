// The shared CSV reader (lib/src/core/csv.hpp): leading '#' lines, tab or comma delimiters.
#include <doctest/doctest.h>

#include "core/csv.hpp"
#include "labelkit/error.hpp"

namespace labelkit::test {

namespace {

std::vector<std::vector<std::string>> records(const std::string& text, const std::string& name = "t.csv",
                                              std::vector<std::uint32_t>* lines = nullptr) {
    CsvReader reader(text, name, "test/csv");
    std::vector<std::vector<std::string>> all;
    std::vector<std::string> fields;
    while (reader.next(fields)) {
        all.push_back(fields);
        if (lines) lines->push_back(reader.line());
    }
    return all;
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("csv: leading '#' lines are skipped, with the file's line numbers kept") {
    std::vector<std::uint32_t> lines;
    const Rows rows = records("\xEF\xBB\xBF# from crowd-kit\n#\n\nworker,task,label\nw1,t1,#yes\n# data\n", "t.csv", &lines);
    // Header on line 4; '#yes' and '# data' after it are data (the last a one-field row).
    CHECK(rows == Rows{{"worker", "task", "label"}, {"w1", "t1", "#yes"}, {"# data"}});
    CHECK(lines == std::vector<std::uint32_t>{4, 5, 6});
    // An error after the notes is at the file's line.
    CsvReader reader("# note\r\n# note\r\na,b\r\n\"open\n", "t.csv", "test/csv");
    std::vector<std::string> fields;
    REQUIRE(reader.next(fields));
    CHECK(reader.line() == 3);
    try {
        reader.next(fields);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.where().line == 4);
    }
    // A file of notes only has no record.
    CHECK(records("# only\n# notes\n").empty());
}

TEST_CASE("csv: the delimiter is a tab for .tsv files and tab-separated headers, a comma otherwise") {
    // Label Studio's tab-separated export: quoted names, no comma outside quotes.
    const std::string studio = "\"id\"\t\"annotator\"\t\"sentiment\"\n4\t\"a@x.com\"\t\"Positive, mostly\"\n";
    CHECK(records(studio) == Rows{{"id", "annotator", "sentiment"}, {"4", "a@x.com", "Positive, mostly"}});
    CHECK(records("item\tannotator\tlabel\ni1\tw1\tcat\n", "t.tsv") == Rows{{"item", "annotator", "label"}, {"i1", "w1", "cat"}});
    // A .tsv file is tab-separated even when its header has a comma.
    CHECK(records("a,b\tc\n1\t2\n", "t.tsv") == Rows{{"a,b", "c"}, {"1", "2"}});
    // A header with commas and tabs (a tab inside a name) stays comma-separated; so does a
    // header whose only tab is inside quotes.
    CHECK(records("a\tb,c\n1,2\n") == Rows{{"a\tb", "c"}, {"1", "2"}});
    CHECK(records("\"a\tb\"\n1\n") == Rows{{"a\tb"}, {"1"}});
    CHECK(table_delimiter("# x\n", "t.csv") == ',');
}

}  // namespace labelkit::test
