// The lint rules of the MOTChallenge reader (reported when it reads leniently).
#include "formats/mot/mot_private.hpp"

namespace labelkit::mot {

std::vector<RuleInfo> rules() {
    return {
        make_rule("mot/field-count", Severity::error,
                  "A gt.txt line has neither 7, 9 nor 10 comma-separated fields.",
                  "Fix the line; it is skipped."),
        make_rule("mot/not-a-number", Severity::error,
                  "A field is not a number, frame or id is not an integer, or the box size is negative.",
                  "Fix the field; the line is skipped."),
        make_rule("mot/frame-range", Severity::error, "A frame number is below 1 (MOT frames start at 1).",
                  "Number frames from 1; the line is skipped."),
        make_rule("mot/unknown-class", Severity::error,
                  "A class id is not among the classes (labels.txt's lines, or MOT17's 12 without it).",
                  "Add the class to labels.txt or fix the id; the line is skipped."),
        make_rule("mot/seqinfo", Severity::error,
                  "A seqinfo.ini line is not key=value nor a [section], or seqLength is over a million frames.",
                  "Fix the line; seqinfo.ini (or its seqLength) is not used."),
        make_rule("mot/box-outside-image", Severity::warning,
                  "A box reaches outside seqinfo's imWidth x imHeight (common for people entering or leaving the frame).",
                  "Check the box; it is read as it is."),
        make_rule("mot/duplicate-id", Severity::warning, "A frame has the same track id twice.",
                  "Give each object of a frame its own id; both are read."),
        make_rule("mot/never-visible", Severity::warning,
                  "Every row of a track has conf 0: the track is never an object.",
                  "Set conf 1 where it should count, or remove the track."),
        make_rule("mot/ignored-rows", Severity::warning,
                  "Rows with conf 0 (not to be considered) are not objects and are left out.",
                  "Nothing to fix; they are lost when converting."),
    };
}

}  // namespace labelkit::mot
