// The page of `labelkit report`: escaping, embedded PNGs, tables and the page around the sections.
#include "ops/html_page.hpp"

#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace labelkit::html {

namespace {

std::string base64(const std::vector<std::uint8_t>& bytes) {
    static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const std::uint32_t group = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        for (int shift = 18; shift >= 0; shift -= 6) out += digits[(group >> shift) & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        const std::uint32_t group = (std::uint32_t{bytes[i]} << 16) | (rest == 2 ? std::uint32_t{bytes[i + 1]} << 8 : 0);
        out += digits[(group >> 18) & 63];
        out += digits[(group >> 12) & 63];
        out += rest == 2 ? digits[(group >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

bool numeric(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ',' || c == '%')) return false;
    return true;
}

// No network, no script: anything the page would fetch is refused, and said on the console.
constexpr const char* content_security_policy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

constexpr const char* style = R"(
body { font: 15px/1.45 system-ui, sans-serif; color: #1d1d1f; margin: 0 auto; max-width: 1180px; padding: 0 24px 48px; }
h1 { font-size: 26px; margin: 28px 0 6px; }
h2 { font-size: 21px; margin: 36px 0 8px; padding-top: 12px; border-top: 2px solid #d0d4da; }
h3 { font-size: 17px; margin: 22px 0 6px; }
nav ul { margin: 4px 0; padding-left: 20px; columns: 2; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 14px; }
th, td { border: 1px solid #d0d4da; padding: 3px 9px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.more td { font-style: italic; color: #555; }
.error { color: #b3261e; font-weight: 600; }
.warning { color: #8a5a00; font-weight: 600; }
.info { color: #2f5f9e; }
.muted { color: #666; }
pre { background: #f6f8fa; padding: 10px; overflow-x: auto; font-size: 13px; }
figure { display: inline-block; margin: 0 14px 14px 0; vertical-align: top; }
figcaption { font-size: 13px; max-width: 640px; overflow-wrap: anywhere; }
img { max-width: 100%; height: auto; border: 1px solid #d0d4da; }
.plots img { max-width: 560px; }
code { overflow-wrap: anywhere; }
)";

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default:
                if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
                    out += "\xEF\xBF\xBD";
                else
                    out += c;
        }
    }
    return out;
}

std::string png_image(const std::vector<std::uint8_t>& png, std::uint32_t width, std::uint32_t height,
                      std::string_view alt) {
    return fmt::format(R"(<img src="data:image/png;base64,{}" width="{}" height="{}" alt="{}">)", base64(png), width,
                       height, escape(alt));
}

std::string picture(const Picture& picture, std::string_view alt) {
    return png_image(encode_png(picture), picture.width, picture.height, alt);
}

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    std::string out = "<table>\n<tr>";
    for (const std::string& name : header) out += "<th>" + escape(name) + "</th>";
    out += "</tr>\n";
    for (const std::vector<std::string>& row : rows) {
        out += "<tr>";
        for (const std::string& cell : row) out += (numeric(cell) ? "<td class=\"n\">" : "<td>") + escape(cell) + "</td>";
        out += "</tr>\n";
    }
    return out + "</table>\n";
}

std::string number(double value) { return std::isfinite(value) ? fmt::format("{:.3f}", value) : "undefined"; }

std::string page(std::string_view title, std::string_view intro_html, const std::vector<Section>& sections) {
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n{}\n",
        content_security_policy, escape(title), style, escape(title), intro_html);
    out += "<nav><ul>\n";
    for (const Section& section : sections)
        if (section.level == 2)
            out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", escape(section.id), escape(section.title));
    out += "</ul></nav>\n";
    bool open = false;  // a level-2 section is open
    for (const Section& section : sections) {
        if (section.level == 2 && open) out += "</section>\n";
        out += fmt::format("<section id=\"{}\">\n<h{}>{}</h{}>\n{}", escape(section.id), section.level,
                           escape(section.title), section.level, section.body);
        if (section.level == 2)
            open = true;
        else
            out += "</section>\n";
    }
    if (open) out += "</section>\n";
    return out + "</body>\n</html>\n";
}

}  // namespace labelkit::html
