// Tests of lib/src/core/geometry.cpp. Every expected value is derived by hand in the comment
// next to it, or computed by an independent (naive) implementation inside this file.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "labelkit/error.hpp"
#include "labelkit/geometry.hpp"

using namespace labelkit;

namespace {

using Counts = std::vector<std::uint32_t>;

std::string str(const Counts& counts) { return fmt::format("[{}]", fmt::join(counts, ",")); }

std::string str(const std::vector<Point>& ring) {
    std::string out;
    for (const Point& p : ring) out += fmt::format("{}({},{})", out.empty() ? "" : " ", p.x, p.y);
    return out;
}

std::string str(const Box& b) { return fmt::format("{{{},{},{},{}}}", b.x, b.y, b.width, b.height); }

// A picture written as rows of '0'/'1' (rows[y][x]) turned into column-major bytes.
std::vector<std::uint8_t> column_major(const std::vector<std::string>& rows) {
    const std::size_t h = rows.size(), w = h ? rows[0].size() : 0;
    std::vector<std::uint8_t> out(h * w);
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) out[x * h + y] = rows[y][x] == '1';
    return out;
}

RleMask mask_of(const std::vector<std::string>& rows) {
    const auto bytes = column_major(rows);
    const auto h = static_cast<std::uint32_t>(rows.size());
    const auto w = static_cast<std::uint32_t>(rows.empty() ? 0 : rows[0].size());
    return rle_encode(bytes.data(), h, w);
}

// The COCO definition, one pixel at a time: runs of equal values, the first one of 0s.
Counts naive_counts(const std::vector<std::uint8_t>& pixels) {
    Counts counts;
    std::uint8_t current = 0;
    std::uint32_t length = 0;
    for (std::uint8_t v : pixels) {
        const std::uint8_t bit = v != 0;
        if (bit != current) {
            counts.push_back(length);
            length = 0;
            current = bit;
        }
        ++length;
    }
    counts.push_back(length);
    return counts;
}

// Even-odd point-in-polygon with a horizontal ray (the classic PNPOLY test).
bool inside_ring(const std::vector<Point>& ring, double px, double py) {
    bool in = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Point& a = ring[i];
        const Point& b = ring[j];
        if ((a.y > py) != (b.y > py) && px < (b.x - a.x) * (py - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

// The mask with every background pixel that is not 4-connected to the outside set.
std::vector<std::uint8_t> fill_holes(const std::vector<std::uint8_t>& m, int h, int w) {
    std::vector<std::uint8_t> outside(m.size(), 0);
    std::deque<std::pair<int, int>> queue;
    auto push = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= w || y >= h) return;
        const std::size_t i = static_cast<std::size_t>(x) * h + y;
        if (m[i] || outside[i]) return;
        outside[i] = 1;
        queue.emplace_back(x, y);
    };
    for (int x = 0; x < w; ++x) push(x, 0), push(x, h - 1);
    for (int y = 0; y < h; ++y) push(0, y), push(w - 1, y);
    while (!queue.empty()) {
        auto [x, y] = queue.front();
        queue.pop_front();
        push(x + 1, y), push(x - 1, y), push(x, y + 1), push(x, y - 1);
    }
    std::vector<std::uint8_t> filled(m.size());
    for (std::size_t i = 0; i < m.size(); ++i) filled[i] = !outside[i];
    return filled;
}

// Random column-major mask: runs with a switch probability, so both noise and long runs occur.
std::vector<std::uint8_t> random_mask(std::mt19937& rng, std::size_t n, double switch_p, double start_p) {
    std::bernoulli_distribution flip(switch_p), start(start_p);
    std::vector<std::uint8_t> m(n);
    std::uint8_t v = start(rng);
    for (auto& px : m) {
        px = v;
        if (flip(rng)) v = !v;
    }
    return m;
}

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.where().empty());
        return e.message();
    }
    return "<no error>";
}

}  // namespace

// ---------------------------------------------------------------------------------------

