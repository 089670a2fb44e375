#pragma once
// libtiff opened as labelkit opens it everywhere (the probe, draw's decoder): its messages about
// a damaged file silenced, as the caller's result says what went wrong, and no single allocation
// of more than 64 MB, so that a few header bytes cannot ask for gigabytes.
#include <cstdarg>
#include <memory>

#include <tiffio.h>

namespace labelkit {

constexpr tmsize_t tiff_max_allocation = tmsize_t{64} << 20;

struct TiffOptionsDeleter {
    void operator()(TIFFOpenOptions* options) const { TIFFOpenOptionsFree(options); }
};
struct TiffCloser {
    void operator()(TIFF* tiff) const { TIFFClose(tiff); }
};
using TiffOptions = std::unique_ptr<TIFFOpenOptions, TiffOptionsDeleter>;
using TiffHandle = std::unique_ptr<TIFF, TiffCloser>;

// Returning 1 tells libtiff the message was handled.
inline int ignore_tiff_message(TIFF*, void*, const char*, const char*, va_list) { return 1; }

// The options for TIFFOpenExt and TIFFClientOpenExt; null when libtiff cannot allocate them.
inline TiffOptions tiff_open_options() {
    TiffOptions options(TIFFOpenOptionsAlloc());
    if (!options) return options;
    TIFFOpenOptionsSetErrorHandlerExtR(options.get(), &ignore_tiff_message, nullptr);
    TIFFOpenOptionsSetWarningHandlerExtR(options.get(), &ignore_tiff_message, nullptr);
    TIFFOpenOptionsSetMaxSingleMemAlloc(options.get(), tiff_max_allocation);
    return options;
}

}  // namespace labelkit
