#pragma once
// The pieces of `labelkit report`'s page (ops/html_report.hpp): escaping, embedded pictures,
// tables, and the page around the sections, with its style and Content-Security-Policy.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/ops/draw.hpp"

namespace labelkit::html {

// Text from the input as HTML text or attribute value: & < > " ' escaped, control characters
// other than tab and newline replaced by U+FFFD.
std::string escape(std::string_view text);

// <img> of the picture, embedded as a PNG data: URI, with its size and alt text.
std::string picture(const Picture& picture, std::string_view alt);
std::string png_image(const std::vector<std::uint8_t>& png, std::uint32_t width, std::uint32_t height,
                      std::string_view alt);

// A table of text cells (escaped here). Cells that read as numbers are aligned right.
std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

// A value of a statistic: three decimals, "undefined" when there is none.
std::string number(double value);

struct Section {
    std::string id;     // the element's id, for the contents' links
    std::string title;  // text
    std::string body;   // HTML
    int level = 2;      // h2, or h3 within the section before
};

// The whole page: the head (charset, Content-Security-Policy that allows nothing but data:
// images and the inline style), the title, the contents, the sections.
std::string page(std::string_view title, std::string_view intro_html, const std::vector<Section>& sections);

}  // namespace labelkit::html