TEST_CASE("geometry: bounds of rings, polygon sets and oriented boxes") {
    // x in {1, 4, 3} -> 1..4, y in {2, -1, 5} -> -1..5: {1, -1, 3, 6}.
    const std::vector<Point> ring{{1, 2}, {4, -1}, {3, 5}};
    CHECK(str(bounds(ring)) == "{1,-1,3,6}");
    CHECK(str(bounds(std::vector<Point>{})) == "{0,0,0,0}");
    // A single point: zero-sized box at the point.
    CHECK(str(bounds(std::vector<Point>{{2.5, 3.25}})) == "{2.5,3.25,0,0}");

    // Two rings: x over {1, 4, 3, 10, 11}, y over {2, -1, 5, 0.5, 7.5} -> {1, -1, 10, 8.5}.
    PolygonSet set{{ring, {{10, 0.5}, {11, 7.5}, {10.5, 1}}}};
    CHECK(str(bounds(set)) == "{1,-1,10,8.5}");
    CHECK(str(bounds(PolygonSet{})) == "{0,0,0,0}");
    // Empty rings are ignored.
    CHECK(str(bounds(PolygonSet{{{}, ring}})) == "{1,-1,3,6}");

    // A diamond centred on (2, 2) with half-diagonal 2: {0, 0, 4, 4}.
    OrientedBox diamond{{Point{2, 0}, Point{4, 2}, Point{2, 4}, Point{0, 2}}};
    CHECK(str(bounds(diamond)) == "{0,0,4,4}");
    // A rotated 3-4-5 box: corners (0,3) (4,0) (7,4) (3,7) -> x 0..7, y 0..7.
    OrientedBox rotated{{Point{0, 3}, Point{4, 0}, Point{7, 4}, Point{3, 7}}};
    CHECK(str(bounds(rotated)) == "{0,0,7,7}");
}

TEST_CASE("geometry: shoelace area of rings and polygon sets") {
    // Right triangle with legs 4 and 3: 4 * 3 / 2 = 6, in either orientation.
    const std::vector<Point> triangle{{0, 0}, {4, 0}, {0, 3}};
    CHECK(area(triangle) == 6.0);
    CHECK(area(std::vector<Point>{{0, 3}, {4, 0}, {0, 0}}) == 6.0);
    // 2.5 x 4 rectangle: 10.
    CHECK(area(std::vector<Point>{{1, 1}, {3.5, 1}, {3.5, 5}, {1, 5}}) == 10.0);
    // L shape = 3x1 bar along the top plus a 1x2 leg below its left end: 3 + 2 = 5.
    const std::vector<Point> ell{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 3}, {0, 3}};
    CHECK(area(ell) == 5.0);
    // Fewer than three points enclose nothing.
    CHECK(area(std::vector<Point>{}) == 0.0);
    CHECK(area(std::vector<Point>{{0, 0}, {5, 5}}) == 0.0);
    // Far from the origin: a 0.5 x 0.5 square at (1e6, 1e6) has area 0.25 (all values exact
    // in binary, so the relative shoelace gives exactly 0.25).
    CHECK(area(std::vector<Point>{{1e6, 1e6}, {1e6 + 0.5, 1e6}, {1e6 + 0.5, 1e6 + 0.5}, {1e6, 1e6 + 0.5}}) ==
          0.25);

    // Sum over rings: 6 + 5 = 11. Overlapping rings count twice (geometric sum, not union):
    // two copies of the triangle give 12.
    CHECK(area(PolygonSet{{triangle, ell}}) == 11.0);
    CHECK(area(PolygonSet{{triangle, triangle}}) == 12.0);
    CHECK(area(PolygonSet{}) == 0.0);
}

TEST_CASE("geometry: box_corners go clockwise from the top-left corner") {
    // Box at (1, 2), 3 wide, 4 high: right = 4, bottom = 6.
    const Box box{1, 2, 3, 4};
    CHECK(str(box_corners(box)) == "(1,2) (4,2) (4,6) (1,6)");
    CHECK(area(box_corners(box)) == 12.0);  // 3 * 4
    CHECK(bounds(box_corners(box)) == box);
    // Clockwise on screen (y down) = positive signed shoelace sum:
    // (1*2-4*2) + (4*6-4*2) + (4*6-1*6) + (1*2-1*6) = -6 + 16 + 18 - 4 = 24 > 0.
}

