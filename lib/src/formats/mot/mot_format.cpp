// The "mot" format descriptor: MOTChallenge ground truth (<seq>/gt/gt.txt, seqinfo.ini, img1/),
// with CVAT's labels.txt. See mot_private.hpp for the 1-based coordinates.
#include "formats/mot/mot_format.hpp"

#include "formats/mot/mot_private.hpp"

namespace labelkit {

Format make_mot_format() {
    Format format;
    format.name = "mot";
    format.description = "MOTChallenge: <seq>/gt/gt.txt (frame, id, box, conf, class, visibility), seqinfo.ini, img1/";
    format.stores = Capabilities{};
    format.stores.boxes = true;
    format.stores.attributes = true;  // visibility only
    format.stores.scores = true;
    format.stores.image_sizes = true;
    format.stores.subsets = false;
    format.stores.tracks = true;
    format.detect = mot::detect;
    format.read = mot::read;
    format.write = mot::write;
    format.rules = mot::rules();
    return format;
}

}  // namespace labelkit
