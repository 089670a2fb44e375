// A rating table for `labelkit agree` as CSV (RFC 4180, header row): read_judgments (it reads a file and
// picks the parser by extension), then make_rating_table over what it read.
#include <cstddef>
#include <cstdint>

#include "labelkit/error.hpp"
#include "labelkit/ratings.hpp"
#include "scratch_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ScratchFolder folder("ratings_csv");
    const auto file = folder.write("ratings.csv", data, size);
    try {
        labelkit::make_rating_table(labelkit::read_judgments(file), {});
    } catch (const labelkit::Error&) {
    }
    return 0;
}