TEST_CASE("rle: encode and decode hand-made masks") {
    // 3x3, rows:    0 1 1      column-major (columns top to bottom): 0 0 1 | 1 1 1 | 1 0 0
    //               0 1 0      -> 0,0 | 1,1,1,1,1 | 0,0 -> counts [2,5,2]
    //               1 1 0
    RleMask a = mask_of({"011", "010", "110"});
    CHECK(a.height == 3);
    CHECK(a.width == 3);
    CHECK(str(a.counts) == "[2,5,2]");
    CHECK(rle_decode(a) == column_major({"011", "010", "110"}));

    // A mask whose first pixel is set starts with an empty run of 0s:
    // rows 100 / 001 / 001 -> columns 1 0 0 | 0 0 0 | 0 1 1 -> [0,1,6,2].
    RleMask b = mask_of({"100", "001", "001"});
    CHECK(str(b.counts) == "[0,1,6,2]");
    CHECK(rle_decode(b) == column_major({"100", "001", "001"}));

    // Empty, full and zero-sized masks (pycocotools' rleEncode always ends with the last run,
    // so an all-zero mask is [h*w] and a 0-pixel mask is [0]).
    std::vector<std::uint8_t> zeros(12, 0), ones(12, 1);
    CHECK(str(rle_encode(zeros.data(), 3, 4).counts) == "[12]");
    CHECK(str(rle_encode(ones.data(), 3, 4).counts) == "[0,12]");
    CHECK(str(rle_encode(nullptr, 0, 0).counts) == "[0]");
    CHECK(str(rle_encode(nullptr, 0, 5).counts) == "[0]");
    CHECK(rle_decode(RleMask{0, 5, {0}}).empty());

    // Longer than a machine word: 37 pixels (h=37, w=1) set at 9..30:
    // 9 zeros (0..8), 22 ones (9..30), 6 zeros (31..36).
    std::vector<std::uint8_t> col(37, 0);
    for (int i = 9; i <= 30; ++i) col[i] = 1;
    RleMask c = rle_encode(col.data(), 37, 1);
    CHECK(str(c.counts) == "[9,22,6]");
    CHECK(rle_decode(c) == col);

    // Any nonzero byte is foreground: 41 pixels, 0..15 = 255, 16 = 0, 17..40 = 1
    // -> [0,16,1,24] (16 + 1 + 24 = 41).
    std::vector<std::uint8_t> mixed(41, 1);
    for (int i = 0; i < 16; ++i) mixed[i] = 255;
    mixed[16] = 0;
    CHECK(str(rle_encode(mixed.data(), 41, 1).counts) == "[0,16,1,24]");

    // Zero-length runs in the middle (as pycocotools can produce, e.g. "000...") decode fine:
    // [0,0,0,2,2] on 4 pixels = 0 zeros, 0 ones, 0 zeros, 2 ones, 2 zeros.
    CHECK(rle_decode(RleMask{4, 1, {0, 0, 0, 2, 2}}) == std::vector<std::uint8_t>{1, 1, 0, 0});
}

TEST_CASE("rle: decoding rejects counts that do not cover the mask") {
    // 2x2 = 4 pixels; 1 + 2 = 3 and 1 + 2 + 3 = 6 do not match.
    CHECK(error_of([] { rle_decode(RleMask{2, 2, {1, 2}}); }) ==
          "RLE counts add up to 3 pixels, but a 2 x 2 mask has 4");
    CHECK(error_of([] { rle_decode(RleMask{2, 2, {1, 2, 3}}); }).find("add up to 6") != std::string::npos);
    CHECK_THROWS_AS(rle_to_polygons(RleMask{2, 2, {5}}), Error);
    // 70000 x 70000 = 4.9e9 pixels > 2^32 - 1: cannot be held in 32-bit counts.
    CHECK_THROWS_AS(rasterize(PolygonSet{}, 70000, 70000), Error);
}

TEST_CASE("rle: area and bounds") {
    // 4 high, 5 wide; pixels (x=1,y=2), (1,3), (2,0) are column-major indices 6, 7, 8: one
    // run crossing from column 1 into column 2 -> [6,3,11]; bbox x 1..2, y 0..3.
    RleMask spanning{4, 5, {6, 3, 11}};
    CHECK(area(spanning) == 3.0);
    CHECK(str(bounds(spanning)) == "{1,0,2,4}");
    CHECK(rle_decode(spanning) == column_major({"00100", "00000", "01000", "01000"}));

    // Pixels (0,3), (3,1), (3,2) = indices 3, 13, 14 -> [3,1,9,2,5]; bbox x 0..3, y 1..3.
    RleMask scattered{4, 5, {3, 1, 9, 2, 5}};
    CHECK(area(scattered) == 3.0);
    CHECK(str(bounds(scattered)) == "{0,1,4,3}");

    // pycocotools' own toBbox tests (tests/test_cases.py of the COCO API):
    // [[0,1],[1,1]] -> columns 0 1 | 1 1 -> [1,3], bbox [0,0,2,2], area 3.
    RleMask corner = mask_of({"01", "11"});
    CHECK(str(corner.counts) == "[1,3]");
    CHECK(str(bounds(corner)) == "{0,0,2,2}");
    CHECK(area(corner) == 3.0);
    // 10x10 with mask[2:4, 3:6] = 1 -> bbox [3,2,3,2]; runs: 32 zeros (columns 0..2 and rows
    // 0..1 of column 3), then per column 2 ones and 8 zeros, the last zeros 8 + 4*10 = 46.
    std::vector<std::string> rows(10, std::string(10, '0'));
    for (int y = 2; y < 4; ++y)
        for (int x = 3; x < 6; ++x) rows[y][x] = '1';
    RleMask block = mask_of(rows);
    CHECK(str(block.counts) == "[32,2,8,2,8,2,46]");
    CHECK(str(bounds(block)) == "{3,2,3,2}");
    CHECK(area(block) == 6.0);

    // Empty and full masks.
    CHECK(str(bounds(RleMask{4, 5, {20}})) == "{0,0,0,0}");
    CHECK(area(RleMask{4, 5, {20}}) == 0.0);
    CHECK(str(bounds(RleMask{4, 5, {0, 20}})) == "{0,0,5,4}");
    CHECK(area(RleMask{4, 5, {0, 20}}) == 20.0);
    CHECK(str(bounds(RleMask{0, 0, {0}})) == "{0,0,0,0}");
    // Zero-length foreground runs do not count: [3,0,9,2,6] = 3 + 0 + 9 zeros (indices
    // 0..11), ones at 12 and 13 = column 3, rows 0..1 -> {3,0,1,2}.
    CHECK(str(bounds(RleMask{4, 5, {3, 0, 9, 2, 6}})) == "{3,0,1,2}");
}

