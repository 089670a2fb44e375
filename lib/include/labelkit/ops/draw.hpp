#pragma once
// `labelkit draw`: the annotations drawn on their images, one PNG per image and a contact sheet;
// with several annotators (compare), each annotator's shapes in its own colour on one picture.
// The pieces (reading an image, drawing an item's annotations, the palette, PNG encoding) are
// public for the other commands that draw (stats, report).
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"

namespace labelkit {

class AlignedAnnotators;

struct Rgb {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    bool operator==(const Rgb&) const = default;
};

// The 20 colours of Ultralytics' palette (ultralytics.utils.plotting.Colors), in its order.
const std::array<Rgb, 20>& class_palette();
// The colours of classes, by name: each name goes to the palette slot its FNV-1a hash picks,
// or, when an earlier name (in sorted order) took that slot, the next free one; with more
// names than slots, slots are shared. The same set of names always gets the same colours.
// Returns one colour per name, in the order given.
std::vector<Rgb> class_colours(const std::vector<std::string>& names);
// The colour of the n-th annotator in compare mode: annotator_colours colours far apart, then again.
constexpr std::size_t annotator_colours = 8;
Rgb annotator_colour(std::size_t index);

// An RGB picture, 8 bits per channel, rows top to bottom, no padding.
struct Picture {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> rgb;

    static Picture blank(std::uint32_t width, std::uint32_t height, Rgb colour);
};

// The image file decoded: JPEG (libjpeg), PNG, BMP, GIF, TGA (stb_image), WebP (libwebp), TIFF
// (libtiff), as its pixels are stored (EXIF orientation is not applied: labels are drawn in the
// stored pixels' frame). nullopt with `error` set when the file cannot be read or decoded, or
// has more than limits::max_raster_pixels pixels. A picture decoded past damage (libjpeg's
// warnings about corrupt data: the rest filled in) is returned with `damage` set.
std::optional<Picture> read_picture(const std::filesystem::path& file, std::string& error, std::string& damage);

// How one annotation is drawn: its outline and fill colour, and the text of its label ("" for
// none).
struct Stroke {
    Rgb colour;
    std::string label;
};

// Draws annotations on the picture: boxes, polygons and masks (filled at 50 % opacity, then
// outlined), oriented boxes, keypoints (with the skeleton of their category), and the label
// text on a tag of the stroke's colour above the box. Line width and text size follow the
// picture's size as Ultralytics' Annotator does. `strokes` has one entry per annotation;
// `categories` are those the annotations' category indices refer to (for the skeletons).
void draw_annotations(Picture& picture, std::span<const Category> categories,
                      std::span<const Annotation* const> annotations, std::span<const Stroke> strokes);

// A band below the picture naming each colour (compare mode: the annotators), the picture
// widened to 240 pixels when narrower. False, the picture left as it is, when the picture with
// the band would have more than limits::max_raster_pixels pixels.
bool add_legend(Picture& picture, const std::vector<std::pair<std::string, Rgb>>& entries);

// Thumbnails of the pictures in a grid, each with its name below: the contact sheet. Pictures
// that fit in sheet_thumbnail_side are shown as they are (pass thumbnail(picture,
// sheet_thumbnail_side)), larger ones are scaled down here.
constexpr std::uint32_t sheet_thumbnail_side = 192;
Picture contact_sheet(const std::vector<std::pair<std::string, Picture>>& thumbnails);
// The picture scaled down to fit a square of `side` pixels (never scaled up).
Picture thumbnail(const Picture& picture, std::uint32_t side);

// The picture as an 8-bit RGB PNG (zlib, Paeth-filtered rows).
std::vector<std::uint8_t> encode_png(const Picture& picture);

// Images of several annotators drawn as `draw --compare` draws them: each annotator's shapes in
// its colour, the legend below. `items` are indices into aligned.items(); an image that cannot be
// read is drawn on a grey canvas (blank), one that cannot be drawn at all is left out; either
// is warned of as draw warns (rules draw/...).
struct ComparedPicture {
    std::size_t item = 0;  // its index in aligned.items(), one of `items`
    std::string name;      // the item, as aligned.items() names it
    Picture picture;
    bool blank = false;
};
std::vector<ComparedPicture> draw_compared(const AlignedAnnotators& aligned, const std::vector<std::size_t>& items,
                                           DiagnosticSink& sink);

// The command.
struct DrawOptions {
    std::vector<std::filesystem::path> inputs;  // one dataset, or with compare two or more
    bool compare = false;                       // inputs are annotators of the same images
    std::string from;                           // the inputs' format's name; "" to detect it
    ReadOptions read;
    std::vector<std::string> names;       // compare: annotators' names in input order
    std::vector<std::string> annotators;  // compare, datasets that name annotators: those drawn
    std::filesystem::path output;         // the folder written
    // Which images: names (as `agree` lists them) or glob patterns (fnmatch, '*' crosses '/'),
    // and "@FILE" for a file of such names, one a line (agree's "images that agree least" lines
    // and agree's JSON report are taken as they are). Empty: all.
    std::vector<std::string> images;
    std::optional<std::size_t> max;  // at most this many images, at least 1 (nothing: all)
    bool sheet = true;    // write contact_sheet.png
    bool overwrite = false;
};

struct DrawnImage {
    std::string name;  // the image, as selected (path, or subset/path)
    std::string file;  // the PNG written, relative to the output folder
    bool blank = false;  // drawn on a blank canvas: the image was not found or not readable
};

struct DrawResult {
    std::vector<DrawnImage> images;
    std::size_t selected = 0;      // images that --images selected (before --max)
    std::size_t on_sheet = 0;      // images on the contact sheet (0: no sheet)
    std::string rendered;          // the summary the CLI prints
};

// The contact sheet holds the first this many images.
constexpr std::size_t max_sheet_images = 100;
constexpr const char* contact_sheet_name = "contact_sheet.png";

// Throws labelkit::Error for inputs that cannot be read, --images that select nothing, a max of 0, and an
// output folder that may not be written (see labelkit/output.hpp).
DrawResult draw(const DrawOptions& options, DiagnosticSink& sink);

}  // namespace labelkit
