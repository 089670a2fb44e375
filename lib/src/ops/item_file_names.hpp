#pragma once
// Items that labelling platforms name by URL or absolute path (Label Studio "/data/upload/1/a.jpg",
// SageMaker "s3://bucket/a.jpg", Scale "https://host/a.png?sig=...") get a file name of their own
// before a format that names files after its items writes them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"

namespace labelkit {

// Whether the item path is a URL ("scheme://...") or an absolute path ("/a.jpg", "\a.jpg",
// "C:\a.jpg", "C:/a.jpg").
bool is_url_or_absolute(std::string_view path);

// The file name a URL or absolute path gives: the last segment of its path, without query
// ("?...") and fragment ("#..."), percent-decoded except where that would give a separator or a
// control character. Label Studio local files ("/data/local-files/?d=dir/a.jpg") give the name
// their d parameter ends with, as label-studio-converter reads them. "" when nothing names a
// file ("https://host/").
std::string file_name_of_reference(std::string_view reference);

// The file name each item named by URL or absolute path gets: file_name_of_reference, unique
// without extension among all items ("a.jpg", then "a__2.jpg", "a__3.jpg" in item order; numbered
// says so); "" for a reference that names no file. Items with a control character are left out
// (the writers refuse them). What convert writes, and how agree matches such items to files.
struct FileName {
    std::uint32_t item = 0;
    std::string name;
    bool numbered = false;
};
std::vector<FileName> file_names_of_references(const Dataset& dataset);

// Renames the items whose path is a URL or absolute path to file_name_of_reference, unique
// without their extension among all items ("a.jpg", then "a__2.jpg", "a__3.jpg" in item order),
// and warns once with counts (convert/item-names, convert/duplicate-item-names). A COCO target
// keeps the reference in the image's "coco_url", where pycocotools downloads it from. A path with
// a control character is left for the writer to refuse; Label Studio, which names its tasks'
// images by URL, keeps every path as it is. Throws labelkit::Error for a reference that names no
// file.
void name_items_as_files(Dataset& dataset, const Format& target, DiagnosticSink& sink);

}  // namespace labelkit