TEST_CASE("rle: compressed strings, derived by hand") {
    // Each value v (counts[i], or counts[i] - counts[i-2] when i > 2) is cut into 5-bit
    // groups, least significant first; a group gets +0x20 when more follow; char = 48 + group.
    //
    // [2,5,2]: 2, 5, 2 are single groups without bit 0x10 -> '2' '5' '2'.
    CHECK(rle_counts_to_string({2, 5, 2}) == "252");
    CHECK(str(rle_counts_from_string("252")) == "[2,5,2]");

    // [100,3,50,3,20]:
    //   100 = 3*32 + 4: group 4, rest 3 -> 4+32 = 36 -> 'T'; group 3, rest 0 -> '3'.   "T3"
    //   3 -> '3'.
    //   50 (i = 2, not a difference) = 1*32 + 18: group 18 has bit 0x10, rest 1 -> more ->
    //     18+32 = 50 -> 'b'; group 1, rest 0 -> '1'.                                   "b1"
    //   3 - 3 = 0 -> '0'.
    //   20 - 50 = -30 = -1*32 + 2: group 2, rest -1, bit 0x10 clear -> more -> 34 -> 'R';
    //     group 31 (bit 0x10 set), rest -1 -> stop -> 31+48 = 79 -> 'O'.                  "RO"
    // Decoding "RO": 2 | 31<<5 = 994, last group has 0x10 -> x |= -1<<10 -> 994 - 1024 = -30,
    // plus counts[2] = 50 -> 20.
    const Counts counts{100, 3, 50, 3, 20};
    CHECK(rle_counts_to_string(counts) == "T33b10RO");
    CHECK(rle_counts_from_string("T33b10RO") == counts);

    // The empty list and the empty string correspond.
    CHECK(rle_counts_to_string({}).empty());
    CHECK(rle_counts_from_string("").empty());
    // A 0-pixel mask encodes as [0] -> "0".
    CHECK(rle_counts_to_string({0}) == "0");
}

