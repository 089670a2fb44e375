#pragma once
// What labelkit.load returns (load.cpp builds it, dataset.cpp binds it as labelkit.Dataset), and
// what convert() and split() return of the dataset they wrote.
#include <memory>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/model.hpp"

namespace labelkit::python {

// A dataset as read, and how it was read. Never changed once loaded: the Dataset object and
// every list, image, annotation and category taken from it share it.
struct LoadedData {
    Dataset dataset;
    std::string format;            // the name of the format it was read as (or written in)
    std::string detection_reason;  // why that format was detected; empty when it was named
    std::vector<Diagnostic> diagnostics;  // what reading (or the whole operation) reported
};

}  // namespace labelkit::python
