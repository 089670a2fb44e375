#pragma once
// Runs a reader on the fuzzed input twice, strictly (convert) and leniently (lint): a
// labelkit::Error is an expected outcome, anything else a finding.
#include "labelkit/diagnostics.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"

template <typename Read>
void read_strictly_and_leniently(const Read& read) {
    for (const bool lenient : {false, true}) {
        labelkit::ReadOptions options;
        options.lenient = lenient;
        labelkit::DiagnosticSink sink;
        try {
            read(options, sink);
        } catch (const labelkit::Error&) {
        }
    }
}