TEST_CASE("rle: compressed strings known from pycocotools") {
    // pycocotools' mask.encode of a 25x25 mask with mask[a:b, a:b] = 1 (strings as recorded
    // against pycocotools in the pytorchcocotools test suite). The counts follow from the
    // mask; the strings from the encoding rule:
    //
    // [0:5, 0:5]: starts with 5 ones -> [0, 5, 20, 5, 20, 5, 20, 5, 20, 5, 520], where
    //   20 = rows 5..24 of a column and 520 = 20 + 20 columns of 25.
    //   '0' '5'; 20 = group 20 (bit 0x10), rest 0 -> more -> 52 'd', then '0';
    //   i = 3..9: differences 5-5, 20-20, ... = 0 -> seven '0';
    //   520 - 20 = 500 = 15*32 + 20 -> 'd' (20+32), then 15 -> '?'.
    {
        std::vector<std::string> rows(25, std::string(25, '0'));
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 5; ++x) rows[y][x] = '1';
        const Counts expected{0, 5, 20, 5, 20, 5, 20, 5, 20, 5, 520};
        CHECK(mask_of(rows).counts == expected);
        CHECK(rle_counts_to_string(expected) == "05d00000000d?");
        CHECK(rle_counts_from_string("05d00000000d?") == expected);
    }
    // [5:10, 5:10]: 130 zeros (5 columns of 25, plus rows 0..4 of column 5), then per column
    //   5 ones and 20 zeros, the last zeros 15 + 15*25 = 390.
    //   130 = 4*32 + 2 -> 'R' (2+32), '4'; '5'; 20 -> "d0"; seven '0';
    //   390 - 20 = 370 = 11*32 + 18 -> 'b' (18+32), then 11 -> ';'.
    {
        std::vector<std::string> rows(25, std::string(25, '0'));
        for (int y = 5; y < 10; ++y)
            for (int x = 5; x < 10; ++x) rows[y][x] = '1';
        const Counts expected{130, 5, 20, 5, 20, 5, 20, 5, 20, 5, 390};
        CHECK(mask_of(rows).counts == expected);
        CHECK(rle_counts_to_string(expected) == "R45d00000000b;");
        CHECK(rle_counts_from_string("R45d00000000b;") == expected);
    }
    // [20:25, 20:25]: 520 zeros, then 5 ones / 20 zeros, ending with 5 ones (no trailing run).
    //   520 = 16*32 + 8 -> 'X' (8+32); 16 has bit 0x10 and rest 0 -> more -> '`' (16+32+48);
    //   then 0 -> '0'; '5'; "d0"; six differences of 0 (i = 3..8) and 5 - 5 = 0 (i = 9).
    {
        std::vector<std::string> rows(25, std::string(25, '0'));
        for (int y = 20; y < 25; ++y)
            for (int x = 20; x < 25; ++x) rows[y][x] = '1';
        const Counts expected{520, 5, 20, 5, 20, 5, 20, 5, 20, 5};
        CHECK(mask_of(rows).counts == expected);
        CHECK(rle_counts_to_string(expected) == "X`05d00000000");
        CHECK(rle_counts_from_string("X`05d00000000") == expected);
    }
    // Start of a 1350x1080 mask from the COCO API's own tests (testZeroLeadingRLE:
    // "000lg0Zb01O..."), which has empty leading runs:
    //   '0' '0' '0' -> 0, 0, 0;
    //   'l' = 60 -> 28 + more; 'g' = 55 -> 23 + more; '0' -> 0 -> 28 + 23*32 = 764, +counts[1]=0;
    //   'Z' = 42 -> 10 + more; 'b' = 50 -> 18 + more; '0' -> 10 + 18*32 = 586, +counts[2]=0.
    CHECK(str(rle_counts_from_string("000lg0Zb0")) == "[0,0,0,764,586]");
    CHECK(rle_counts_to_string({0, 0, 0, 764, 586}) == "000lg0Zb0");
    // Start of a published pycocotools string for a 50x70 mask ("0g05b08J4M2N2N..."):
    //   '0' -> 0; 'g','0' -> 23; '5' -> 5; 'b','0' -> 18 + counts[1] = 41; '8' -> 8 + 5 = 13;
    //   'J' = 26: bit 0x10 -> 26 - 32 = -6, + 41 = 35; '4' -> 4 + 13 = 17;
    //   'M' = 29 -> -3 + 35 = 32; '2' -> 2 + 17 = 19; 'N' = 30 -> -2 + 32 = 30;
    //   '2' -> 2 + 19 = 21; 'N' -> -2 + 30 = 28.
    const Counts published{0, 23, 5, 41, 13, 35, 17, 32, 19, 30, 21, 28};
    CHECK(rle_counts_from_string("0g05b08J4M2N2N") == published);
    CHECK(rle_counts_to_string(published) == "0g05b08J4M2N2N");
}

TEST_CASE("rle: malformed compressed strings are rejected") {
    // 'g' = 55 carries the continuation bit 0x20, and nothing follows.
    CHECK(error_of([] { rle_counts_from_string("0g"); }) ==
          "invalid compressed RLE counts: the string ends in the middle of a value (started at offset 1)");
    // ' ' (32) and 'p' (112) are outside '0'..'o' (48..111).
    CHECK(error_of([] { rle_counts_from_string("05 d0"); }) ==
          "invalid compressed RLE counts: ' ' at offset 2 is not one of the characters '0'..'o'");
    CHECK(error_of([] { rle_counts_from_string("0p"); }).find("'p' at offset 1") != std::string::npos);
    CHECK(error_of([] { rle_counts_from_string(std::string("0\x80", 2)); }).find("byte 0x80") !=
          std::string::npos);
    // 'O' = 31: bit 0x10 -> sign-extended to -1, a negative count.
    CHECK(error_of([] { rle_counts_from_string("O"); }).find("decodes to -1") != std::string::npos);
    // Counts [0,0,0] then 'O' = -1 + counts[1] = -1: negative after the difference, too.
    CHECK(error_of([] { rle_counts_from_string("000O"); }).find("count #3") != std::string::npos);
    // 'P' = 32 is an empty group with continuation; six of them then '4' = 4 << 30 = 2^32,
    // one more than the largest count.
    CHECK(error_of([] { rle_counts_from_string("PPPPPP4"); }).find("decodes to 4294967296") !=
          std::string::npos);
    // ... while 'P' x 6 then '3' = 3 << 30 = 3221225472 fits.
    CHECK(str(rle_counts_from_string("PPPPPP3")) == "[3221225472]");
    // More than 7 groups for one value.
    CHECK(error_of([] { rle_counts_from_string("PPPPPPPP0"); }).find("longer than 7") != std::string::npos);
}

TEST_CASE("rle: random masks round-trip through counts and strings") {
    std::mt19937 rng(20240611);
    std::uniform_int_distribution<int> side(1, 40);
    const double switch_ps[] = {0.02, 0.2, 0.5, 0.9};
    for (int trial = 0; trial < 400; ++trial) {
        const auto h = static_cast<std::uint32_t>(side(rng)), w = static_cast<std::uint32_t>(side(rng));
        const auto pixels = random_mask(rng, std::size_t{h} * w, switch_ps[trial % 4], 0.5);
        const RleMask mask = rle_encode(pixels.data(), h, w);
        CAPTURE(trial);
        REQUIRE(mask.counts == naive_counts(pixels));
        CHECK(rle_decode(mask) == pixels);
        const std::string text = rle_counts_to_string(mask.counts);
        CHECK(rle_counts_from_string(text) == mask.counts);
        std::uint64_t ones = 0;
        for (auto p : pixels) ones += p;
        CHECK(area(mask) == static_cast<double>(ones));

        // Bounds against a pixel-by-pixel scan.
        std::int64_t x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (std::uint32_t x = 0; x < w; ++x)
            for (std::uint32_t y = 0; y < h; ++y)
                if (pixels[std::size_t{x} * h + y]) {
                    x0 = std::min<std::int64_t>(x0, x), x1 = std::max<std::int64_t>(x1, x);
                    y0 = std::min<std::int64_t>(y0, y), y1 = std::max<std::int64_t>(y1, y);
                }
        const Box expected = x1 < 0 ? Box{} : Box{double(x0), double(y0), double(x1 - x0 + 1), double(y1 - y0 + 1)};
        CHECK(bounds(mask) == expected);
    }
    // Large counts with big positive and negative differences survive the string form.
    const Counts big{4000000000u, 1, 7, 4294967295u, 0, 123456789, 65536};
    CHECK(rle_counts_from_string(rle_counts_to_string(big)) == big);
}

TEST_CASE("polygon: rasterize samples pixel centres") {
    // Pixel-aligned square [1,3) x [1,3) in 4x4: columns 1-2, rows 1-2 -> indices 5,6 and
    // 9,10 -> [5,2,2,2,5]; 4 pixels = its area.
    const std::vector<Point> square{{1, 1}, {3, 1}, {3, 3}, {1, 3}};
    CHECK(str(rasterize(PolygonSet{{square}}, 4, 4).counts) == "[5,2,2,2,5]");
    // Orientation does not matter.
    CHECK(str(rasterize(PolygonSet{{{{1, 3}, {3, 3}, {3, 1}, {1, 1}}}}, 4, 4).counts) == "[5,2,2,2,5]");

    // Triangle (0,0) (4,0) (0,4): centre (i+.5, j+.5) inside when i + j + 1 < 4; the centres
    // with i + j = 3 lie on the hypotenuse, a bottom edge, and are left out. Column 0 rows
    // 0..2, column 1 rows 0..1, column 2 row 0 -> 3 ones, 1 zero, 2 ones, 2 zeros, 1 one,
    // 7 zeros -> [0,3,1,2,2,1,7].
    CHECK(str(rasterize(PolygonSet{{{{0, 0}, {4, 0}, {0, 4}}}}, 4, 4).counts) == "[0,3,1,2,2,1,7]");

    // Sub-pixel rectangle [0.4, 2.6] x [0.4, 1.6] in 3x4: centres 0.5, 1.5, 2.5 in x and
    // 0.5, 1.5 in y -> columns 0..2 rows 0..1 -> [0,2,1,2,1,2,4].
    CHECK(str(rasterize(PolygonSet{{{{0.4, 0.4}, {2.6, 0.4}, {2.6, 1.6}, {0.4, 1.6}}}}, 3, 4).counts) ==
          "[0,2,1,2,1,2,4]");
    // A thin strip y in [0.6, 1.4] holds no centre (0.5 and 1.5 are outside): empty.
    CHECK(str(rasterize(PolygonSet{{{{0.4, 0.6}, {2.6, 0.6}, {2.6, 1.4}, {0.4, 1.4}}}}, 3, 4).counts) == "[12]");

    // Centres exactly on the boundary: in on left/top edges, out on right/bottom edges.
    // [0.5, 2.5] x [0.5, 1.5] in 3x3: x centres 0.5 (in), 1.5, 2.5 (out); y 0.5 (in), 1.5
    // (out) -> pixels (0,0), (1,0) = indices 0, 3 -> [0,1,2,1,5].
    CHECK(str(rasterize(PolygonSet{{{{0.5, 0.5}, {2.5, 0.5}, {2.5, 1.5}, {0.5, 1.5}}}}, 3, 3).counts) ==
          "[0,1,2,1,5]");

    // Rings are united: squares [0,2)^2 and [1,3)^2 in 3x3 overlap in pixel (1,1), which
    // stays set. Columns: 1 1 0 | 1 1 1 | 0 1 1 -> [0,2,1,3,1,2].
    const std::vector<Point> a{{0, 0}, {2, 0}, {2, 2}, {0, 2}}, b{{1, 1}, {3, 1}, {3, 3}, {1, 3}};
    CHECK(str(rasterize(PolygonSet{{a, b}}, 3, 3).counts) == "[0,2,1,3,1,2]");

    // Within one ring the even-odd rule applies: the outer square [0,4)^2 followed by the
    // inner square [1,3)^2 through a doubled bridge (0,0)-(1,1) leaves a 2x2 hole.
    // Columns: 1111 | 1001 | 1001 | 1111 -> [0,5,2,2,2,5].
    const std::vector<Point> framed{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}, {1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}};
    CHECK(str(rasterize(PolygonSet{{framed}}, 4, 4).counts) == "[0,5,2,2,2,5]");

    // Clipped to the image: [-5,10] x [-5,1] in 3 high x 2 wide -> row 0 of both columns:
    // columns 1 0 0 | 1 0 0 -> [0,1,2,1,2].
    CHECK(str(rasterize(PolygonSet{{{{-5, -5}, {10, -5}, {10, 1}, {-5, 1}}}}, 3, 2).counts) == "[0,1,2,1,2]");
    // The whole image: [0,3] x [0,2] in 2x3 -> [0,6].
    CHECK(str(rasterize(PolygonSet{{box_corners(Box{0, 0, 3, 2})}}, 2, 3).counts) == "[0,6]");
    // Entirely outside, degenerate rings, no rings, no pixels.
    CHECK(str(rasterize(PolygonSet{{{{10, 10}, {12, 10}, {12, 12}}}}, 4, 4).counts) == "[16]");
    CHECK(str(rasterize(PolygonSet{{{}, {{1, 1}}, {{0, 0}, {3, 3}}}}, 4, 4).counts) == "[16]");
    CHECK(str(rasterize(PolygonSet{}, 4, 4).counts) == "[16]");
    CHECK(str(rasterize(PolygonSet{{square}}, 0, 0).counts) == "[0]");
    CHECK(rasterize(PolygonSet{{square}}, 4, 4).height == 4);

    // A left edge from (0.5, 0) leaning right by one ulp over a height of 1e300: its slope
    // overflows to infinity, and it starts on column 0's centre line. There the polygon is
    // just the point (0.5, 0): column 0 empty; columns 1 and 2 full (y from 0 to 1e300);
    // column 3 (centre 3.5) outside -> [4,8,4].
    const double next = std::nextafter(0.5, 1.0);
    CHECK(str(rasterize(PolygonSet{{{{0.5, 0}, {next, 1e300}, {3, 1e300}, {3, 0}}}}, 4, 4).counts) ==
          "[4,8,4]");

    CHECK(error_of([] { rasterize(PolygonSet{{{{0, 0}, {NAN, 1}, {1, 1}}}}, 4, 4); }).find("non-finite") !=
          std::string::npos);
}

TEST_CASE("polygon: rasterize agrees with a brute-force centre test") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> side(1, 30), vertices(3, 9), rings(1, 3);
    for (int trial = 0; trial < 300; ++trial) {
        const int h = side(rng), w = side(rng);
        std::uniform_real_distribution<double> xs(-3.0, w + 3.0), ys(-3.0, h + 3.0);
        PolygonSet set;
        const int nr = rings(rng);
        for (int r = 0; r < nr; ++r) {
            std::vector<Point> ring(vertices(rng));
            for (auto& p : ring) p = {xs(rng), ys(rng)};
            set.rings.push_back(ring);
        }
        std::vector<std::uint8_t> expected(static_cast<std::size_t>(h) * w);
        for (int x = 0; x < w; ++x)
            for (int y = 0; y < h; ++y)
                for (const auto& ring : set.rings)
                    if (inside_ring(ring, x + 0.5, y + 0.5)) expected[std::size_t(x) * h + y] = 1;
        CAPTURE(trial);
        CHECK(rasterize(set, h, w).counts == naive_counts(expected));
    }
}

TEST_CASE("polygon: rle_to_polygons traces pixel edges") {
    SUBCASE("a rectangle of pixels") {
        // Pixels x 2..4, y 1..2 -> the ring (2,1) (5,1) (5,3) (2,3): bounds {2,1,3,2}, area 3*2.
        const RleMask m = mask_of({"000000", "001110", "001110", "000000", "000000"});
        const PolygonSet p = rle_to_polygons(m);
        REQUIRE(p.rings.size() == 1);
        CHECK(str(p.rings[0]) == "(2,1) (5,1) (5,3) (2,3)");
        CHECK(str(bounds(p)) == "{2,1,3,2}");
        CHECK(area(p) == 6.0);
        CHECK(rasterize(p, m.height, m.width) == m);
    }
    SUBCASE("an L shape") {
        // Pixels (1,1) (1,2) (1,3) (2,3) (3,3). Walking clockwise from (1,1): right along the
        // top of (1,1) to (2,1), down to (2,3), right under nothing to (4,3), down to (4,4),
        // left to (1,4), up to the start. Shoelace: -1 + 4 - 6 + 4 + 12 - 3 = 10 -> area 5.
        const RleMask m = mask_of({"00000", "01000", "01000", "01110", "00000"});
        const PolygonSet p = rle_to_polygons(m);
        REQUIRE(p.rings.size() == 1);
        CHECK(str(p.rings[0]) == "(1,1) (2,1) (2,3) (4,3) (4,4) (1,4)");
        CHECK(area(p) == 5.0);
        CHECK(str(bounds(p)) == "{1,1,3,3}");
        CHECK(rasterize(p, m.height, m.width) == m);
    }
    SUBCASE("two blobs give two rings, in row-major order of their first pixel") {
        // Pixel (0,0), and pixels (3,2) (4,2).
        const RleMask m = mask_of({"100000", "000000", "000110", "000000"});
        const PolygonSet p = rle_to_polygons(m);
        REQUIRE(p.rings.size() == 2);
        CHECK(str(p.rings[0]) == "(0,0) (1,0) (1,1) (0,1)");
        CHECK(str(p.rings[1]) == "(3,2) (5,2) (5,3) (3,3)");
        CHECK(area(p) == 3.0);
        CHECK(rasterize(p, m.height, m.width) == m);
    }
    SUBCASE("an empty mask gives no rings") {
        CHECK(rle_to_polygons(RleMask{4, 5, {20}}).rings.empty());
        CHECK(rle_to_polygons(RleMask{0, 0, {0}}).rings.empty());
    }
    SUBCASE("diagonal neighbours are one 8-connected component") {
        // Pixels (0,0) and (1,1) meet at the corner (1,1), which the ring passes twice.
        // Shoelace: 0 + 1 - 1 + 2 + 2 - 1 + 1 + 0 = 4 -> area 2.
        const RleMask m = mask_of({"100", "010", "000"});
        const PolygonSet p = rle_to_polygons(m);
        REQUIRE(p.rings.size() == 1);
        CHECK(str(p.rings[0]) == "(0,0) (1,0) (1,1) (2,1) (2,2) (1,2) (1,1) (0,1)");
        CHECK(area(p) == 2.0);
        CHECK(rasterize(p, 3, 3) == m);
    }
    SUBCASE("holes are filled; blobs inside holes are dropped") {
        // A 3x3 block with its centre missing: the outer ring only, area 9 (mask area 8).
        const RleMask ring_mask = mask_of({"00000", "01110", "01010", "01110", "00000"});
        const PolygonSet p = rle_to_polygons(ring_mask);
        REQUIRE(p.rings.size() == 1);
        CHECK(str(p.rings[0]) == "(1,1) (4,1) (4,4) (1,4)");
        CHECK(area(ring_mask) == 8.0);
        CHECK(area(p) == 9.0);
        // A pixel inside the hole of a 5x5 frame is not an outer contour.
        const RleMask nested =
            mask_of({"0000000", "0111110", "0100010", "0101010", "0100010", "0111110", "0000000"});
        const PolygonSet q = rle_to_polygons(nested);
        REQUIRE(q.rings.size() == 1);
        CHECK(str(q.rings[0]) == "(1,1) (6,1) (6,6) (1,6)");
    }
    SUBCASE("components touching the image border") {
        const RleMask full{2, 3, {0, 6}};
        const PolygonSet p = rle_to_polygons(full);
        REQUIRE(p.rings.size() == 1);
        CHECK(str(p.rings[0]) == "(0,0) (3,0) (3,2) (0,2)");
    }
}

TEST_CASE("polygon: rasterize(rle_to_polygons(m)) is m with its holes filled") {
    std::mt19937 rng(99);
    std::uniform_int_distribution<int> side(1, 24);
    const double switch_ps[] = {0.05, 0.3, 0.6};
    const double start_ps[] = {0.5, 0.3, 0.2};
    for (int trial = 0; trial < 300; ++trial) {
        const int h = side(rng), w = side(rng);
        // Markov runs along columns give blobs, diagonal contacts, holes and nested blobs.
        const auto pixels = random_mask(rng, std::size_t(h) * w, switch_ps[trial % 3], start_ps[trial % 3]);
        const RleMask mask = rle_encode(pixels.data(), h, w);
        const PolygonSet polygons = rle_to_polygons(mask);
        CAPTURE(trial);
        CHECK(rasterize(polygons, h, w).counts == naive_counts(fill_holes(pixels, h, w)));
        for (const auto& ring : polygons.rings) {
            CHECK(ring.size() >= 4);
            // Vertices are pixel corners inside the image.
            for (const Point& p : ring) {
                CHECK(p.x == std::floor(p.x));
                CHECK(p.y == std::floor(p.y));
                CHECK(p.x >= 0);
                CHECK(p.x <= w);
                CHECK(p.y >= 0);
                CHECK(p.y <= h);
            }
        }
    }
}
